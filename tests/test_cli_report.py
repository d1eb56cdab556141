"""`trayecto report etc CODE --year --format --out`: the ETC analysis report from the real
official data, in HTML, PDF and XLSX; missing inputs are named per section."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import require
from tests.support.official_data import load_official
from trayecto.cli.main import app
from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db  # every command migrates $TRAYECTO_HOME's database first
ARAUCA_ETC = "3824"  # Arauca (ETC): the department's ETC


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    load_official(shared_data, Warehouse(home / "warehouse"))
    return home


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    return result.exit_code, result.stdout


def etc_code(home: Path) -> str:
    code, out = invoke(
        home, "indicator", "pin_education", "--level", "etc", "--area", ARAUCA_ETC, "--json"
    )
    assert code == 0, out
    [row] = json.loads(out)
    assert row["area_name"].startswith("Arauca")
    return ARAUCA_ETC


def test_the_html_report_in_spanish_names_what_is_missing(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "informe.html"
    code, out = invoke(
        home, "report", "etc", etc_code(home), "--year", "2025", "--format", "html",
        "--out", str(target), "--json",
    )  # fmt: skip
    assert code == 0, out
    summary = json.loads(out)
    # no sede data, no 5W published, no emergencies: said per section
    assert set(summary["missing"]) == {"institutional", "needs", "supply", "cooperation"}
    assert any("sede-matricula" in m for m in summary["missing"]["supply"])
    page = target.read_text(encoding="utf-8")
    assert "Marco institucional" in page
    assert "Faltan datos para esta sección" in page
    assert "<svg" in page  # trend charts drawn offline as SVG
    assert "http" not in page.replace("http://www.w3.org", "").replace("https://vega", "")
    pin = summary_pin(home)
    assert f"{round(pin):,}".replace(",", ".") in page  # OCHA's PiN in Spanish format


def summary_pin(home: Path) -> float:
    code, out = invoke(
        home, "indicator", "pin_education", "--level", "etc", "--area", ARAUCA_ETC, "--json"
    )
    assert code == 0
    return float(json.loads(out)[0]["value"])


def test_english_on_request(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out = invoke(
        home, "report", "etc", ARAUCA_ETC, "--year", "2025", "--format", "html",
        "--out", str(target), "--lang", "en",
    )  # fmt: skip
    assert code == 0, out
    page = target.read_text(encoding="utf-8")
    assert "Institutional framework" in page
    assert f"{round(summary_pin(home)):,}" in page


def test_the_pdf_report(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "informe.pdf"
    code, out = invoke(
        home, "report", "etc", ARAUCA_ETC, "--year", "2025",
        "--format", "pdf", "--out", str(target),
    )  # fmt: skip
    assert code == 0, out
    assert target.read_bytes().startswith(b"%PDF")
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Arauca" in text
    assert "Oferta, demanda y brecha de cupos" in text


def test_the_xlsx_annex_has_every_table_and_the_missing_data(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "anexo.xlsx"
    code, out = invoke(
        home, "report", "etc", ARAUCA_ETC, "--year", "2025",
        "--format", "xlsx", "--out", str(target),
    )  # fmt: skip
    assert code == 0, out
    book = openpyxl.load_workbook(target, read_only=True)
    assert {"municipios", "demanda", "oferta", "cooperacion", "datos que faltan"} <= set(
        book.sheetnames
    )
    demand = list(book["demanda"].iter_rows(values_only=True))
    assert demand[0][:3] == ("Código", "Nombre", "Población 5–16 (DANE)")
    assert len(demand) - 1 == len(list(book["municipios"].iter_rows())) - 1
    missing = [row[1] for row in book["datos que faltan"].iter_rows(min_row=2, values_only=True)]
    assert any("five_w_line" in str(m) for m in missing)
    # girls and boys, migrant and host: DANE's real population split, adding up per place
    by_sex = list(book["demanda por sexo"].iter_rows(values_only=True))
    assert by_sex[0][2:5] == ("Año", "Niñas 5–16", "Niños 5–16")
    assert len(by_sex) == len(demand)
    migrants = {row[0]: row[3] for row in demand[1:]}  # the run's migrants 5–16
    for code, _, year, girls, boys, mf, mm, hf, hm in by_sex[1:]:
        assert year == 2024  # DANE's latest projection year up to the report's 2025
        assert mf + mm == pytest.approx(migrants[code])
        assert (mf + hf, mm + hm) == pytest.approx((girls, boys))
    assert sum(row[5] for row in by_sex[1:]) > 0  # migrant girls
    # no enrolment by age in the official data: no estimate, and the missing data says so
    assert list(book["fuera de la escuela"].iter_rows(min_row=2)) == []
    assert any("sede_enrolment" in str(m) for m in missing)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "etc", "9999", "--year", "2025"], "no ETC has the code"),
        (["report", "etc", ARAUCA_ETC, "--year", "2025", "--format", "doc"], "--format must be"),
        (["report", "etc", ARAUCA_ETC, "--year", "1900"], "--year must be"),
    ],
)
def test_usage_errors_say_what_is_allowed(home: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args, env={"TRAYECTO_HOME": str(home)})
    assert result.exit_code == 2
    assert message in result.output


def test_the_department_report_from_the_command_line(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "departamento.html"
    code, out = invoke(
        home, "report", "department", "81", "--year", "2025", "--format", "html",
        "--out", str(target), "--json",
    )  # fmt: skip
    assert code == 0, out
    summary = json.loads(out)
    assert summary["department"] == {"kind": "department", "code": "81", "name": "Arauca"}
    page = target.read_text(encoding="utf-8")
    assert "Departamento Arauca (81) · 2025" in page
    assert "Municipios del departamento (7)" in page
    refused, _ = invoke(home, "report", "department", "00", "--year", "2025", "--out", str(target))
    assert refused == 2  # a usage error: no such department
