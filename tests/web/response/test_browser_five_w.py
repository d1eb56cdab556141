"""A partner uploads a 5W workbook in the real browser and reads the problem report; the
reach dashboard draws its chart with the bundled vega-embed (no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User

from tests.web.factories import PASSWORD
from trayecto import paths
from trayecto.domain.five_w_layout import FIRST_DATA_ROW
from trayecto.importers.boundaries import load as load_mgn2018
from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Submission
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_partner_uploads_and_reads_every_problem_then_sees_the_chart(
    page: Any, live_server: Any, trayecto_home: Path, shared_data: Path,
    people: dict[str, User], tmp_path: Path,
) -> None:  # fmt: skip
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    warehouse = Warehouse(paths.warehouse_dir())
    load_divipola(divipola, warehouse, dry_run=False)
    topojson = shared_data / "mgn2018_boundaries" / "colombia_2018_simplified.topojson"
    load_mgn2018(topojson, warehouse, dry_run=False)
    workbook = write_five_w_template(
        tmp_path / "nrc.xlsx", period="2026-03", org_code="nrc",
        municipalities=municipalities_from_divipola(divipola),
    )  # fmt: skip
    assert isinstance(workbook, Path)
    wb = openpyxl.load_workbook(workbook)
    rows = [
        ["nrc", "2026-03", "", "81001", "", "", "EDU-04", "transito", "Nuevo", 40],
        ["nrc", "2026-03", "", "Springfield", "", "", "EDU-04", "transito", "Nuevo", 5],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row, start=1):
            wb["5W"].cell(FIRST_DATA_ROW + i, j, value)
    wb.save(workbook)

    log_in(page, live_server.url, "socio")
    page.goto(f"{live_server.url}/5w/")
    page.set_input_files("input[name=file]", str(workbook))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_selector("table.problems")
    problem = page.inner_text("table.problems tbody tr")
    assert "Springfield" in problem
    assert "municipio" in problem.lower()
    assert "1" in page.inner_text("p.counts")
    page.click("text=Enviar 1 de 2 filas a validación")
    page.wait_for_selector("p.sent")

    submission = Submission.objects.get()
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=warehouse)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=warehouse)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/5w/alcance/?period=2026-03")
    assert page.inner_text("strong.total") == "40"
    page.wait_for_selector("#chart svg, #chart canvas", timeout=15_000)
    page.wait_for_selector("#map svg, #map canvas", timeout=15_000)
    assert all(url.startswith(live_server.url) for url in requests)
