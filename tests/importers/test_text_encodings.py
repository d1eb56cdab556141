"""One encoding policy for every CSV, said to the user: what the file is, what was expected."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from trayecto.domain.places import PlaceMatcher
from trayecto.domain.problems import FileProblem
from trayecto.importers.files import decode_text
from trayecto.importers.five_w import read_five_w
from trayecto.importers.tabular import OFFICIAL, read_table

TEXT = "municipio;nombre\n54001;Cúcuta\n52001;Pasto, Nariño\n"


def decoded(data: bytes, *, latin1: bool = False) -> tuple[str, str, str]:
    result = decode_text(Path("f.csv"), data, what="a CSV", latin1=latin1)
    notice = result.notice.message if result.notice else ""
    return result.text.lstrip("\ufeff"), result.encoding, notice


def test_marks_decide_and_utf8_needs_no_notice() -> None:
    assert decoded(TEXT.encode()) == (TEXT, "UTF-8", "")
    assert decoded(TEXT.encode("utf-8-sig"))[:2] == (TEXT, "UTF-8")
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):  # with a mark, then without one
        text, encoding, notice = decoded(TEXT.encode(codec))
        assert (text, encoding) == (TEXT, "UTF-16"), codec
        assert "the file is UTF-16" in notice


def test_latin1_is_read_with_a_notice_only_where_the_format_allows_it() -> None:
    data = TEXT.encode("cp1252")
    text, encoding, notice = decoded(data, latin1=True)
    assert (text, encoding) == (TEXT, "Windows-1252")
    assert "not UTF-8 (byte 0xFA on line 2): it was read as Windows-1252/Latin-1" in notice
    with pytest.raises(FileProblem) as refused:
        decoded(data)
    message = refused.value.problem.message
    assert "not UTF-8: byte 0xFA ('úcu' in Windows-1252/Latin-1) on line 2" in message
    assert "save it again as 'CSV UTF-8'" in message
    assert refused.value.problem.row == 2


def test_a_workbook_or_binary_named_csv_is_named_as_what_it_is() -> None:
    with pytest.raises(FileProblem, match=r"is an Excel workbook \(.xlsx\) or a zip"):
        decoded(b"PK\x03\x04rest of a zip")
    with pytest.raises(FileProblem, match=r"holds binary bytes \(0x00\)"):
        decoded(b"\x00\x00\x00\x01\x02" * 50)


def test_a_utf16_sede_file_from_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 with a mark, tab-separated. It gave "missing columns"."""
    path = tmp_path / "matricula.csv"
    path.write_bytes("año\tcodigo_dane_sede\n2025\t127001003453\n".encode("utf-16"))
    table = read_table(path)
    assert [r.values for r in table.rows] == [{"ano": "2025", "codigo_dane_sede": "127001003453"}]
    assert "UTF-16" in table.notices[0].message


def test_a_latin1_sede_file_is_read_and_said(tmp_path: Path) -> None:
    path = tmp_path / "matricula.csv"
    path.write_bytes(TEXT.encode("latin-1"))
    table = read_table(path)
    assert [r.values["nombre"] for r in table.rows] == ["Cúcuta", "Pasto, Nariño"]
    (notice,) = table.notices
    assert notice.severity == "warning"
    assert "read as Windows-1252/Latin-1" in notice.message


def test_a_men_export_not_in_utf8_is_refused_with_the_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "men.csv"
    path.write_bytes("AÑO,CÓDIGO_MUNICIPIO\n2023,05001\n".encode("latin-1"))
    with pytest.raises(FileProblem, match=r"not UTF-8: byte 0xD1 .* on line 1"):
        read_table(path, required=["AÑO"], policy=OFFICIAL)


def hxl_csv(encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Organización", "Mes", "Municipio", "Actividad", "Tipo", "Número", "Grupo"])
    writer.writerow(
        ["#org +code", "#date+month", "#adm2+code", "#activity+code", "#reached+type",
         "#reached+total", "#population+type"]
    )  # fmt: skip
    writer.writerow(["nrc", "2026-03", "54001", "EDU-09", "nuevo", "7", "idp"])
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_5w_hxl_csv_in_latin1_or_utf16_is_imported_and_said(
    tmp_path: Path, colombia_matcher: PlaceMatcher, encoding: str
) -> None:
    """It answered "'utf-8' codec can't decode…" (Latin-1) or "binary bytes" (UTF-16)."""
    path = tmp_path / "5w.csv"
    path.write_bytes(hxl_csv(encoding))
    result = read_five_w(path, matcher=colombia_matcher)
    assert not result.report.refused, result.report.problems
    assert [line.municipality for line in result.lines] == ["54001"]
    notices = [p.message for p in result.report.problems if p.row == 0]
    expected = "se leyó como Windows-1252" if encoding == "cp1252" else "está en UTF-16"
    assert any(expected in message for message in notices), notices


def test_a_5w_csv_that_is_really_a_workbook_says_what_it_is(
    tmp_path: Path, colombia_matcher: PlaceMatcher
) -> None:
    path = tmp_path / "5w.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = read_five_w(path, matcher=colombia_matcher)
    assert result.report.refused
    message = result.report.problems[0].message
    assert "el archivo es un libro de Excel (.xlsx) o un zip, no un archivo de texto" in message
