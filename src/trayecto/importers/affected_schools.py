"""`affected-schools`: the sedes an emergency hit (severity, enrolment by level, teachers).

Read from the list the response publishes (first file: the August 2026 Chocó earthquake).
It feeds `affected_school` and is also a sede-level source (`sede`: enrolment, teachers).
The municipality comes from the `Municipio` name, never from the sede code: digits 2–6 of
the code are the municipality when the code was issued (Nuevo Belén de Bajirá → 27615).

`read` validates a file and returns its rows; `load` publishes them to the warehouse (the
source `affected-schools`), and the emergencies app stores them as an event's list
(`trayecto import affected-schools FILE --event ID`). Our own template
(docs/formats/affected-schools.md, `reports/affected_schools_template.py`) is the same layout
with the rapid-assessment columns added, read by the same code.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells
from trayecto.importers.affected_schools_rows import LEVELS, SOURCE, parse_row
from trayecto.importers.files import sha256_of
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import SEDE_SCHEMA
from trayecto.importers.tabular import normalise_header, read_table
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

REQUIRED = ("codigo_dane", "sede", "severidad", "matricula_total", "municipio", *LEVELS)
DECREE_COLUMN = re.compile(r"^en_decreto_(\d+)_de_(\d{4})$")
# `Aporte % ETC` has four decimals: a row's implied ETC total is only known within
# total / (pct ± 0.00005 %); rows whose interval misses the ETC's median are reported.
PCT_HALF_UNIT = 0.00005
# The list's cut-off date, from its file name: `..._20260815.csv`, `..._2026-08-15.csv`
# or a Spanish month and year (`..._ago2026.csv` -> 2026-08).
FULL_DATE = re.compile(r"(20\d{2})-?(\d{2})-?(\d{2})")
MONTHS = {
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6,
    "jul": 7, "ago": 8, "sep": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12,
}  # fmt: skip
MONTH_YEAR = re.compile(r"(?<![a-z])(" + "|".join(MONTHS) + r")[a-z]*[_-]?(20\d{2})")

SCHEMA = pa.schema(
    [
        ("event", pa.string()),
        ("year", pa.int16()),
        ("sede_code", pa.string()),
        ("sede_name", pa.string()),
        ("municipality_code", pa.string()),
        ("department_code", pa.string()),
        ("etc_name", pa.string()),
        ("severity", pa.int8()),
        ("physical_state", pa.string()),
        ("sector", pa.string()),
        ("zone", pa.string()),
        ("enrolment_total", pa.int32()),
        *[(name, pa.int32()) for name in LEVELS.values()],
        ("teachers", pa.int32()),
        ("directors", pa.int32()),
        ("etc_share_pct", pa.float64()),
        ("etc_implied_enrolment", pa.float64()),
        ("in_decree", pa.bool_()),
        ("organisations", pa.list_(pa.string())),
        ("source", pa.string()),
        ("vintage", pa.string()),  # the list's cut-off date (list_vintage)
        ("file_sha256", pa.string()),  # which file exactly: kept apart from the date
        ("is_synthetic", pa.bool_()),
    ]
)


def list_vintage(path: Path, event_year: int) -> str:
    """A vintage is a date: the cut-off the file name states (`2026-08-15` or `2026-08`),
    else the year of the decree that declared the emergency. Never a hash of the file."""
    name = path.name.lower()
    found = FULL_DATE.search(name)
    if found:
        return "-".join(found.groups())
    month = MONTH_YEAR.search(name)
    if month:
        return f"{month[2]}-{MONTHS[month[1]]:02d}"
    return str(event_year)


def event_of(path: Path, headers: list[str]) -> tuple[str, int, str]:
    """Event id, year and the decree column, from the `En Decreto N de YYYY` header."""
    for header in headers:
        match = DECREE_COLUMN.match(header)
        if match:
            return f"decreto-{match[1]}-{match[2]}", int(match[2]), header
    raise FileProblem(str(path), "no `En Decreto N de AAAA` column: which emergency is this?")


def check_etc_totals(records: list[dict[str, Any]], lines: dict[str, int]) -> list[Problem]:
    """`Aporte % ETC` must imply one enrolment total per ETC (within 4-decimal rounding)."""
    problems: list[Problem] = []
    by_etc: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if r["etc_share_pct"]:
            by_etc.setdefault(r["etc_name"] or "", []).append(r)
    for etc, group in by_etc.items():
        median = statistics.median(r["etc_implied_enrolment"] for r in group)
        for r in group:
            low = r["enrolment_total"] / (r["etc_share_pct"] + PCT_HALF_UNIT) * 100
            high = r["enrolment_total"] / max(r["etc_share_pct"] - PCT_HALF_UNIT, 1e-9) * 100
            if not low - 1 <= median <= high + 1:
                problems.append(
                    Problem(
                        lines[r["sede_code"]],
                        "Aporte % ETC",
                        str(r["etc_share_pct"]),
                        f"implies an ETC enrolment of {r['etc_implied_enrolment']:,.0f} while the "
                        f"rows of {etc!r} imply {median:,.0f}: check the share or the enrolment",
                        severity="warning",
                    )
                )
    return problems


def etc_of_rows(
    records: list[dict[str, Any]], lines: dict[str, int], places: Places
) -> tuple[dict[str, str | None], list[Problem]]:
    """Each sede's ETC: the Secretaría its row names, else the ETC of its municipality (or
    of the parent municipality, for one MEN does not list yet): never left empty when
    either is known, so ETC figures keep every sede."""
    codes: dict[str, str | None] = {}
    problems: list[Problem] = []
    for r in records:
        named = places.etc_named(r["etc_name"], r["department_code"]) if r["etc_name"] else None
        codes[r["sede_code"]] = named or places.etc_of.get(r["municipality_code"])
        if r["etc_name"] and named is None and places.etc_by_name:
            problems.append(
                Problem(
                    lines[r["sede_code"]],
                    "Secretaría",
                    r["etc_name"],
                    f"no ETC of this name in department {r['department_code']}; the ETC of "
                    f"the municipality ({codes[r['sede_code']] or 'unknown'}) is used",
                    severity="warning",
                )
            )
    return codes, problems


@dataclass
class AffectedList:
    """A validated list: the accepted rows (each with its `line`) and the report so far."""

    report: ImportReport
    records: list[dict[str, Any]] = field(default_factory=list)
    etc_codes: dict[str, str | None] = field(default_factory=dict)
    event: str = ""
    vintage: str = ""
    file_sha256: str = ""


@dataclass(frozen=True)
class Territory:
    """An event's area: rows outside it are reported, not kept (municipalities when the
    event lists any, else its departments)."""

    departments: frozenset[str]
    municipalities: frozenset[str] = frozenset()
    year: int = 0  # the event's year (its start date)
    event: str = ""  # the event's id, as text

    def outside(self, record: dict[str, Any]) -> str | None:
        """Why a row lies outside the territory, or None."""
        if record["department_code"] not in self.departments:
            return (
                f"sede {record['sede_code']} ({record['sede_name']}) is in department "
                f"{record['department_code']}, outside the event's departments "
                f"({', '.join(sorted(self.departments))}). Not imported."
            )
        if self.municipalities and record["municipality_code"] not in self.municipalities:
            return (
                f"sede {record['sede_code']} ({record['sede_name']}) is in municipality "
                f"{record['municipality_code']}, outside the event's municipalities "
                f"({', '.join(sorted(self.municipalities))}). Not imported."
            )
        return None


def known_sede_codes(warehouse: Warehouse, departments: set[str]) -> dict[str, set[str]]:
    """Sede codes the warehouse knows from other sources, by department of the code. Never
    synthetic sedes (the demo's): their made-up codes would call every real code unknown."""
    if not warehouse.has("sede") or not departments:
        return {}
    con, _ = warehouse.reader()
    found: dict[str, set[str]] = {}
    for r in query_rows(
        con,
        "select distinct sede_code from sede where source <> $source and not is_synthetic "
        "and substr(sede_code, 2, 2) in (select unnest($departments))",
        {"source": SOURCE, "departments": sorted(departments)},
    ):
        found.setdefault(r["sede_code"][1:3], set()).add(r["sede_code"])
    return found


def repeated(line: int, first: int, previous: dict[str, Any], r: dict[str, Any]) -> Problem:
    if previous["severity"] != r["severity"]:
        message = (
            f"sede repeated (line {first}) with another severity: {previous['severity']} there, "
            f"{r['severity']} here. Contradictory severities: keep one row with the right one."
        )
        return Problem(line, "Severidad", str(r["severity"]), message)
    return Problem(line, "Código DANE", r["sede_code"], f"sede repeated (line {first})")


def read(
    path: Path, warehouse: Warehouse, *, territory: Territory | None = None, dry_run: bool = False
) -> AffectedList:
    """Read and check a list of affected sedes: every row accepted or reported.

    Without a territory, the event is the decree the `En Decreto N de AAAA` column names and
    its area the departments of the rows in the decree; with one (an event recorded in the
    web or with `trayecto event add`), the decree column is optional.
    """
    report = ImportReport(SOURCE, dry_run=dry_run)
    try:
        table = read_table(path)  # safe reading; encoding and unread sheets in notices
        headers, rows = table.headers, table.rows
        report.add(table.notices)
        keys = [normalise_header(h) for h in headers]
        shown = dict(zip(keys, headers, strict=True))  # messages name the user's headers
        missing = [c for c in REQUIRED if c not in keys]
        if missing:
            raise FileProblem(str(path), f"missing columns: {', '.join(missing)}")
        if territory is None:
            event = event_of(path, keys)
        else:
            decree = next((k for k in keys if DECREE_COLUMN.match(k)), "")
            event = (territory.event, territory.year, decree)
        places = load_places(warehouse, str(path))
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return AffectedList(report)
    vintage = list_vintage(path, event[1])
    sha256 = sha256_of(path)
    parsed: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        report.rows_read += 1
        try:
            record = parse_row(row, places, event)
        except cells.CellError as exc:
            report.rows_rejected += 1
            report.problems.append(exc.at(row.line, shown.get(exc.column, exc.column)))
            continue
        parsed.append((row.line, record))
    if territory is None:
        # The event's area: departments with at least one sede in the decree. Rows elsewhere
        # came in by mistake (the Chocó list caught schools *named* "El Chocó" in Antioquia).
        decree_departments = {r["department_code"] for _, r in parsed if r["in_decree"]}
        territory = Territory(frozenset(decree_departments)) if decree_departments else None
    known = known_sede_codes(warehouse, {r["department_code"] for _, r in parsed})
    records: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    kept: dict[str, dict[str, Any]] = {}
    for line, r in parsed:
        outside = territory.outside(r) if territory is not None else None
        if territory is not None and outside:
            report.rows_rejected += 1
            column = (
                "Municipio" if r["department_code"] in territory.departments else "Departamento"
            )
            value = r["municipality_code"] if column == "Municipio" else r["department_code"]
            report.problems.append(Problem(line, column, value, outside))
            continue
        if r["sede_code"] in lines:
            report.rows_rejected += 1
            report.problems.append(repeated(line, lines[r["sede_code"]], kept[r["sede_code"]], r))
            continue
        department_codes = known.get(r["department_code"])
        if department_codes and r["sede_code"] not in department_codes:
            report.problems.append(
                Problem(
                    line,
                    "Código DANE",
                    r["sede_code"],
                    "unknown sede: no sede list in the warehouse has this code (imported; "
                    "check the code against SIMAT)",
                    severity="warning",
                )
            )
        lines[r["sede_code"]] = line
        kept[r["sede_code"]] = r
        records.append({**r, "line": line, "vintage": vintage, "file_sha256": sha256})
        report.rows_imported += 1
    report.add(check_etc_totals(records, lines))
    etc_codes, etc_problems = etc_of_rows(records, lines, places)
    report.add(etc_problems)
    return AffectedList(report, records, etc_codes, event[0], vintage, sha256)


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """Publish a list to the warehouse (`affected_school`, and its sedes to `sede`)."""
    found = read(path, warehouse, dry_run=dry_run)
    report, records, etc_codes = found.report, found.records, found.etc_codes
    if report.refused:
        return report
    vintage, sha256 = found.vintage, found.file_sha256
    table = pa.Table.from_pylist(records, schema=SCHEMA)
    sede = pa.Table.from_pylist(
        [
            {
                "year": r["year"],
                "sede_code": r["sede_code"],
                "sede_name": r["sede_name"],
                "establishment_code": None,
                "municipality_code": r["municipality_code"],
                "etc_code": etc_codes[r["sede_code"]],
                "zone": r["zone"],
                "sector": r["sector"],
                "teachers": r["teachers"],
                "enrolment": r["enrolment_total"],
                "source": SOURCE,
                "vintage": vintage,
                "is_synthetic": False,
            }
            for r in records
        ],
        schema=SEDE_SCHEMA,
    )
    report.details = {
        "event": found.event,
        "sedes": table.num_rows,
        "enrolment": sum(r["enrolment_total"] for r in records),
        "vintage": vintage,
        "file_sha256": sha256,
    }
    return finish(
        report,
        warehouse,
        Merge(
            {"source": SOURCE, "vintage": vintage, "file": path.name, "file_sha256": sha256},
            {
                "affected_school": (table, ["event", "sede_code"]),
                "sede": (sede, ["source", "year", "sede_code"]),
            },
        ),
        dry_run=dry_run,
    )
