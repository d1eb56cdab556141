"""A LEG coordinator on a 390 px phone: opens the Arauca workspace, writes and submits the
monthly report, records a meeting with a follow-up; nothing needs a horizontal scroll."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from playwright.sync_api import expect

from tests.web.factories import PASSWORD
from trayecto.web.coordination.models import FollowUp, LegReport
from trayecto.web.coordination.services import workspaces_ensure_priority

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "es-CO"}


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_leg_coordinator_writes_submits_and_records_a_meeting_on_a_phone(
    page: Any, live_server: Any, trayecto_home: Path, leg_coordinator: AbstractBaseUser
) -> None:
    workspaces_ensure_priority()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "gel")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{base}/coordinacion/")
    assert "Arauca" in page.inner_text("table.workspaces")
    assert fits(page)
    page.click("text=Arauca")
    assert page.inner_text("h1").startswith("GEL Arauca")
    assert fits(page)

    page.fill("input[name=period]", "2026-03")
    page.click("text=Empezar el informe")
    page.wait_for_url("**/informes/2026-03/")
    page.fill("textarea[name=summary]", "Mes de matrícula en Arauca.")
    page.click("form.report-sections button[type=submit]")
    assert "Informe guardado." in page.inner_text(".messages")
    assert fits(page)
    page.click("button.action-submit")
    page.wait_for_load_state()
    assert page.inner_text("strong.status") == "enviado"
    assert LegReport.objects.get().summary == "Mes de matrícula en Arauca."

    page.goto(f"{base}/coordinacion/81/reuniones/nueva/")
    page.fill("input[name=held_on]", "2026-04-02")
    page.fill("input[name=title]", "GEL Arauca abril")
    page.click("form.meeting-form button[type=submit]")
    page.wait_for_url("**/reuniones/*/")
    page.fill("form.follow-up-form textarea[name=text]", "Listado de sedes con NES")
    # the workspace's organisations: its coordinator's (UNICEF) among them
    page.select_option("form.follow-up-form select[name=organization]", label="UNICEF")
    page.fill("form.follow-up-form input[name=due_date]", "2026-04-30")
    page.click("form.follow-up-form button[type=submit]")
    page.wait_for_load_state()
    assert "Listado de sedes con NES" in page.inner_text("table.follow-ups")
    assert fits(page)
    assert FollowUp.objects.get().organization.code == "unicef"


def test_a_partner_updates_its_action_inline_on_the_plan_page(
    page: Any, live_server: Any, trayecto_home: Path, partner: AbstractBaseUser
) -> None:
    """htmx swaps the row in place: the page is not reloaded (a marker set on it survives)."""
    from datetime import date

    from tests.web.factories import OrganizationFactory
    from trayecto.web.coordination import plan_services

    plan = plan_services.etpv_plan_ensure()
    own = plan_services.action_create(
        plan=plan, code="A1", title="Identificar estudiantes con NES", user=None,
        lead=OrganizationFactory(code="nrc"), supporting=[], etc_code="3802",  # the partner's
        start_date=date(2026, 2, 1), due_date=date(2030, 3, 31),
        indicator="Estudiantes venezolanos con NES", target=1000.0,
    )  # fmt: skip
    plan_services.action_create(
        plan=plan, code="A2", title="Otra", user=None, supporting=[],
        lead=OrganizationFactory(code="unicef"), start_date=date(2026, 2, 1),
        due_date=date(2030, 3, 31),
    )  # fmt: skip
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "socio")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/coordinacion/planes/etpv/")
    assert fits(page)
    page.evaluate("window.notReloaded = true")
    row = page.locator(f"#action-{own.pk}")
    assert page.locator("form.status-form").count() == 1  # only its own action
    row.evaluate("element => { element.dataset.old = 'yes'; }")
    row.locator("select[name=status]").select_option("in_progress")
    row.locator("form.status-form button").click()
    expect(page.locator(f"#action-{own.pk}[data-old]")).to_have_count(0)  # swapped in place
    row = page.locator(f"#action-{own.pk}")
    expect(row.locator("select[name=status]")).to_have_value("in_progress")
    row.locator("input[name=on]").fill("2026-03-15")
    row.locator("input[name=value]").fill("250")
    row.locator("form.progress-form button").click()
    expect(page.locator(f"#action-{own.pk} .latest")).to_have_text("250")
    assert "25,0 %" in page.locator(f"#action-{own.pk}").inner_text()
    # the swapped row keeps the action's figures from the 5W (none approved yet)
    assert "5W, apoyo al ETPV aprobado: 0 personas en 0 líneas" in row.inner_text()
    assert fits(page)
    assert page.evaluate("window.notReloaded") is True
    own.refresh_from_db()
    assert own.status == "in_progress"
    assert own.updates.get().value == 250
    assert fits(page)
