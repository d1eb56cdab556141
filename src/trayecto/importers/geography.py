"""Reference geography: DANE DIVIPOLA, OCHA P-codes and DANE MGN 2018 boundaries.

Each loader reads one official file, checks every row, and publishes its tables whole in
one manifest swap (or refuses the file and publishes nothing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import files
from trayecto.importers.files import row_error, row_warning
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

DEPARTMENT_SCHEMA = pa.schema(
    [("code", pa.string()), ("name", pa.string()), ("pcode", pa.string())]
)
MUNICIPALITY_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name", pa.string()),
        ("department_code", pa.string()),
        ("department_name", pa.string()),
        ("type", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("pcode", pa.string()),
        ("status", pa.string()),
        ("parent_code", pa.string()),
        ("note", pa.string()),
    ]
)
PCODE_SCHEMA = pa.schema(
    [
        ("pcode", pa.string()),
        ("admin_level", pa.int32()),
        ("name", pa.string()),
        ("parent_pcode", pa.string()),
        ("dane_code", pa.string()),
    ]
)
MUNICIPALITY_BOUNDARY_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("department_code", pa.string()),
        ("name", pa.string()),
        ("area_km2", pa.float64()),
        ("geometry", pa.string()),
    ]
)
DEPARTMENT_BOUNDARY_SCHEMA = pa.schema(
    [("code", pa.string()), ("name", pa.string()), ("geometry", pa.string())]
)

# Colombia's bounding box with a margin (San Andrés lies far to the north-west).
LATITUDE_RANGE = (-4.5, 16.5)
LONGITUDE_RANGE = (-82.0, -66.5)


# =========================================================================== DIVIPOLA
DIVIPOLA_COLUMNS = ("COD_DPTO", "NOM_DPTO", "COD_MPIO", "NOM_MPIO", "TIPO", "LATITUD", "LONGITUD")
DIVIPOLA_WHAT = "DANE DIVIPOLA 'Códigos municipios geolocalizados' as CSV (datos.gov.co gdxc-w37w)"


def _coordinate(value: str, bounds: tuple[float, float]) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if bounds[0] <= number <= bounds[1] else None


def load_divipola(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
    """DIVIPOLA -> `department` and `municipality` (with the known changes added)."""
    report = ImportReport(source="divipola")
    try:
        csv_rows = files.read_csv(path, DIVIPOLA_COLUMNS, what=DIVIPOLA_WHAT)
    except FileProblem as exc:
        return files.refused("divipola", exc, dry_run=dry_run)
    report.rows_read = len(csv_rows.rows)

    departments: dict[str, str] = {}
    municipalities: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for line, row in csv_rows.rows:
        problems = _divipola_row_problems(line, row)
        if problems:
            report.add(problems)
            report.rows_rejected += 1
            continue
        dept = geo.department_code(row["COD_DPTO"])
        code = geo.municipality_code(row["COD_MPIO"])
        assert dept is not None
        assert code is not None
        dept_name = geo.proper_case(row["NOM_DPTO"])
        if departments.setdefault(dept, dept_name) != dept_name:
            report.add(
                [
                    row_error(
                        line,
                        "NOM_DPTO",
                        row["NOM_DPTO"],
                        f"department {dept} is named {departments[dept]!r} on earlier lines; "
                        "one code, one name",
                    )
                ]
            )
            report.rows_rejected += 1
            continue
        if code in municipalities:
            report.add(
                [
                    row_error(
                        line,
                        "COD_MPIO",
                        row["COD_MPIO"],
                        f"duplicate municipality code {code} (first on line {first_line[code]}); "
                        "each code must appear once",
                    )
                ]
            )
            report.rows_rejected += 1
            continue
        first_line[code] = line
        change = geo.known_change(code)
        municipalities[code] = {
            "code": code,
            "name": geo.proper_case(row["NOM_MPIO"]),
            "department_code": dept,
            "department_name": dept_name,
            "type": row["TIPO"].strip(),
            "latitude": float(row["LATITUD"]),
            "longitude": float(row["LONGITUD"]),
            "pcode": geo.pcode_for(code),
            "status": "current",
            "parent_code": None,
            "note": change.note if change else None,
        }
        report.rows_imported += 1

    # Units other sources still use (or already use): known, never rejected.
    for change in geo.KNOWN_CHANGES:
        if change.code in municipalities or change.department_code not in departments:
            continue
        municipalities[change.code] = {
            "code": change.code,
            "name": change.name,
            "department_code": change.department_code,
            "department_name": departments[change.department_code],
            "type": change.type,
            "latitude": None,
            "longitude": None,
            "pcode": geo.pcode_for(change.code),
            "status": change.status,
            "parent_code": change.parent_code,
            "note": change.note + " Fuentes: " + "; ".join(change.sources),
        }
    department_table = pa.Table.from_pylist(
        [{"code": c, "name": n, "pcode": geo.pcode_for(c)} for c, n in sorted(departments.items())],
        schema=DEPARTMENT_SCHEMA,
    )
    municipality_table = pa.Table.from_pylist(
        [municipalities[c] for c in sorted(municipalities)], schema=MUNICIPALITY_SCHEMA
    )
    report.details["known_changes_added"] = sorted(
        c.code
        for c in geo.KNOWN_CHANGES
        if municipalities.get(c.code, {}).get("status") != "current"
    )
    match = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
    vintage = f"{match[1]}-{match[2]}-{match[3]}" if match else "unknown"
    return files.publish_reference(
        report,
        warehouse,
        {"department": department_table, "municipality": municipality_table},
        vintage=vintage,
        sha256=files.sha256_of(path),
        dry_run=dry_run,
    )


def _divipola_row_problems(line: int, row: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    dept = geo.department_code(row["COD_DPTO"])
    code = geo.municipality_code(row["COD_MPIO"])
    if dept is None:
        problems.append(
            row_error(
                line,
                "COD_DPTO",
                row["COD_DPTO"],
                "expected a department code of 1-2 digits (5 or 05 for Antioquia)",
            )
        )
    if code is None or len(row["COD_MPIO"].strip()) > 5:
        problems.append(
            row_error(
                line,
                "COD_MPIO",
                row["COD_MPIO"],
                "expected a municipality code of 4-5 digits (5001 or 05001 for Medellín)",
            )
        )
    elif dept is not None and geo.department_of(code) != dept:
        problems.append(
            row_error(
                line,
                "COD_MPIO",
                row["COD_MPIO"],
                f"municipality code {code} does not start with its department code {dept}",
            )
        )
    for column in ("NOM_DPTO", "NOM_MPIO"):
        if not row[column].strip():
            problems.append(row_error(line, column, "", "expected a name; the cell is empty"))
    if row["TIPO"].strip() not in geo.MUNICIPALITY_TYPES:
        problems.append(
            row_error(
                line, "TIPO", row["TIPO"], f"expected one of {', '.join(geo.MUNICIPALITY_TYPES)}"
            )
        )
    for column, bounds in (("LATITUD", LATITUDE_RANGE), ("LONGITUD", LONGITUDE_RANGE)):
        if _coordinate(row[column], bounds) is None:
            problems.append(
                row_error(
                    line,
                    column,
                    row[column],
                    f"expected decimal degrees between {bounds[0]} and {bounds[1]} "
                    "(WGS84, point of the head town)",
                )
            )
    point = row.get("Geo Municipio")
    if point is not None and not problems and not _same_point(point, row):
        problems.append(
            row_error(
                line,
                "Geo Municipio",
                point,
                f"expected POINT ({row['LONGITUD']} {row['LATITUD']}), the same point as "
                "LONGITUD and LATITUD; a cut or edited line?",
            )
        )
    return problems


POINT = re.compile(r"^POINT \(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$")


def _same_point(point: str, row: dict[str, str]) -> bool:
    """DIVIPOLA repeats the head-town point as WKT; both must agree."""
    match = POINT.match(point.strip())
    if match is None:
        return False
    return (
        abs(float(match[1]) - float(row["LONGITUD"])) < 1e-6
        and abs(float(match[2]) - float(row["LATITUD"])) < 1e-6
    )


# =========================================================================== P-codes
PCODE_COLUMNS = ("Admin Level", "P-Code", "Name", "Parent P-Code")
PCODE_WHAT = "OCHA global P-codes (admin 1-2) CSV with Colombia's rows"


def load_pcodes(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
    """OCHA P-codes -> `pcode`, checked against `municipality` (differences as warnings)."""
    report = ImportReport(source="pcodes")
    try:
        csv_rows = files.read_csv(path, PCODE_COLUMNS, what=PCODE_WHAT)
    except FileProblem as exc:
        return files.refused("pcodes", exc, dry_run=dry_run)
    has_location = "Location" in csv_rows.header
    records: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    vintages: set[str] = set()
    for line, row in csv_rows.rows:
        if has_location and row["Location"].strip() not in ("COL", ""):
            continue  # the global list: other countries are not rows of this import
        report.rows_read += 1
        pcode = row["P-Code"].strip().upper()
        level = row["Admin Level"].strip()
        problem = None
        if not geo.PCODE.match(pcode):
            problem = row_error(
                line,
                "P-Code",
                pcode,
                "expected CO + a 2-digit (admin 1) or 5-digit (admin 2) DANE code",
            )
        elif level not in ("1", "2") or len(pcode) != (4 if level == "1" else 7):
            problem = row_error(
                line,
                "Admin Level",
                level,
                f"expected 1 for a 2-digit P-code or 2 for a 5-digit one ({pcode})",
            )
        elif pcode in records:
            problem = row_error(
                line, "P-Code", pcode, f"duplicate P-code (first on line {first_line[pcode]})"
            )
        elif level == "2" and row["Parent P-Code"].strip() != pcode[:4]:
            problem = row_error(
                line,
                "Parent P-Code",
                row["Parent P-Code"],
                f"expected {pcode[:4]}, the department of {pcode}",
            )
        if problem is not None:
            report.add([problem])
            report.rows_rejected += 1
            continue
        first_line[pcode] = line
        vintages.add(row.get("Valid from date", "").strip())
        records[pcode] = {
            "pcode": pcode,
            "admin_level": int(level),
            "name": row["Name"].strip(),
            "parent_pcode": row["Parent P-Code"].strip(),
            "dane_code": pcode[2:],
        }
        report.rows_imported += 1
    if report.rows_read == 0 and not report.problems:
        report.add([row_error(0, "Location", "", "no Colombian rows (Location = COL) in the file")])
    report.add(_pcode_consistency(list(records.values()), warehouse))
    table = pa.Table.from_pylist([records[p] for p in sorted(records)], schema=PCODE_SCHEMA)
    return files.publish_reference(
        report,
        warehouse,
        {"pcode": table},
        vintage=", ".join(sorted(v for v in vintages if v)) or "unknown",
        sha256=files.sha256_of(path),
        dry_run=dry_run,
    )


def _pcode_consistency(records: list[dict[str, Any]], warehouse: Warehouse) -> list[Problem]:
    """P-codes vs DIVIPOLA: each difference is a warning that says whether it is known."""
    if not warehouse.has("municipality"):
        return [
            row_warning(
                0,
                "P-Code",
                "",
                "no `municipality` table yet: import divipola "
                "first to check the P-codes against DIVIPOLA",
            )
        ]
    con = warehouse.connect()
    known = {r["code"]: r for r in query_rows(con, "select code, name, status from municipality")}
    con.close()
    admin2 = {r["dane_code"]: r for r in records if r["admin_level"] == 2}
    warnings: list[Problem] = []
    for code in sorted(admin2.keys() - known.keys()):
        warnings.append(
            row_warning(
                0,
                "P-Code",
                admin2[code]["pcode"],
                f"P-code of {admin2[code]['name']} has no DIVIPOLA municipality {code}",
            )
        )
    for code in sorted(known.keys() - admin2.keys()):
        unit = known[code]
        reason = " (a new municipality, known)" if unit["status"] == "new" else ""
        warnings.append(
            row_warning(
                0,
                "P-Code",
                geo.pcode_for(code),
                f"DIVIPOLA municipality {code} {unit['name']} has no P-code{reason}",
            )
        )
    for code in sorted(admin2.keys() & known.keys()):
        unit = known[code]
        if unit["status"] == "historical":
            warnings.append(
                row_warning(
                    0,
                    "P-Code",
                    admin2[code]["pcode"],
                    f"{code} {unit['name']} is historical in DIVIPOLA (known change); "
                    "the P-code list still has it",
                )
            )
        elif geo.compact_name(unit["name"]) != geo.compact_name(admin2[code]["name"]):
            warnings.append(
                row_warning(
                    0,
                    "Name",
                    admin2[code]["name"],
                    f"P-code name differs from DIVIPOLA {code} {unit['name']!r}",
                )
            )
    return warnings


# =========================================================================== MGN 2018
MGN_MUNICIPAL_LAYER = "MGN_MPIO_POLITICO"
MGN_DEPARTMENT_LAYER = "MGN_DPTO_POLITICO"
MGN_DEPARTMENT_FILE = "co_2018_MGN_DPTO_POLITICO.geojson"
MGN_WHAT = (
    "DANE MGN 2018 boundaries: the municipal GeoJSON (with "
    f"{MGN_DEPARTMENT_FILE} beside it) or the TopoJSON with both layers"
)


def load_mgn2018(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
    """MGN 2018 -> `municipality_boundary` and `department_boundary`.

    Reads the municipal GeoJSON together with the departmental GeoJSON in the same folder,
    or one TopoJSON file holding both layers; both give the same tables.
    """
    report = ImportReport(source="mgn2018")
    try:
        data = files.read_json(path, what=MGN_WHAT)
        if isinstance(data, dict) and data.get("type") == "Topology":
            layers = topojson_layers(path, data)
            read = [path]
        else:
            dept_path = path.with_name(MGN_DEPARTMENT_FILE)
            layers = {
                MGN_MUNICIPAL_LAYER: _geojson_features(path, data),
                MGN_DEPARTMENT_LAYER: _geojson_features(
                    dept_path, files.read_json(dept_path, what=MGN_WHAT)
                ),
            }
            read = [path, dept_path]
    except FileProblem as exc:
        return files.refused("mgn2018", exc, dry_run=dry_run)

    municipal = layers[MGN_MUNICIPAL_LAYER]
    departmental = layers[MGN_DEPARTMENT_LAYER]
    report.rows_read = len(municipal) + len(departmental)
    municipalities = _boundary_rows(report, municipal, municipal=True)
    departments = _boundary_rows(report, departmental, municipal=False)
    report.add(_boundary_consistency(municipalities, warehouse))
    return files.publish_reference(
        report,
        warehouse,
        {
            "municipality_boundary": pa.Table.from_pylist(
                municipalities, schema=MUNICIPALITY_BOUNDARY_SCHEMA
            ),
            "department_boundary": pa.Table.from_pylist(
                departments, schema=DEPARTMENT_BOUNDARY_SCHEMA
            ),
        },
        vintage="2018",
        sha256=files.sha256_of(*read),
        dry_run=dry_run,
    )


Feature = dict[str, Any]


def _geojson_features(path: Path, data: Any) -> list[Feature]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FileProblem(str(path), f"expected a GeoJSON FeatureCollection: {MGN_WHAT}")
    features: list[Feature] = data.get("features") or []
    return features


def _boundary_rows(
    report: ImportReport, features: list[Feature], *, municipal: bool
) -> list[dict[str, Any]]:
    """Check each feature (1-based position in its layer as the row) and build table rows."""
    key = "MPIO_CCNCT" if municipal else "DPTO_CCDGO"
    layer = MGN_MUNICIPAL_LAYER if municipal else MGN_DEPARTMENT_LAYER
    out: dict[str, dict[str, Any]] = {}
    first: dict[str, int] = {}
    for position, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        raw = props.get(key)
        code = (
            (geo.municipality_code(raw) if municipal else geo.department_code(raw))
            if isinstance(raw, str)
            else None
        )
        expected = "5-digit MPIO_CCNCT" if municipal else "2-digit DPTO_CCDGO"
        problem = None
        if code is None or len(str(raw)) != (5 if municipal else 2):
            problem = row_error(position, key, raw, f"{layer}: expected a {expected} code")
        elif code in out:
            problem = row_error(
                position, key, raw, f"{layer}: duplicate code (first as feature {first[code]})"
            )
        elif geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problem = row_error(
                position,
                "geometry",
                geometry.get("type"),
                f"{layer}: expected a Polygon or MultiPolygon",
            )
        if problem is not None:
            report.add([problem])
            report.rows_rejected += 1
            continue
        assert code is not None  # checked above
        first[code] = position
        geometry_json = json_compact(
            {"type": geometry["type"], "coordinates": geometry["coordinates"]}
        )
        if municipal:
            area = props.get("MPIO_NAREA")
            if isinstance(area, int | float):
                report.add(_area_check(position, code, float(area), geometry))
            out[code] = {
                "code": code,
                "department_code": code[:2],
                "name": geo.proper_case(str(props.get("MPIO_CNMBR", ""))),
                "area_km2": float(area) if isinstance(area, int | float) else None,
                "geometry": geometry_json,
            }
        else:
            out[code] = {
                "code": code,
                "name": geo.proper_case(str(props.get("DPTO_CNMBR", ""))),
                "geometry": geometry_json,
            }
        report.rows_imported += 1
    return [out[c] for c in sorted(out)]


# A simplified polygon of a small municipality loses area (Busbanzá keeps 27 %); a large
# municipality that loses most of its area has a damaged polygon (Tumaco in the simplified
# GeoJSON keeps 283 of 3,612 km²), which a map would draw wrongly.
DAMAGED_SHARE = 0.5
DAMAGED_KM2 = 100.0


def _area_check(position: int, code: str, area_km2: float, geometry: Feature) -> list[Problem]:
    drawn = geo.geometry_area_km2(geometry)
    if abs(drawn - area_km2) <= max(DAMAGED_SHARE * area_km2, DAMAGED_KM2):
        return []
    return [
        row_warning(
            position,
            "geometry",
            code,
            f"the polygon of {code} covers {drawn:,.0f} km² but MGN gives {area_km2:,.0f} km² "
            "(MPIO_NAREA): the simplified geometry is damaged; the TopoJSON file draws it whole",
        )
    ]


def _boundary_consistency(rows: list[dict[str, Any]], warehouse: Warehouse) -> list[Problem]:
    if not warehouse.has("municipality"):
        return []
    con = warehouse.connect()
    known = {r["code"]: r for r in query_rows(con, "select code, name, status from municipality")}
    con.close()
    codes = {r["code"] for r in rows}
    warnings = [
        row_warning(0, "MPIO_CCNCT", code, "boundary of a code that DIVIPOLA does not have")
        for code in sorted(codes - known.keys())
    ]
    for code in sorted(known.keys() - codes):
        unit = known[code]
        why = f" ({unit['status']}: inside its parent's polygon)" if unit["status"] == "new" else ""
        warnings.append(
            row_warning(0, "MPIO_CCNCT", code, f"no MGN 2018 boundary for {unit['name']}{why}")
        )
    return warnings


def json_compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------- TopoJSON
def topojson_layers(path: Path, topology: dict[str, Any]) -> dict[str, list[Feature]]:
    """Both MGN layers of a TopoJSON file as GeoJSON features (arcs decoded here).

    TopoJSON stores each boundary line once as an arc (delta-encoded integers when the
    file is quantised); a ring lists arc indexes, a negative index ~i meaning arc i reversed.
    Consecutive arcs share their end point, which is dropped once when joining them.
    """
    objects = topology.get("objects") or {}
    missing = [name for name in (MGN_MUNICIPAL_LAYER, MGN_DEPARTMENT_LAYER) if name not in objects]
    if missing:
        raise FileProblem(
            str(path), f"TopoJSON without the layer(s) {', '.join(missing)}; expected {MGN_WHAT}"
        )
    arcs = decode_arcs(topology)

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    layers: dict[str, list[Feature]] = {}
    for name in (MGN_MUNICIPAL_LAYER, MGN_DEPARTMENT_LAYER):
        features: list[Feature] = []
        for obj in objects[name].get("geometries", []):
            kind = obj.get("type")
            if kind == "Polygon":
                coordinates: Any = [ring(r) for r in obj["arcs"]]
            elif kind == "MultiPolygon":
                coordinates = [[ring(r) for r in polygon] for polygon in obj["arcs"]]
            else:
                coordinates = None
            features.append(
                {
                    "type": "Feature",
                    "properties": obj.get("properties") or {},
                    "geometry": {"type": kind, "coordinates": coordinates},
                }
            )
        layers[name] = features
    return layers


def decode_arcs(topology: dict[str, Any]) -> list[list[list[float]]]:
    transform = topology.get("transform")
    decoded: list[list[list[float]]] = []
    for arc in topology.get("arcs", []):
        if transform is None:
            decoded.append([[float(p[0]), float(p[1])] for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append([x * sx + tx, y * sy + ty])
        decoded.append(points)
    return decoded
