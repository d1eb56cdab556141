"""DANE MGN 2018 boundaries -> `municipality_boundary` and `department_boundary`.

Reads the municipal GeoJSON with the departmental GeoJSON beside it, or one TopoJSON file
with both layers (arcs decoded here); both give the same tables. Each polygon's area is
checked against MGN's own figure, which finds a damaged simplification.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import files
from trayecto.importers.files import row_error, row_warning
from trayecto.importers.finish import Replace, finish
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

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


MGN_MUNICIPAL_LAYER = "MGN_MPIO_POLITICO"
MGN_DEPARTMENT_LAYER = "MGN_DPTO_POLITICO"
MGN_DEPARTMENT_FILE = "co_2018_MGN_DPTO_POLITICO.geojson"
MGN_WHAT = (
    "DANE MGN 2018 boundaries: the municipal GeoJSON (with "
    f"{MGN_DEPARTMENT_FILE} beside it) or the TopoJSON with both layers"
)


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """MGN 2018 -> `municipality_boundary` and `department_boundary`.

    Reads the municipal GeoJSON together with the departmental GeoJSON in the same folder,
    or one TopoJSON file holding both layers; both give the same tables.
    """
    report = ImportReport(source="mgn2018", dry_run=dry_run)
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
        return report.refuse(exc.problem)

    municipal = layers[MGN_MUNICIPAL_LAYER]
    departmental = layers[MGN_DEPARTMENT_LAYER]
    report.rows_read = len(municipal) + len(departmental)
    municipalities = _boundary_rows(report, municipal, municipal=True)
    departments = _boundary_rows(report, departmental, municipal=False)
    report.add(_boundary_consistency(municipalities, warehouse))
    return finish(
        report,
        warehouse,
        Replace(
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
        ),
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
            {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}
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


# 4 decimals of a degree is about 11 m: finer than the simplification (the TopoJSON is
# quantised to 0.0012°), and it halves what a map page sends.
COORDINATE_DECIMALS = 4


def rounded(coordinates: Any) -> Any:
    if isinstance(coordinates, list):
        return [rounded(c) for c in coordinates]
    return round(float(coordinates), COORDINATE_DECIMALS)


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
