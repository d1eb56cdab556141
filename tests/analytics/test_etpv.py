"""The ETPV indicators per ETC from the SIMAT student files: on the demo's synthetic students
of Arauca (seed 2025) they add up, match a plain count, follow the synthetic NES → PPT changes
and are the figures docs/methodology/etpv.md quotes; no student file, no row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.schools import publish_geography_with_etc
from trayecto.analytics.etpv import etc_documents
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.importers.synthetic_students import ARAUCA, load_synthetic_students
from trayecto.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "etpv.md"
MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """The demo's students: Arauca's synthetic sedes (seed 2025), three years."""
    warehouse = Warehouse(tmp_path_factory.mktemp("etpv") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse).refused
    assert not any(r.refused for r in load_synthetic_students(warehouse, groups=(ARAUCA,)))
    return warehouse


def test_the_documents_add_up_and_match_a_plain_count(demo: Warehouse) -> None:
    con = demo.connect()
    [arauca] = etc_documents(con, 2025)
    assert (arauca.etc_code, arauca.is_synthetic) == ("3824", True)  # ETC Arauca, SINTÉTICO
    assert arauca.nes + arauca.pep + arauca.ppt + arauca.other == arauca.venezuelan
    assert arauca.ppt_share_pct == round(100 * arauca.ppt / arauca.venezuelan, 1)
    # the synthetic files hold one row per student and year: distinct students count the same
    [(venezuelan, grade_11)] = con.sql(
        "select count(distinct student_id), "
        "count(distinct student_id) filter (where grade = 11 and document_type <> 'PPT') "
        "from student_enrolment where year = 2025 "
        "and (nationality = 'VEN' or document_type in ('PEP', 'PPT'))"
    ).fetchall()
    assert (arauca.venezuelan, arauca.grade_11_without_ppt) == (venezuelan, grade_11)
    assert etc_documents(con) == [arauca]  # the latest year loaded by default


def test_the_share_with_ppt_grows_as_nes_numbers_are_replaced(demo: Warehouse) -> None:
    con = demo.connect()
    shares = [etc_documents(con, year)[0].ppt_share_pct or 0 for year in (2023, 2024, 2025)]
    assert shares == sorted(shares)
    assert shares[0] < shares[-1]
    assert etc_documents(con, 2022) == []  # a year with no student file


def test_no_student_file_no_indicator(tmp_path: Path) -> None:
    assert etc_documents(Warehouse(tmp_path / "empty").connect()) == []


def test_the_figures_quoted_in_the_methodology_are_the_demos(demo: Warehouse) -> None:
    [arauca] = etc_documents(demo.connect(), 2025)
    spanish, english = DOC.read_text(encoding="utf-8").split("## English")
    for name in ("venezuelan", "nes", "pep", "ppt", "ppt_share_pct", "grade_11_without_ppt"):
        value = getattr(arauca, name)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        for text, written in (
            (english, shown),
            (spanish, shown.replace(",", "·").replace(".", ",").replace("·", ".")),
        ):
            found = re.search(rf"`{name}` = ([0-9]+(?:[.,][0-9]+)*)", text)
            assert found, name
            assert found.group(1) == written, name
