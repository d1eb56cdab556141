"""Demo 5W data goes through the real importer and workflow, and is marked as demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto import paths
from trayecto.importers.divipola import load as load_divipola
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Organization
from trayecto.web.response.demo import load_five_w_demo
from trayecto.web.response.models import ActivityLine, Submission
from trayecto.web.response.selectors.reach import reach_figures


@pytest.mark.django_db
def test_demo_five_w_is_imported_published_and_idempotent(
    trayecto_home: Path, shared_data: Path
) -> None:
    warehouse = Warehouse(paths.warehouse_dir())
    assert load_five_w_demo(warehouse) == {"five_w": "skipped: import the geography first"}
    load_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")), warehouse, dry_run=False)
    summary = load_five_w_demo(warehouse)["five_w"]
    assert [row["status"] for row in summary] == ["published", "published", "submitted"] * 2
    assert all(o.is_demo for o in Organization.objects.filter(code__startswith="demo-"))
    assert all("DEMO" in c for c in ActivityLine.objects.values_list("comments", flat=True))
    # one line a report supports the ETPV and names the fictitious project, marked as demo
    linked = ActivityLine.objects.filter(etpv_support=True)
    assert linked.count() == Submission.objects.count() == 6
    assert set(linked.values_list("etpv_support_type", "funded_project")) == {
        ("prerregistro", "DEMO · Proyecto de educación 2026 (ficticio)")
    }
    (figure,) = reach_figures(warehouse=warehouse, period="2026-03")
    assert figure["value"] > 0
    lines = ActivityLine.objects.count()
    load_five_w_demo(warehouse)
    assert ActivityLine.objects.count() == lines
    assert Submission.objects.count() == 6


@pytest.mark.django_db
def test_demo_reports_go_through_four_eyes_with_the_demo_logins(
    trayecto_home: Path, shared_data: Path
) -> None:
    from trayecto.web.demo import demo_accounts_create
    from trayecto.web.response.models import AuditLog

    warehouse = Warehouse(paths.warehouse_dir())
    load_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")), warehouse, dry_run=False)
    demo_accounts_create()
    load_five_w_demo(warehouse)
    published = Submission.objects.filter(status="published")
    assert published.count() == 4
    for submission in published:
        steps = {
            (a.action, a.user.get_username() if a.user else "")
            for a in AuditLog.objects.filter(object_type="submission", object_id=submission.pk)
        }
        validators = {u for action, u in steps if action in {"validate", "validate_part"}}
        expected = {"gel-demo", "gel-nds-demo"} & {
            {"81": "gel-demo", "54": "gel-nds-demo"}[d] for d in submission.department_codes()
        }
        assert validators == expected
        assert ("approve", "im-demo") in steps
        assert ("publish", "admin-demo") in steps
        if submission.organization.code == "fundacion-camino-escolar":
            assert ("import", "socio-demo") in steps
