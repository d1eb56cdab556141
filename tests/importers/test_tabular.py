"""The one table reader: each policy does what it says, for every importer that uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.domain.problems import FileProblem, ImportReport
from trayecto.importers import men_common as men
from trayecto.importers import men_values
from trayecto.importers.tabular import FROM_EXCEL, OFFICIAL, read_table


def test_an_official_file_with_a_cut_row_is_refused_whole_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "divipola.csv"
    path.write_text("COD_DPTO,COD_MPIO,NOM_MPIO\n05,05001,MEDELLÍN\n\n05,05002\n", "utf-8")
    with pytest.raises(FileProblem) as refused:
        read_table(path, required=["COD_MPIO"], policy=OFFICIAL)
    assert refused.value.problem.row == 4  # the blank line 3 is counted, not read
    assert "line 4 has 2 fields, the header has 3" in refused.value.problem.message


def test_a_file_people_saved_reads_a_short_row_with_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Código DANE;Nombre Sede\n127001003453\n", "utf-8")
    rows = list(read_table(path, policy=FROM_EXCEL).rows)
    assert [(r.line, r.values) for r in rows] == [
        (2, {"codigo_dane": "127001003453", "nombre_sede": ""})
    ]


def test_a_quoted_name_over_two_lines_keeps_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "pcodes.csv"
    path.write_text('P-Code,Name\nCO05,"Antio\nquia"\nCO08,Atlántico\n', "utf-8")
    rows = list(read_table(path, policy=OFFICIAL).rows)
    assert [(r.line, r.values["Name"]) for r in rows] == [(2, "Antio\nquia"), (4, "Atlántico")]


def test_a_missing_column_names_it_and_what_was_found(tmp_path: Path) -> None:
    path = tmp_path / "men.csv"
    path.write_text("AÑO,MUNICIPIO\n2023,Medellín\n", "utf-8")
    with pytest.raises(FileProblem) as refused:
        read_table(path, what="the MEN export", required=["AÑO", "CÓDIGO"], policy=OFFICIAL)
    message = refused.value.problem.message
    assert message.startswith("missing columns CÓDIGO; expected the MEN export")
    assert "(found: AÑO, MUNICIPIO)" in message


def test_a_men_export_with_a_cut_row_is_refused_not_half_read(tmp_path: Path) -> None:
    """MEN's exports are read as official files now: a short row used to read as blanks."""
    header = [
        "AÑO",
        "CÓDIGO_MUNICIPIO",
        men_values.POPULATION_COLUMN,
        *men_values.INDICATOR_COLUMNS,
    ]
    full = ["2023", "05001", "1000"] + ["50"] * len(men_values.INDICATOR_COLUMNS)
    path = tmp_path / "men.csv"
    path.write_text("\n".join([",".join(header), ",".join(full), "2023,05002"]) + "\n", "utf-8")
    report = ImportReport(source="men-municipio")
    with pytest.raises(FileProblem, match="line 3 has 2 fields"):
        men.read_area_years(
            path,
            report,
            required=header[:3],
            code_column="CÓDIGO_MUNICIPIO",
            area_of=lambda row, quirks: men.Area("municipality", row["CÓDIGO_MUNICIPIO"], ""),
        )
    assert report.rows_read == 0  # nothing counted before the whole file was read
