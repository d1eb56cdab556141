"""Demand by sex and the out-of-school estimate by age band, sex and group, for Arauca's
municipalities: DANE's real population by single age and sex, the needs run's real migrant
estimate, and enrolment by age from the demo's synthetic sedes (labelled)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.analytics.test_supply_gap import with_sedes  # noqa: F401 (fixture)
from trayecto.analytics import demand, needs
from trayecto.domain.demand import BANDS, DemandParameters, split_migrants
from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse, engine

DANE = (
    "dane_proyecciones_edad_simple/"
    "dane_proyeccion_poblacion_municipio_edad_simple_sexo_2012_2024.csv"
)
ARAUCA = "81001"


def dane_5_16(shared_data: Path, code: str, year: int) -> dict[str, int]:
    with open(shared_data / DANE, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["dpmp"].zfill(5) == code and row["ano"] == str(year):
                return {
                    sex: sum(int(row[f"{word}_{age}"]) for age in range(5, 17))
                    for sex, word in (("f", "mujeres"), ("m", "hombres"))
                }
    raise AssertionError(f"{code} {year} not in the file")


@pytest.fixture(scope="module")
def run_rows(official: Warehouse) -> list[dict[str, object]]:
    rows = needs.run(official, NeedsParameters(year=2024)).rows
    return [r for r in rows if str(r["code"]).startswith("81")]


def test_girls_and_boys_are_danes_and_the_groups_add_up(
    official: Warehouse, run_rows: list[dict[str, object]], shared_data: Path
) -> None:
    found = demand.by_band(official, run_rows, 2024)  # type: ignore[arg-type]
    assert len(found["by_sex"]) == 7  # Arauca's seven municipalities
    arauca = next(r for r in found["by_sex"] if r["code"] == ARAUCA)
    expected = dane_5_16(shared_data, ARAUCA, 2024)
    assert (arauca["girls"], arauca["boys"]) == pytest.approx((expected["f"], expected["m"]))
    run = next(r for r in run_rows if r["code"] == ARAUCA)
    assert arauca["migrant_f"] + arauca["migrant_m"] == pytest.approx(run["migrant_school_age"])
    assert arauca["migrant_f"] > 1000  # Arauca hosts many Venezuelans
    assert arauca["host_f"] == pytest.approx(arauca["girls"] - arauca["migrant_f"])
    # without enrolment by age there is no out-of-school estimate, and the report says why
    assert not any(r["estimate"] for r in found["bands"])
    assert any("sede_enrolment" in m for m in found["missing"])


def test_a_female_share_parameter_moves_only_the_migrant_split(
    official: Warehouse, run_rows: list[dict[str, object]]
) -> None:
    found = demand.by_band(official, run_rows, 2024, DemandParameters(migrant_female_share=0.6))  # type: ignore[arg-type]
    arauca = next(r for r in found["by_sex"] if r["code"] == ARAUCA)
    total = arauca["migrant_f"] + arauca["migrant_m"]
    assert arauca["migrant_f"] / total == pytest.approx(0.6)
    assert DemandParameters(migrant_female_share=1.5).problems()


def test_the_split_never_exceeds_a_cell() -> None:
    cells = {(band, sex): 10.0 for band, _, _ in BANDS for sex in ("f", "m")}
    split = split_migrants(80.0, cells, DemandParameters(migrant_female_share=1.0))
    assert max(split.values()) == 10.0
    assert split[("5", "m")] == 0.0


def test_out_of_school_is_population_minus_enrolment_per_cell(
    with_sedes: Warehouse,  # noqa: F811
) -> None:
    rows = [r for r in needs.run(with_sedes, NeedsParameters(year=2024)).rows
            if str(r["code"]).startswith("81")]  # fmt: skip
    found = demand.by_band(with_sedes, rows, 2025)
    estimated = [r for r in found["bands"] if r["estimate"]]
    assert estimated
    assert all(r["is_synthetic"] for r in estimated)
    assert {r["band"] for r in estimated} == {b for b, _, _ in BANDS}
    con, _ = with_sedes.reader()
    cell = next(
        r for r in estimated if r["code"] == ARAUCA and r["band"] == "6–10" and r["sex"] == "f"
    )
    enrolled = engine.rows(
        con,
        "select sum(e.enrolled)::double as n from sede_enrolment e join "
        "(select sede_code, arg_max(municipality_code, year) m from sede group by 1) s "
        "using (sede_code) where s.m = $code and e.year = 2025 and e.age between 6 and 10 "
        "and e.sex = 'f' and e.nationality <> 'VEN'",
        {"code": ARAUCA},
    )[0]["n"]
    assert cell["enrolled_host"] == enrolled > 0
    assert cell["out_of_school_host"] == pytest.approx(cell["host"] - enrolled)
    assert cell["method"].startswith("estimación")


def test_the_etc_report_shows_girls_boys_and_the_estimate_with_its_method(
    with_sedes: Warehouse,  # noqa: F811
) -> None:
    from trayecto.analytics import etc_report
    from trayecto.reports.etc_report import render_html

    data = etc_report.gather(with_sedes, "3824", 2025)  # Arauca's departmental ETC
    page = render_html(data, "es")
    assert "Demanda por sexo: niñas y niños de 5 a 16 años" in page
    assert "Fuera de la escuela por edad, sexo y grupo (estimación)" in page
    assert "Población: DANE (año 2024)" in page
    assert "matrícula: sedes (año 2025)" in page
    assert "SINTÉTICO" in page
    first = next(r for r in data["needs"]["by_sex"] if r["girls"] >= 1000)
    assert f"{first['girls']:,.0f}".replace(",", ".") in page  # Spanish thousands
    # the page prints the ETC's totals by band and sex; each municipality is in the annex
    girls_6_10 = sum(
        r["out_of_school_host"] for r in data["needs"]["bands"]
        if r["estimate"] and r["band"] == "6–10" and r["sex"] == "f"
    )  # fmt: skip
    assert f"{girls_6_10:,.0f}".replace(",", ".") in page
    assert "hoja «fuera de la escuela» del anexo XLSX" in page
    english = render_html(data, "en")
    assert "Out of school by age, sex and group (estimate)" in english
    assert f"{first['girls']:,.0f}" in english


def test_the_pages_and_size_the_docs_quote_for_narino(
    with_sedes: Warehouse,  # noqa: F811
) -> None:
    import re

    from trayecto.analytics import etc_report
    from trayecto.reports.etc_report import render_pdf_pages

    docs = Path(__file__).resolve().parents[2] / "docs"
    quoted = re.search(r"\(Nariño, (\d+) pages, (\d+) KB\)", (docs / "etc-report.md").read_text())
    assert quoted
    pdf, pages = render_pdf_pages(etc_report.gather(with_sedes, "3798", 2025))
    assert pages == int(quoted[1])
    assert abs(len(pdf) / 1024 - int(quoted[2])) <= 5  # fonts may move a few KB
    assert f"Nariño, {pages} páginas" in (docs / "etc-report.md").read_text()
    assert f"**{pages} pages, {quoted[2]} KB**" in (docs / "benchmarks.md").read_text()
