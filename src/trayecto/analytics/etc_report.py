"""What the analysis report of one ETC (Secretaría de Educación) says, as plain data: the
institutional framework, the trend of the main indicators, demand by population group,
supply and its gap, official and own needs, and the cooperation present. reports/etc_report.py
renders it (HTML, PDF, XLSX); this module only reads.

A section whose inputs are missing is kept, empty, with `missing` naming the data and the
source to import: the report says what is missing for which section, never fails and never
invents a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from trayecto.analytics import areas, compute, demand, geography, needs, reach, registry, supply
from trayecto.domain.needs import NeedsParameters
from trayecto.domain.supply import SupplyParameters
from trayecto.warehouse import Warehouse, engine

TREND_INDICATORS = (
    "cobertura_neta",
    "tasa_matriculacion_5_16",
    "uis_tasa_fuera_escuela",
    "desercion",
)


class UnknownEtc(LookupError):
    """No ETC has this code in the geography; the message says where to look."""


class UnknownDepartment(LookupError):
    """No department has this code in the geography."""


def section(missing: list[str] | None = None, **content: Any) -> dict[str, Any]:
    return {"missing": missing or [], **content}


Protected = Iterable[Mapping[str, Any]] | None


def gather(
    warehouse: Warehouse, etc_code: str, year: int, protected: Protected = None
) -> dict[str, Any]:
    """Every section of the ETC's report for `year` (figures of other years where a source
    stops earlier are labelled with their own year). `protected`: the affected sedes per
    municipality of the year's emergencies, as needs.run takes them (the web app's)."""
    con, _ = compute.reader(warehouse)
    present = areas.tables(con)
    if "municipality_etc" not in present:
        raise compute.MissingData(
            "the ETC report needs the ETC of each municipality; import the source etc first"
        )
    found = engine.rows(
        con,
        "select municipality_code::varchar as code, etc_name from municipality_etc "
        "where etc_code::varchar = $etc "
        "and year = (select max(year) from municipality_etc where etc_code::varchar = $etc) "
        "order by code",
        {"etc": etc_code},
    )
    if not found:
        raise UnknownEtc(
            f"no ETC has the code {etc_code!r}; `trayecto indicator cobertura_neta --level etc` "
            "lists them"
        )
    area = {"kind": "etc", "code": etc_code, "name": found[0]["etc_name"]}
    return {"etc": {"code": etc_code, "name": found[0]["etc_name"]},
            **sections(warehouse, area, [r["code"] for r in found], year, protected)}  # fmt: skip


def gather_department(
    warehouse: Warehouse, department_code: str, year: int, protected: Protected = None
) -> dict[str, Any]:
    """The same report for a department: every municipality of it, whichever ETC runs its
    schools; trend and OCHA's figures at department level."""
    con, _ = compute.reader(warehouse)
    if "municipality" not in areas.tables(con):
        raise compute.MissingData("the department report needs the geography; import divipola")
    found = engine.rows(
        con,
        "select code::varchar as code from municipality where department_code = $department "
        "order by code",
        {"department": department_code},
    )
    if not found:
        raise UnknownDepartment(f"no department has the code {department_code!r} (two digits)")
    name = areas.area_names(con, "department").get(department_code, department_code)
    area = {"kind": "department", "code": department_code, "name": name}
    return sections(warehouse, area, [r["code"] for r in found], year, protected)


def sections(
    warehouse: Warehouse,
    area: dict[str, str],
    codes_in_order: list[str],
    year: int,
    protected: Protected = None,
) -> dict[str, Any]:
    """Every section of the report of an area (an ETC or a department) and its municipalities."""
    con, version = compute.reader(warehouse)
    present = areas.tables(con)
    names = areas.area_names(con, "municipality")
    municipalities = [{"code": c, "name": names.get(c, c)} for c in codes_in_order]
    codes = set(codes_in_order)
    return {
        "area": area,
        "year": year,
        "manifest_version": version,
        "institutional": institutional(con, present, municipalities, year),
        "trend": trend(warehouse, area["kind"], area["code"]),
        "needs": needs_section(warehouse, area["kind"], area["code"], codes, year, protected),
        "supply": supply_section(warehouse, codes, year),
        "cooperation": cooperation(con, present, codes, year),
        "maps": boundaries(con, present, codes),
    }


def boundaries(con: Any, present: set[str], codes: set[str]) -> dict[str, Any]:
    """The municipal boundaries the report's maps are drawn on (MGN 2018)."""
    if "municipality_boundary" not in present or "municipality" not in present:
        return section(["municipality_boundary (mgn2018): límites municipales para los mapas"])
    found = geography.municipality_map(con, sorted({c[:2] for c in codes}))
    features = [f for f in found["features"] if f["properties"]["code"] in codes]
    return section(boundaries={"type": "FeatureCollection", "features": features})


def institutional(
    con: Any, present: set[str], municipalities: list[dict[str, str]], year: int
) -> dict[str, Any]:
    if "sede" not in present:
        return section(
            ["sede (sede-matricula): sedes por sector y zona"], municipalities=municipalities
        )
    codes = [m["code"] for m in municipalities]
    sedes = engine.rows(
        con,
        "select sector, zone, count(distinct sede_code) as sedes, sum(enrolment)::bigint as "
        "enrolment, bool_or(is_synthetic) as is_synthetic from sede "
        "where municipality_code in (select unnest($codes)) "
        "and year = (select max(year) from sede where year <= $year) "
        "group by sector, zone order by sector, zone",
        {"codes": codes, "year": year},
    )
    missing = [] if sedes else [f"sede (sede-matricula): ninguna sede de la ETC hasta {year}"]
    return section(missing, municipalities=municipalities, sedes=sedes)


def trend(warehouse: Warehouse, level: str, area_code: str) -> dict[str, Any]:
    series: dict[str, list[dict[str, Any]]] = {}
    missing: list[str] = []
    for code in TREND_INDICATORS:
        try:
            rows = compute.run(warehouse, compute.Query(code, level, area=area_code))
        except compute.MissingData as exc:
            missing.append(f"{code}: {exc}")
            continue
        series[code] = [
            {
                "year": r["year"],
                "value": r["value"],
                "status": r["provenance"]["status"],
                "source": f"{r['provenance']['source']} ({r['provenance']['vintage']})",
                "gap": r["value"] is None,
            }
            for r in rows
        ]
        years = [r["year"] for r in rows]
        if years:  # a year inside the series without a figure is a gap, flagged
            have = set(years)
            for gap_year in range(min(years), max(years) + 1):
                if gap_year not in have:
                    series[code].append(
                        {"year": gap_year, "value": None, "status": "missing", "source": "",
                         "gap": True}
                    )  # fmt: skip
            series[code].sort(key=lambda r: r["year"])
    names = {code: registry.get(code).name_es for code in TREND_INDICATORS}
    names_en = {code: registry.get(code).name_en for code in TREND_INDICATORS}
    units = {code: registry.get(code).unit for code in TREND_INDICATORS}
    return section(missing, series=series, names=names, names_en=names_en, units=units)


def needs_section(
    warehouse: Warehouse,
    level: str,
    area_code: str,
    codes: set[str],
    year: int,
    protected: Protected = None,
) -> dict[str, Any]:
    missing: list[str] = []
    official: dict[str, Any] = {}
    for code in ("pin_education", "severidad_educacion"):
        try:
            rows = compute.run(warehouse, compute.Query(code, level, area=area_code))
        except compute.MissingData:
            missing.append(f"{code}: jiaf-hno (OCHA JIAF)")
            continue
        if rows:
            latest = max(rows, key=lambda r: r["year"])
            official[code] = {
                "value": latest["value"],
                "year": latest["year"],
                "distribution": latest.get("distribution", {}),
            }
    # DANE's projection stops in 2024; the emergencies are the report year's
    result = needs.run(warehouse, NeedsParameters(year=min(year, 2024)), protected)
    rows = [r for r in result.rows if r["code"] in codes]
    missing += [f"{name}: sin datos" for name in result.missing if name != "places"]
    split = demand.by_band(warehouse, rows, year)  # girls and boys; out of school by band
    missing += split["missing"]
    by_group = [
        {
            "code": r["code"],
            "name": r["name"],
            "school_age": r["school_age_population"],
            "migrant": r["migrant_school_age"],
            "host": r["host_school_age"],
            "out_of_school_rate": r["out_of_school_rate"],
            "severity": r["severity"],
            "official_severity": r["official_severity"],
            "pin": r["total_pin"],
            "official_pin": r["official_pin"],
        }
        for r in rows
    ]
    return section(
        missing,
        official=official,
        own_year=result.parameters.year,
        own_pin=sum(r["total_pin"] or 0 for r in rows),
        own_migrant_pin=sum(r["migrant_pin"] or 0 for r in rows),
        own_host_pin=sum(r["host_pin"] or 0 for r in rows),
        municipalities=by_group,
        by_sex=split["by_sex"],
        bands=split["bands"],
        parameters=result.parameters.as_dict(),
    )


def supply_section(warehouse: Warehouse, codes: set[str], year: int) -> dict[str, Any]:
    result = supply.gap(warehouse, SupplyParameters(year=year))
    rows = [r for r in result.municipalities if r["municipality_code"] in codes]
    missing = list(result.missing)
    if not result.missing and not rows:
        missing.append(f"sede_enrolment_grade (sede-matricula): ninguna sede de la ETC en {year}")
    return section(
        missing,
        municipalities=rows,
        synthetic=any(r["is_synthetic"] for r in rows),
        parameters={
            "urban": result.parameters.students_per_group_urban,
            "rural": result.parameters.students_per_group_rural,
        },
    )


def cooperation(con: Any, present: set[str], codes: set[str], year: int) -> dict[str, Any]:
    if reach.TABLE not in present:
        return section([f"{reach.TABLE}: ningún reporte 5W publicado"])
    filters = reach.ReachFilters(
        f"{year}-12", statuses=("published",), municipalities=tuple(sorted(codes))
    )
    presence = reach.presence(con, filters).to_pylist()
    reached = reach.total(con, filters)
    missing = [] if presence else [f"{reach.TABLE}: ningún reporte 5W publicado de {year}"]
    return section(missing, presence=presence, reached=reached, by_month=by_month(con, codes, year))


def by_month(con: Any, codes: set[str], year: int) -> list[dict[str, Any]]:
    """Month by month, up to the last month with a published line in the area: the people
    reached since January (reach is cumulative within the year, without double counting),
    those added that month, and the partners and activities reported that month."""
    reported = engine.rows(
        con,
        "select month, count(distinct org) as partners, count(distinct activity) as activities "
        "from five_w_line where status = 'published' and starts_with(month, $year) "
        "and municipality in (select unnest($codes)) group by month order by month",
        {"year": f"{year}-", "codes": sorted(codes)},
    )
    if not reported:
        return []
    active = {r["month"]: r for r in reported}
    months, before = [], 0
    for number in range(1, int(reported[-1]["month"][5:7]) + 1):
        month = f"{year}-{number:02d}"
        filters = reach.ReachFilters(
            month, statuses=("published",), municipalities=tuple(sorted(codes))
        )
        cumulative = reach.total(con, filters)
        row = active.get(month, {})
        months.append(
            {"month": month, "reached": cumulative, "added": cumulative - before,
             "partners": row.get("partners", 0), "activities": row.get("activities", 0)}
        )  # fmt: skip
        before = cumulative
    return months
