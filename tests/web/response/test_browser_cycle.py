"""The whole monthly 5W cycle in the real browser, for a partner working in two departments
as in the demo: upload with a mismatched row (rejected), confirm and submit, each LEG
validates its department, the IM officer approves and publishes from the publish queue, and
reach filtered by department name equals the total of the filtered line export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User

from tests.importers.test_five_w_workbooks import fill_template, template_row
from tests.web.conftest import Role
from tests.web.factories import PASSWORD, member
from trayecto import paths
from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser: Any, live_server: Any) -> Iterator[Any]:
    """`open_as("socio")` -> a page in a fresh browser context, logged in as that user."""
    contexts: list[Any] = []

    def login(username: str) -> Any:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login-form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield login
    for context in contexts:
        context.close()


def test_a_report_of_two_departments_goes_from_upload_to_published_reach(
    open_as: Any, live_server: Any, trayecto_home: Path, shared_data: Path,
    people: dict[str, User], tmp_path: Path,
) -> None:  # fmt: skip
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    # two LEGs of one department each (the leg_coordinator persona covers both)
    member("gel-arauca", Role.LEG_COORDINATOR, "unicef", department_codes=["81"])
    member("gel-norte", Role.LEG_COORDINATOR, "unicef", department_codes=["54"])
    workbook = fill_template(
        tmp_path / "nrc-marzo.xlsx",
        municipalities_from_divipola(divipola),
        [
            template_row(beneficiaries=40, **{"cell:f:6-11": 25, "cell:m:6-11": 15}),
            template_row(department="54 - Norte de Santander", municipality="54001",
                         beneficiaries=30, **{"cell:f:6-11": 10, "cell:m:6-11": 20}),
            template_row(municipality="54001", beneficiaries=7,  # Cúcuta on an Arauca row
                         **{"cell:f:6-11": 7, "cell:m:6-11": 0}),
        ],
    )  # fmt: skip
    base = live_server.url

    # the partner uploads, sees the rejected row, and confirms
    partner = open_as("socio")
    partner.goto(f"{base}/5w/")
    upload = "form[enctype='multipart/form-data']"
    partner.set_input_files(f"{upload} input[name=file]", str(workbook))
    partner.fill(f"{upload} input[name=period]", "2026-03")
    partner.click(f"{upload} button[type=submit]")
    partner.wait_for_selector("section.confirm")
    rejected = partner.inner_text("table.problems tbody")
    assert "no de Arauca (81)" in rejected
    assert not Submission.objects.exists()  # nothing sent before confirming
    partner.click("text=Enviar 2 de 3 filas a validación")
    partner.wait_for_selector("p.sent")
    assert "Enviado a validación: 2 de 3 filas" in partner.inner_text("p.sent")
    partner.click("ul.sent-reports a")
    assert partner.inner_text("strong.status") == "enviado"
    report = Submission.objects.get()

    # each LEG validates its department; the report moves on when both have
    for username, mine, other in (
        ("gel-arauca", "Arauca (81)", "Norte de Santander (54)"),
        ("gel-norte", "Norte de Santander (54)", "Arauca (81)"),
    ):
        leg = open_as(username)
        leg.goto(f"{base}/5w/revision/")
        queue = leg.inner_text("table.queue")
        assert f"{mine}: pendiente" in queue
        leg.click("text=Validar su parte")
        cells = leg.inner_text("table.lines")
        assert "F 6-11" in cells  # the sex × age breakdown the LEG checks
        leg.click("button[value=validate]")
        leg.goto(f"{base}/5w/revision/")
        if username == "gel-arauca":
            queue = leg.inner_text("table.queue")
            assert f"{mine}: validado por {username}" in queue
            assert f"{other}: pendiente" in queue
    report.refresh_from_db()
    assert report.status == "validated"

    # the IM officer approves, then publishes from the publish queue (nothing pre-ticked)
    im = open_as("im")
    im.goto(f"{base}/5w/revision/")
    box = f"ul.approve input[value='{report.pk}']"
    assert not im.is_checked(box)
    im.check(box)
    im.click("text=Aprobar los seleccionados")
    box = f"ul.publish input[value='{report.pk}']"
    assert not im.is_checked(box)
    im.check(box)
    im.click("text=Publicar los seleccionados")
    im.wait_for_selector("text=Reportes publicados: 1")
    report.refresh_from_db()
    assert report.status == "published"

    # reach filtered by department name equals the filtered export's total
    im.goto(f"{base}/5w/alcance/?period=2026-03")
    assert im.inner_text("strong.total") == "70"
    im.select_option("select[name=department]", label="Arauca (81)")
    im.click("form.filters button[type=submit]")
    assert im.inner_text("strong.total") == "40"
    assert im.eval_on_selector("select[name=department]", "s => s.value") == "81"
    with im.expect_download() as download:
        im.click("a.export-xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "5W-lineas.xlsx"
    sheet = openpyxl.load_workbook(saved).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(3)]
    assert {r["Departamento"] for r in rows} == {"Arauca"}
    assert sum(r["Beneficiarios nuevos"] for r in rows) == 40


def test_a_partner_types_a_line_with_cascading_pickers(
    open_as: Any, live_server: Any, trayecto_home: Path, shared_data: Path,
    people: dict[str, User],
) -> None:  # fmt: skip
    from tests.web.factories import SubmissionFactory

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    draft = SubmissionFactory(status="draft")
    page = open_as("socio")
    page.goto(f"{live_server.url}/5w/{draft.pk}/")
    page.click("a.line-add")
    # htmx binds the pickers once the page has loaded: choosing before that sends nothing
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    page.select_option("select[name=department]", label="Arauca (81)")
    page.wait_for_selector("select[name=municipality] option[value='81065']", state="attached")
    assert page.locator("select[name=municipality] option[value='54001']").count() == 0
    page.select_option("select[name=municipality]", label="Arauquita (81065)")
    page.wait_for_function("document.querySelector('select[name=municipality]').value === '81065'")
    page.select_option("select[name=activity]", value="EDU-04")
    page.select_option("select[name=population_group]", value="transito")
    page.select_option("select[name=beneficiary_type]", value="nuevo")
    page.fill("input[name=beneficiaries]", "9")
    page.fill("input[name='cell:f:6-11']", "9")
    page.click("form.line-form button[type=submit]")
    page.wait_for_selector("table.lines")
    assert "Arauquita" in page.inner_text("table.lines")
    line = draft.lines.get()
    assert (line.municipality, line.department, line.beneficiaries) == ("81065", "81", 9)


# The element that sticks out furthest to the right, to say what does not fit.
WIDEST = """[...document.querySelectorAll('body *')]
  .map(e => [e.getBoundingClientRect().right, e.tagName + '.' + e.className])
  .sort((a, b) => b[0] - a[0])[0]"""


def test_the_5w_pages_fit_a_390_pixel_phone(
    open_as: Any, live_server: Any, trayecto_home: Path, shared_data: Path,
    people: dict[str, User],
) -> None:  # fmt: skip
    from tests.web.factories import LineFactory, SubmissionFactory

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    submitted = SubmissionFactory()
    LineFactory(submission=submitted, cells={"f:6-11": 6, "m:6-11": 4})
    LineFactory(submission=submitted, municipality="54001")
    draft = SubmissionFactory(period__month="2026-02", status="draft")
    pages = {
        "gel": ["/5w/revision/", f"/5w/{submitted.pk}/"],
        "socio": [f"/5w/{draft.pk}/lineas/nueva/", "/5w/", "/5w/alcance/?period=2026-03"],
        "im": ["/5w/revision/", "/5w/completitud/?year=2026"],
    }
    for username, urls in pages.items():
        page = open_as(username)
        page.set_viewport_size({"width": 390, "height": 800})
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            widest = page.evaluate(WIDEST)
            assert width <= 390, (username, url, width, widest)
