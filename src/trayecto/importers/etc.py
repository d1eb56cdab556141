"""`etc`: the certified territorial entity (ETC) that runs each municipality's schools, by year.

Read from the CÓDIGO_ETC / ETC columns of MEN's municipal statistics file (datos.gov.co
nudc-7mev).

An ETC is either a certified department (its secretaría runs the schools of every
non-certified municipality of the department) or a certified municipality/district (runs its
own). The file does not say which, so it is derived: an ETC that serves more than one
municipality in some year is a department ETC; one that only ever serves one municipality is
that municipality's own ETC. docs/methodology/geography.md explains and checks the rule.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells, files
from trayecto.importers.files import row_error, row_warning
from trayecto.importers.finish import Replace, finish
from trayecto.importers.tabular import OFFICIAL, read_table
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

COLUMNS = ("AÑO", "CÓDIGO_MUNICIPIO", "CÓDIGO_DEPARTAMENTO", "CÓDIGO_ETC", "ETC")
WHAT = "MEN 'Estadísticas en educación … por municipio' CSV (datos.gov.co nudc-7mev)"

ETC_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name", pa.string()),
        ("department_code", pa.string()),
        ("kind", pa.string()),
        ("municipality_code", pa.string()),
        ("first_year", pa.int32()),
        ("last_year", pa.int32()),
    ]
)
MUNICIPALITY_ETC_SCHEMA = pa.schema(
    [
        ("year", pa.int32()),
        ("municipality_code", pa.string()),
        ("etc_code", pa.string()),
        ("etc_name", pa.string()),
    ]
)


def integer_or_none(text: str, quirks: Counter[str]) -> int | None:
    """MEN's integer, read as every importer reads one (`cells.parse_integer`): '2,021' ->
    2021 (the 2021 rows carry thousands separators), '3758' -> 3758; '2.5' -> None."""
    try:
        return cells.parse_integer(text, quirks=quirks)
    except cells.CellError:
        return None


def etc_label(name: str) -> str:
    """The ETC's name without MEN's '(ETC)' suffix, for comparing with place names."""
    return re.sub(r"\(\s*ETC\s*\)", "", name).strip()


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """MEN municipal statistics -> `etc` and `municipality_etc`."""
    report = ImportReport(source="etc", dry_run=dry_run)
    try:
        table = read_table(path, policy=OFFICIAL, required=COLUMNS, what=WHAT)
        rows = [(row.line, row.values) for row in table.rows]
    except FileProblem as exc:
        return report.refuse(exc.problem)
    report.rows_read = len(rows)
    known = _known_municipalities(warehouse, report)

    quirks: Counter[str] = Counter()
    assignments: dict[tuple[int, str], dict[str, Any]] = {}
    first_line: dict[tuple[int, str], int] = {}
    for line, row in rows:
        year = integer_or_none(row["AÑO"], quirks)
        raw_code = row["CÓDIGO_MUNICIPIO"].strip().replace(",", "")
        etc_code = integer_or_none(row["CÓDIGO_ETC"], quirks)
        problem: Problem | None = None
        code = geo.municipality_code(raw_code)
        if raw_code == "0":
            problem = files.row_skipped(
                line,
                "CÓDIGO_MUNICIPIO",
                raw_code,
                "national total row (code 0): not a municipality, left out; nothing to fix",
            )
        elif year is None or not 1990 <= year <= 2100:
            problem = row_error(
                line,
                "AÑO",
                row["AÑO"],
                "expected a year such as 2021 (or 2,021 as MEN writes its 2021 rows)",
            )
        elif code is None or len(raw_code) > 5:
            problem = row_error(
                line,
                "CÓDIGO_MUNICIPIO",
                raw_code,
                "expected a DIVIPOLA municipality code of 4-5 digits",
            )
        elif known is not None and code not in known:
            problem = row_error(
                line,
                "CÓDIGO_MUNICIPIO",
                raw_code,
                f"{code} is not a municipality of DIVIPOLA (nor a known change)",
            )
        elif etc_code is None or etc_code == 0:
            problem = row_error(
                line,
                "CÓDIGO_ETC",
                row["CÓDIGO_ETC"],
                "expected the MEN code of the ETC (a positive number such as 3758)",
            )
        elif not row["ETC"].strip():
            problem = row_error(line, "ETC", "", "expected the name of the ETC")
        elif (year, code) in assignments:
            problem = row_error(
                line,
                "CÓDIGO_MUNICIPIO",
                raw_code,
                f"{code} appears twice for {year} (first on line {first_line[(year, code)]})",
            )
        if problem is not None:
            report.add([problem])
            report.rows_rejected += 1
            continue
        assert year is not None
        assert code is not None
        assert etc_code is not None
        first_line[(year, code)] = line
        assignments[(year, code)] = {
            "year": year,
            "municipality_code": code,
            "etc_code": str(etc_code),
            "etc_name": row["ETC"].strip(),
        }
        report.rows_imported += 1

    report.details["quirks"] = dict(sorted(quirks.items()))
    etcs, warnings = derive_etcs(list(assignments.values()), known)
    report.add(warnings)
    years = sorted({year for year, _ in assignments})
    return finish(
        report,
        warehouse,
        Replace(
            {
                "etc": pa.Table.from_pylist(etcs, schema=ETC_SCHEMA),
                "municipality_etc": pa.Table.from_pylist(
                    [assignments[k] for k in sorted(assignments)], schema=MUNICIPALITY_ETC_SCHEMA
                ),
            },
            vintage=f"{years[0]}-{years[-1]}" if years else "empty",
            sha256=files.sha256_of(path),
        ),
        dry_run=dry_run,
    )


def _known_municipalities(warehouse: Warehouse, report: ImportReport) -> dict[str, str] | None:
    if not warehouse.has("municipality"):
        report.add(
            [
                row_warning(
                    0,
                    "CÓDIGO_MUNICIPIO",
                    "",
                    "no `municipality` table yet: import divipola first to check the codes",
                )
            ]
        )
        return None
    con = warehouse.connect()
    known = {r["code"]: r["name"] for r in query_rows(con, "select code, name from municipality")}
    con.close()
    return known


def derive_etcs(
    assignments: list[dict[str, Any]], municipality_names: dict[str, str] | None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One row per ETC: latest name, department, kind, and the years it appears."""
    served: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    names: dict[str, tuple[int, str]] = {}
    for a in assignments:
        served[a["etc_code"]][a["year"]].add(a["municipality_code"])
        if a["etc_code"] not in names or a["year"] >= names[a["etc_code"]][0]:
            names[a["etc_code"]] = (a["year"], a["etc_name"])
    etcs: list[dict[str, Any]] = []
    warnings: list[Problem] = []
    for code in sorted(served, key=int):
        by_year = served[code]
        name = names[code][1]
        all_municipalities = set().union(*by_year.values())
        departments = Counter(geo.department_of(m) for m in all_municipalities)
        department = departments.most_common(1)[0][0]
        if len(departments) > 1:
            warnings.append(
                row_warning(
                    0,
                    "CÓDIGO_ETC",
                    code,
                    f"ETC {name} serves municipalities of several departments "
                    f"({', '.join(sorted(departments))}); department taken as {department}",
                )
            )
        is_department = any(len(ms) > 1 for ms in by_year.values())
        municipality = None
        if not is_department:
            latest = max(by_year)
            municipality = next(iter(by_year[latest]))
            own = (municipality_names or {}).get(municipality)
            if own is not None and not _same_place(etc_label(name), own):
                warnings.append(
                    row_warning(
                        0,
                        "ETC",
                        name,
                        f"ETC {code} serves only {municipality} {own} but is not named after it: "
                        "check whether it is a certified municipality",
                    )
                )
        etcs.append(
            {
                "code": code,
                "name": name,
                "department_code": department,
                "kind": "department" if is_department else "municipality",
                "municipality_code": municipality,
                "first_year": min(by_year),
                "last_year": max(by_year),
            }
        )
    return etcs, warnings


def _same_place(a: str, b: str) -> bool:
    wa, wb = (
        geo.significant_words(geo.normalise_name(a)),
        geo.significant_words(geo.normalise_name(b)),
    )
    return bool(wa and wb) and (wa <= wb or wb <= wa)
