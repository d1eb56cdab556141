"""Reach over the real Venezuelan cluster reports (all eleven partner files): every rule, the
department rule's documented figure, and the site rule against the cluster's own
de-duplicated file, difference by difference. The figures docs/methodology/reach.md quotes
are generated here and compared with the page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from tests.importers.venezuela_cluster_method import (
    RawRow,
    by_state,
    read_cluster_file,
    read_raw_reports,
    unique_beneficiaries,
)
from trayecto.analytics.reach import ReachFilters, reach, total
from trayecto.domain.five_w import (
    ConsolidationRule,
    ReachLine,
    new_beneficiary_group_cells,
    reach_by_area,
    site_key,
)
from trayecto.domain.problems import Problem
from trayecto.importers.five_w import FiveWLine, read_five_w
from trayecto.importers.five_w_places import CodeTableMatcher
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

FOLDER = "education_cluster_5w_venezuela"
PERIOD = ReachFilters("2020-12")  # the reports cover January to November 2020
DOC = Path(__file__).parents[2] / "docs" / "methodology" / "reach.md"


@dataclass
class Venezuela:
    lines: dict[tuple[str, int], FiveWLine]  # (file, Excel row) -> accepted line
    errors: dict[tuple[str, int], str]  # (file, Excel row) -> why the row was refused
    raw: list[RawRow]
    radio: set[tuple[str, int]]  # rows at radio stations (the cluster's "radio|fm")
    cluster_rows: int
    cluster: dict[str, float]  # the cluster's file, people per state code
    state_names: dict[str, str]

    def rows(self, keep: Any = lambda key: True) -> list[dict[str, Any]]:
        """Warehouse rows (LINE_SCHEMA) of the accepted lines `keep` selects."""
        return [
            {
                "submission_id": 1, "line_id": line.row, "org": line.org,
                "activity": line.activity, "department": line.department,
                "municipality": line.municipality, "population_group": group,
                "sex": sex.value, "age": age, "month": line.month, "new": new,
                "status": "published", "site": site_key(line.sede, line.place_name),
            }
            for key, line in self.lines.items()
            if keep(key)
            for (group, sex, age), new in new_beneficiary_group_cells(
                line.population_group, line.groups, line.cells
            ).items()
        ]  # fmt: skip

    def is_radio(self, key: tuple[str, int]) -> bool:
        return key in self.radio


def connect(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("five_w_line", pa.Table.from_pylist(rows, schema=LINE_SCHEMA))
    return con


@pytest.fixture(scope="module")
def venezuela(shared_data: Path, venezuela_matcher: CodeTableMatcher) -> Venezuela:
    folder = shared_data / FOLDER
    lines: dict[tuple[str, int], FiveWLine] = {}
    errors: dict[tuple[str, int], str] = {}
    for path in sorted((folder / "raw_partner_reports").glob("*.xlsx")):
        result = read_five_w(path, matcher=venezuela_matcher)
        assert result.report.rows_read == result.report.rows_imported + result.report.rows_rejected
        lines.update({(path.stem, line.row): line for line in result.lines})
        for problem in result.report.problems:
            if problem.severity == "error":
                errors.setdefault((path.stem, problem.row), _reason(problem))
    count, per_state, names = read_cluster_file(folder / "240506_1625_unique_ben.csv")
    raw = read_raw_reports(folder / "raw_partner_reports")
    radio = {(r.file, r.row) for r in raw if r.mass_messaging}
    return Venezuela(lines, errors, raw, radio, count, per_state, names)


def test_socio_1_reach_is_far_below_the_naive_sum(venezuela: Venezuela) -> None:
    """Re-reported recurrent beneficiaries are not counted again (the folder README: summing
    SOCIO_1's monthly totals gives 27 million)."""
    socio_1 = [line for (file, _), line in venezuela.lines.items() if file == "SOCIO_1"]
    naive = sum(line.beneficiaries for line in socio_1)
    con = connect(venezuela.rows(lambda key: key[0] == "SOCIO_1"))
    new_only = total(con, PERIOD, ConsolidationRule.SUM_NEW)
    assert naive > 20_000_000  # the README's "27 million" (accepted lines only)
    assert new_only == sum(line.new_beneficiaries for line in socio_1)
    assert 0 < total(con, PERIOD) <= new_only < naive / 5


def figures(venezuela: Venezuela) -> dict[str, int]:
    """Every rule over every accepted line, and over the lines outside radio stations."""
    everything = connect(venezuela.rows())
    no_radio = connect(venezuela.rows(lambda key: not venezuela.is_radio(key)))
    found = {}
    for rule in ConsolidationRule:
        found[rule.value] = total(everything, PERIOD, rule)
        found[f"{rule.value} sin radio"] = total(no_radio, PERIOD, rule)
    return found


def test_every_rule_on_the_real_reports_equals_its_reference(venezuela: Venezuela) -> None:
    rows = venezuela.rows()
    con = connect(rows)
    lines = [
        ReachLine(
            r["org"], r["activity"], r["department"], r["municipality"], r["population_group"],
            r["sex"], r["age"], r["month"], r["new"], r["site"],
        )
        for r in rows
    ]  # fmt: skip
    for rule in ConsolidationRule:
        for level in ("nation", "department"):
            table = reach(con, PERIOD, level=level, rule=rule).to_pylist()
            found = {(r["area_code"], "", "", ""): r["value"] for r in table}
            assert found == reach_by_area(lines, rule, level=level), (rule, level)


def test_max_department_sums_each_service_over_the_department(venezuela: Venezuela) -> None:
    """The documented rule, not the largest municipality: the figure the SQL gave before
    (each service kept per municipality, then the maximum over the department) is far lower."""
    found = figures(venezuela)
    assert found["max_department"] == 4_329_736
    per_municipality: dict[tuple[str, ...], int] = {}
    for r in venezuela.rows():
        key = (r["department"], r["municipality"], r["population_group"], r["sex"], r["age"],
               r["org"], r["activity"])  # fmt: skip
        per_municipality[key] = per_municipality.get(key, 0) + r["new"]
    largest: dict[tuple[str, ...], int] = {}
    for key, value in per_municipality.items():
        cell = (key[0], *key[2:5])
        largest[cell] = max(largest.get(cell, 0), value)
    old = sum(largest.values())
    assert old == 2_546_216
    assert found["max_activity_then_sum_municipality"] == 4_469_044
    page = DOC.read_text(encoding="utf-8")
    department = found["max_department"]  # the page quotes both, in Spanish and in English
    assert f"{_es(old)} en\nlugar de {_es(department)}" in page
    assert f"({_en(old)} instead of {_en(department)}" in page


# ------------------------------------------------------------------ the cluster's own file
def test_the_cluster_method_rerun_on_the_raw_reports_gives_its_file(venezuela: Venezuela) -> None:
    """Row for row count, total and every state: the procedure is understood exactly."""
    unique = unique_beneficiaries(venezuela.raw)
    assert len(unique) == venezuela.cluster_rows == 9_351
    assert round(sum(v for v, _ in unique.values()), 2) == 728_408.39
    rerun = by_state(unique)
    assert rerun.keys() == venezuela.cluster.keys()
    for state, value in venezuela.cluster.items():
        assert rerun[state] == pytest.approx(value, abs=1e-6), state


REASONS = ("recurrent", "municipality", "decimals", "other")  # why the importer refused a row


def _reason(problem: Problem) -> str:
    """The refusals met on these reports (the first error of a row decides)."""
    if "decimales" in problem.message:
        return "decimals"
    if problem.column == "Código municipio":
        return "municipality"
    if problem.column == "Actividad con beneficiarios recurrentes":
        return "recurrent"
    return "other"  # here: one row without its total, one whose cells miss its total


@dataclass
class Step:
    key: str
    rows: int  # raw rows the step removes (0 when it changes the method only)
    per_state: dict[str, float]


def steps(venezuela: Venezuela) -> Iterator[Step]:
    """From the cluster's file to Trayecto's `max_site`, one difference at a time: each step
    gives people per state; consecutive differences explain the gap."""
    raw = venezuela.raw
    yield Step("cluster", venezuela.cluster_rows, venezuela.cluster)
    counted = [r for r in raw if r.location and not r.mass_messaging and not r.recurrent]
    kept = set(venezuela.lines)
    remaining = {(r.file, r.row) for r in counted} - kept
    for name in REASONS:  # drop the rows the importer refused, one reason at a time
        removed = {key for key in remaining if venezuela.errors.get(key) == name}
        remaining -= removed
        rows = (r for r in raw if (r.file, r.row) in kept | remaining)
        yield Step(f"refused:{name}", len(removed), by_state(unique_beneficiaries(rows)))
    # what is left is rows identical to an earlier one: imported once, no effect on a maximum
    assert all(key not in venezuela.errors for key in remaining), remaining
    rows = (r for r in raw if (r.file, r.row) in kept)
    yield Step("duplicates", len(remaining), by_state(unique_beneficiaries(rows)))
    lines = venezuela.lines
    within = unique_beneficiaries(
        (r for r in raw if (r.file, r.row) in kept),
        site=lambda r: (lines[(r.file, r.row)].municipality, site_key("", r.location or "")),
    )
    yield Step("site", 0, by_state(within))
    con = connect(venezuela.rows(lambda key: not venezuela.is_radio(key)))
    table = reach(con, PERIOD, level="department", rule=ConsolidationRule.MAX_SITE)
    yield Step("trayecto", 0, {r["area_code"]: r["value"] for r in table.to_pylist()})


def test_max_site_against_the_cluster_file_difference_by_difference(venezuela: Venezuela) -> None:
    chain = list(steps(venezuela))
    trayecto, site = chain[-1].per_state, chain[-2].per_state
    # Trayecto's rule is the cluster's maximum on the same rows and sites: no difference left
    assert trayecto.keys() == site.keys()
    assert all(trayecto[s] == pytest.approx(site[s], abs=1e-6) for s in site)
    assert sum(trayecto.values()) == 700_049


# ------------------------------------------------------------------ the page's figures
def _es(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _en(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}"


def _signed(fmt: Any, value: float) -> str:
    if abs(value) < 0.005:
        return "0"
    decimals = 0 if abs(value - round(value)) < 0.005 else 2
    return ("+" if value > 0 else "−") + fmt(abs(value), decimals)


HEADERS = {
    "es": ("Estado", "Archivo del clúster", "Bandera nuevo/recurrente vacía", "Código de "
           "municipio desconocido", "Cifras con decimales", "Otros rechazos",
           "Sitio por municipio", "Trayecto `max_site` sin radio"),
    "en": ("State", "Cluster file", "Blank new/recurrent flag", "Unknown municipality code",
           "Counts with decimals", "Other refusals", "Site within municipality",
           "Trayecto `max_site` w/o radio"),
}  # fmt: skip


def venezuela_table(venezuela: Venezuela, language: str) -> str:
    """The per-state table of the page: the cluster's figure, each difference, Trayecto's."""
    fmt = _es if language == "es" else _en
    chain = {step.key: step for step in steps(venezuela)}
    order = ["cluster", *(f"refused:{r}" for r in REASONS), "duplicates", "site", "trayecto"]
    # each column is the change from the step before: removing a refusal lowers the figure
    columns = [*zip(order[1:5], order[:4], strict=True), ("site", "duplicates")]
    assert order == [*chain]
    states = sorted(venezuela.cluster, key=lambda s: venezuela.state_names[s])
    lines = ["| " + " | ".join(HEADERS[language]) + " |", "|" + "---|" * 8]
    for state in [*states, "total"]:

        def at(key: str, state: str = state) -> float:
            per_state = chain[key].per_state
            return sum(per_state.values()) if state == "total" else per_state.get(state, 0.0)

        name = venezuela.state_names.get(state, "**Total**")
        cells = [name.title() if state != "total" else name, fmt(at("cluster"), 2)]
        cells += [_signed(fmt, at(after) - at(before)) for after, before in columns]
        cells.append(fmt(at("trayecto")))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def venezuela_figures(venezuela: Venezuela, language: str) -> str:
    fmt = _es if language == "es" else _en
    found = figures(venezuela)
    chain = {step.key: step for step in steps(venezuela)}
    rows = Counter(
        {step.key: step.rows for step in chain.values() if step.key.startswith("refused")}
    )
    radio = [key for key in venezuela.lines if venezuela.is_radio(key)]
    values = {
        "default": fmt(found["max_activity_then_sum_municipality"]),
        "default_no_radio": fmt(found["max_activity_then_sum_municipality sin radio"]),
        "radio": fmt(
            found["max_activity_then_sum_municipality"]
            - found["max_activity_then_sum_municipality sin radio"]
        ),
        "department": fmt(found["max_department"]),
        "site": fmt(found["max_site"]),
        "site_no_radio": fmt(found["max_site sin radio"]),
        "sum_new": fmt(found["sum_new"]),
        "radio_lines": fmt(len(radio)),
        "recurrent_rows": fmt(rows["refused:recurrent"]),
        "municipality_rows": fmt(rows["refused:municipality"]),
        "decimal_rows": fmt(rows["refused:decimals"]),
        "other_rows": fmt(rows["refused:other"]),
        "duplicates": fmt(chain["duplicates"].rows),
        "raw_rows": fmt(len(venezuela.raw)),
        "lines": fmt(len(venezuela.lines)),
    }
    template = FIGURES[language]
    return template.format(**values)


FIGURES = {
    "es": (
        "- Líneas aceptadas: {lines} de {raw_rows} filas. Reglas sobre todas ellas: "
        "`max_activity_then_sum_municipality` {default}, `max_department` {department}, "
        "`max_site` {site}, `sum_new` {sum_new}.\n"
        "- Audiencias de radio: {radio_lines} líneas de SOCIO 1 en emisoras («Radio Fe y "
        "Alegría …», actividad CA1.05 mensajes clave) suman {radio} personas a la regla por "
        "defecto; el script del clúster descarta todo lugar cuyo nombre contiene «radio» o "
        "«fm». Sin ellas: regla por defecto {default_no_radio}, `max_site` {site_no_radio}.\n"
        "- Filas que el clúster cuenta y Trayecto rechaza con su motivo: {recurrent_rows} sin "
        "la bandera nuevo/recurrente (el clúster las toma como nuevas), {municipality_rows} con "
        "un código de municipio que no existe, {decimal_rows} con cifras decimales de personas, "
        "{other_rows} por otros motivos (sin total, o celdas que no suman el total); "
        "{duplicates} filas idénticas a otra se importan una vez (sin efecto en un máximo)."
    ),
    "en": (
        "- Accepted lines: {lines} of {raw_rows} rows. Rules over all of them: "
        "`max_activity_then_sum_municipality` {default}, `max_department` {department}, "
        "`max_site` {site}, `sum_new` {sum_new}.\n"
        '- Radio audiences: {radio_lines} SOCIO 1 lines at radio stations ("Radio Fe y '
        'Alegría …", activity CA1.05 key messages) add {radio} people to the default rule; '
        'the cluster\'s script drops every location whose name contains "radio" or "fm". '
        "Without them: default rule {default_no_radio}, `max_site` {site_no_radio}.\n"
        "- Rows the cluster counts and Trayecto refuses, with the reason: {recurrent_rows} "
        "without the new/recurrent flag (the cluster takes them as new), {municipality_rows} "
        "with a municipality code that does not exist, {decimal_rows} with decimal counts of "
        "people, {other_rows} for other reasons (no total, or cells that miss the total); "
        "{duplicates} rows identical to another are imported once (no effect on a "
        "maximum)."
    ),
}


def _block(text: str, name: str) -> str:
    found = re.search(rf"<!-- generated:{name} -->\n(.*?)\n<!-- /generated -->", text, re.S)
    assert found, f"docs/methodology/reach.md has no block generated:{name}"
    return found.group(1)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_methodology_page_quotes_these_figures(venezuela: Venezuela, language: str) -> None:
    """The page's table and figures are generated here: on a difference, paste the expected
    block (printed by the assertion) into the page."""
    page = DOC.read_text(encoding="utf-8")
    expected_table = venezuela_table(venezuela, language)
    assert _block(page, f"venezuela-table-{language}") == expected_table, expected_table
    expected = venezuela_figures(venezuela, language)
    assert _block(page, f"venezuela-figures-{language}") == expected, expected
