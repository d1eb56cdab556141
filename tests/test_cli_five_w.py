"""The 5W commands end to end, as a user types them, on a fresh $TRAYECTO_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS

TRAYECTO = [sys.executable, "-m", "trayecto.cli"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAYECTO_HOME": str(home), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    return subprocess.run(
        [*TRAYECTO, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def fill(path: Path, rows: list[dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(path)
    sheet = wb["5W"]
    for i, row in enumerate(rows):
        for j, column in enumerate(TEMPLATE_COLUMNS):
            sheet.cell(FIRST_DATA_ROW + i, j + 1, row.get(column.field))
    wb.save(path)


@pytest.mark.slow
def test_template_import_and_reach_from_the_command_line(tmp_path: Path, shared_data: Path) -> None:
    home = tmp_path / "home"
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    assert run(home, "import", "divipola", str(divipola)).returncode == 0
    added = run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo", "--json")
    assert json.loads(added.stdout)["created"] is True
    assert run(home, "org", "add", "X", "--code", "x", "--type", "alien").returncode == 2
    unknown = run(home, "template", "5w", "--period", "2026-03", "--org", "nobody", "--out", "x")
    assert unknown.returncode == 2

    workbook = tmp_path / "nrc-2026-03.xlsx"
    made = run(
        home, "template", "5w", "--period", "2026-03", "--org", "nrc", "--out", str(workbook)
    )
    assert made.returncode == 0, made.stderr
    line = {
        "org": "nrc", "month": "2026-03", "municipality": "81001 - Arauca (Arauca)",
        "activity": "EDU-04", "population_group": "Refugiados y migrantes en tránsito",
        "beneficiary_type": "Nuevo", "beneficiaries": 12, "cell:f:6-11": 12,
    }  # fmt: skip
    fill(workbook, [line, {**line, "activity": "EDU-09"}, {**line, "beneficiaries": "doce"}])

    dry = run(home, "import", "5w", str(workbook), "--dry-run", "--json")
    report = json.loads(dry.stdout)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (3, 2, 1)
    assert report["problems"][0]["row"] == FIRST_DATA_ROW + 2
    assert report["dry_run"] is True

    done = run(home, "import", "5w", str(workbook), "--org", "nrc", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["submissions"][0]["action"] == "import"

    published = run(home, "reach", "--period", "2026-03", "--json")
    assert json.loads(published.stdout) == []  # nothing published yet
    submitted = run(home, "reach", "--period", "2026-03", "--status", "submitted", "--json")
    (figure,) = json.loads(submitted.stdout)
    assert (figure["area_code"], figure["value"]) == ("CO", 12)  # max across the two activities
    by_muni = run(
        home, "reach", "--level", "municipality", "--period", "2026-03",
        "--status", "submitted", "--rule", "sum_new", "--json",
    )  # fmt: skip
    (arauca,) = json.loads(by_muni.stdout)
    assert (arauca["area_code"], arauca["value"], arauca["provenance"]["method"]) == (
        "81001",
        24,
        "sum_new",
    )
    assert arauca["area_name"]
    by_site = run(
        home, "reach", "--period", "2026-03", "--status", "submitted", "--rule", "max_site",
        "--json",
    )  # fmt: skip
    (site,) = json.loads(by_site.stdout)  # no sede named: one site, the largest line
    assert (site["value"], site["provenance"]["method"]) == (12, "max_site")
    wrong = run(home, "reach", "--period", "2026-03", "--rule", "max_school")
    assert wrong.returncode == 2
    assert "max_site" in wrong.stderr
    assert run(home, "reach", "--period", "2026-13").returncode == 2
    assert run(home, "import", "divipola", str(divipola), "--org", "nrc").returncode == 2


@pytest.mark.slow
def test_gifmm_month_names_take_the_year_of_the_period(tmp_path: Path, shared_data: Path) -> None:
    """GIFMM files write 'Marzo' without a year: --period gives it; another month is reported."""
    from tests.importers.test_five_w_workbooks import gifmm_workbook

    home = tmp_path / "home"
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    assert run(home, "import", "divipola", str(divipola)).returncode == 0
    assert (
        run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo").returncode
        == 0
    )
    catalogs = shared_data / "gifmm_reference_catalogs"
    v1 = {
        "Socio Principal": "nrc", "Departamento": "La Guajira", "Municipio": "Riohacha",
        "Mes": "Marzo",
        "Indicador": "# de refugiados y migrantes de Venezuela que acceden a servicios de "
        "educación de emergencia no formales y formales",
        "Beneficiarios mensuales": 30, "Beneficiarios nuevos": 20,
        "Beneficiarios en tránsito": 20, "Niñas y Adolescentes <18": 12,
        "Niños y Adolescentes  <18": 8, "Mujeres adultas >=18": 0, "Hombres adultos >=18": 0,
    }  # fmt: skip
    workbook = gifmm_workbook(
        tmp_path / "gifmm-v1.xlsx",
        catalogs / "gifmm_5w_template_v1_1_columns.csv",
        [v1, {**v1, "Mes": "Abril"}],
    )
    # without a period, "Marzo" has no year: every row is reported, nothing enters
    no_year = json.loads(run(home, "import", "5w", str(workbook), "--dry-run", "--json").stdout)
    assert (no_year["rows_read"], no_year["rows_rejected"]) == (2, 2)
    assert {p["value"] for p in no_year["problems"] if p["column"]} >= {"Marzo", "Abril"}
    assert run(home, "import", "5w", str(workbook), "--period", "2026-3").returncode == 2

    done = run(home, "import", "5w", str(workbook), "--period", "2026-03", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (2, 1, 1)
    (outside,) = [p for p in report["problems"] if p["severity"] == "error"]
    assert (outside["row"], outside["value"]) == (5, "Abril")
    assert "2026-04 está fuera del periodo reportado 2026-03" in outside["message"]
    assert [s["month"] for s in report["submissions"]] == ["2026-03"]
    by_muni = run(home, "reach", "--level", "municipality", "--period", "2026-03",
                  "--status", "submitted", "--json")  # fmt: skip
    (riohacha,) = json.loads(by_muni.stdout)
    assert (riohacha["area_code"], riohacha["value"]) == ("44001", 20)

    v2 = {
        "Socio Principal": "nrc", "Departamento": "Norte de Santander", "Municipio": "Cúcuta",
        "Mes": "marzo",
        "Indicador GIFMM": "# de niños en edad escolar (niñas y niños) de Venezuela inscritos en "
        "instituciones educativas apoyadas y escuelas nacionales",
        "Total beneficiarios alcanzados en el mes": 50, "Beneficiarios nuevos en el mes": 50,
        "Niñas y adolescentes <17": 20, "Niños y adolescentes <17": 30,
        "*Nuevas Niñas y adolescentes <17": 25, "*Nuevas Niños y adolescentes <17": 25,
    }  # fmt: skip
    export = gifmm_workbook(
        tmp_path / "gifmm-v2.xlsx", catalogs / "gifmm_5w_export_v2_columns.csv", [v2]
    )
    dry = run(home, "import", "5w", str(export), "--period", "2026-03", "--dry-run", "--json")
    v2_report = json.loads(dry.stdout)
    assert (v2_report["rows_read"], v2_report["rows_imported"]) == (1, 1), v2_report
    assert v2_report["profile"] == "gifmm_export_v2"


@pytest.mark.slow
def test_template_prefilled_from_the_planned_activities(tmp_path: Path, shared_data: Path) -> None:
    home = tmp_path / "home"
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    assert run(home, "import", "divipola", str(divipola)).returncode == 0
    assert (
        run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo").returncode
        == 0
    )
    # the plan as the partner enters it on its page (service, no CLI command for plans)
    script = (
        "from trayecto.web.bootstrap import ensure_home; ensure_home()\n"
        "from trayecto.web.accounts.models import Organization\n"
        "from trayecto.web.response.services.plans import planned_activity_save\n"
        "planned_activity_save(user=None, organization=Organization.objects.get(code='nrc'),"
        " activity='EDU-09', department='54', municipality='54001',"
        " population_group='comunidad_acogida', plan_year=2026, planned_beneficiaries=80)\n"
    )
    env = {**os.environ, "TRAYECTO_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    workbook = tmp_path / "plan.xlsx"
    both = run(home, "template", "5w", "--period", "2026-06", "--org", "nrc", "--out",
               str(workbook), "--prefill", "--prefill-plan")  # fmt: skip
    assert both.returncode == 2
    made = run(home, "template", "5w", "--period", "2026-06", "--org", "nrc", "--out",
               str(workbook), "--prefill-plan")  # fmt: skip
    assert made.returncode == 0, made.stderr
    sheet = openpyxl.load_workbook(workbook)["5W"]
    fields = [c.field for c in TEMPLATE_COLUMNS]
    (row,) = [
        dict(zip(fields, r, strict=False))
        for r in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
        if any(r)
    ]
    assert row["municipality"] == "54001 - San José de Cúcuta (Norte de Santander)"
    assert (row["activity"], row["population_group"]) == (
        "EDU-09 - Apoyo psicosocial y socioemocional (personas)", "Comunidad de acogida"
    )  # fmt: skip
    assert row["beneficiaries"] is None
    assert "Planificado: 80 personas en 2026" in row["comments"]
