"""`dane-proyecciones`: three levels into one long table; bad rows reported."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from tests.support.official_data import DANE
from trayecto.importers import cells, dane_proyecciones
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


def test_the_three_levels_share_one_table(shared_data: Path, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    for name in ("municipio", "departamento", "nacional"):
        report = dane_proyecciones.load(shared_data / DANE.format(name), warehouse)
        assert report.reconciles
        assert report.rows_rejected == 0
    con = warehouse.connect()
    totals = rows(
        con,
        "select level, sum(population) as total from population where year = 2024 group by 1 "
        "order by 1",
    )
    assert {r["level"]: r["total"] for r in totals} == {
        "department": 52695952,
        "municipality": 52695952,
        "nation": 52695952,
    }
    [arauca] = rows(
        con,
        "select sum(population) filter (where sex = 'm') as m, "
        "sum(population) filter (where sex = 'f') as f from population "
        "where level = 'department' and area_code = '81' and year = 2024 "
        "and age between 5 and 16",
    )
    assert (arauca["m"], arauca["f"]) == (34522, 33342)  # README
    [open_group] = rows(
        con,
        "select distinct age from population where level = 'municipality' and open_age_group",
    )
    assert open_group["age"] == 85


def test_bad_rows_are_rejected_and_the_rest_imported(tmp_path: Path) -> None:
    ages = ",".join(f"{s}_{a}" for s in ("hombres", "mujeres") for a in range(3))
    path = tmp_path / "dane_synthetic.csv"  # synthetic: written by this test
    path.write_text(
        f"dpmp,ano,{ages}\n"
        "05001,2020,1,2,3,4,5,6\n"
        "5002,2020,1,2,3,4,5,6\n"  # leading zero lost: accepted as 05002
        "05004,20x0,1,2,3,4,5,6\n"
        "05021,2020,1,2,-3,4,5,6\n"
        "05001,2020,1,2,3,4,5,6\n",
        encoding="utf-8",
    )
    warehouse = Warehouse(tmp_path / "w")
    report = dane_proyecciones.load(path, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (5, 2, 3)
    assert "appears twice" in report.problems[-1].message
    assert sorted((p.row, p.column) for p in report.problems) == [
        (4, "ano"),
        (5, "hombres_2"),
        (6, "dpmp"),
    ]
    [negative] = [p for p in report.problems if p.row == 5]
    assert (negative.value, negative.message) == (
        "-3",
        "is negative: the value must be zero or more; row rejected",
    )
    codes = rows(warehouse.connect(), "select distinct area_code from population order by 1")
    assert [r["area_code"] for r in codes] == ["05001", "05002"]


def test_counts_are_read_as_every_importer_reads_a_whole_number(tmp_path: Path) -> None:
    path = tmp_path / "dane_synthetic.csv"  # synthetic: written by this test
    path.write_text(
        'dpmp,ano,hombres_0,mujeres_0\n05001,2020,"1.234","2,0"\n05002,2020,"1,234",7\n', "utf-8"
    )
    warehouse = Warehouse(tmp_path / "w")
    report = dane_proyecciones.load(path, warehouse)
    assert (report.rows_imported, report.problems) == (2, [])
    counts = rows(warehouse.connect(), "select population from population order by area_code, sex")
    assert [r["population"] for r in counts] == [2, 1234, 7, 1234]  # f before m


@given(
    st.from_regex(
        r"\A[-+]?[0-9]{1,7}([.,][0-9]{1,4})?([.,][0-9]{3})?([.,]0{1,3})?( ?)\Z", fullmatch=True
    )
    | st.text(alphabet="0123456789.,-+ \t\x1c", max_size=10)  # separators in any order
    | st.text(max_size=8)
)
def test_the_vectorised_reading_agrees_with_the_cell_parser(text: str) -> None:
    [read] = pl.DataFrame({"c": [text]}).select(dane_proyecciones.whole_number("c"))["c"]
    try:
        expected: int | None = cells.parse_integer(text)
    except cells.CellError:
        expected = None
    assert read == expected


def test_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("codigo,year,total\n05001,2020,5\n", encoding="utf-8")
    report = dane_proyecciones.load(path, Warehouse(tmp_path / "w"))
    assert report.refused
    assert "another layout" in report.problems[0].message


def test_a_file_whose_every_row_is_rejected_is_refused_and_says_so(tmp_path: Path) -> None:
    # Shared with every fact-table loader (vintages.finish_import): a file that gave no
    # usable row is refused with a message, and publishes nothing.
    path = tmp_path / "dane_synthetic.csv"  # synthetic: written by this test
    path.write_text("dpmp,ano,hombres_0,mujeres_0\n05001,20x0,1,2\nabc,2020,1,2\n", "utf-8")
    warehouse = Warehouse(tmp_path / "w")
    report = dane_proyecciones.load(path, warehouse)
    assert report.refused
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (2, 0, 2)
    assert report.problems[-1].message == "no usable rows; nothing imported"
    assert not warehouse.has("population")
