"""The monthly bulletin over the real geography: published data only, change from the month
before, a map, sections without data saying so, the archive rebuilding it byte for byte, and
the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.coordination.conftest import publish
from tests.web.factories import LineFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.coordination import ReportAction
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import plan_services, services
from trayecto.web.coordination.bulletin import (
    bulletin_issue,
    bulletin_rebuild,
    collect_inputs,
    render_html,
)
from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.coordination.models import BulletinRecord, Workspace
from trayecto.web.response.models import Target

pytestmark = pytest.mark.usefixtures("workspaces")


@pytest.fixture
def reported(geography_home: Warehouse, workspaces: dict[str, Workspace]) -> Warehouse:
    """Published: NRC 1.250 people in Arauca city in March, 300 more in Saravena in April.
    Not published: UNICEF's April report (9.999 people) and Norte de Santander's LEG report."""
    publish("nrc", "2026-03", 1250)
    publish("nrc", "2026-04", 300, municipality="81736")
    sent = SubmissionFactory(organization__code="unicef", period=PeriodFactory(month="2026-04"))
    LineFactory(submission=sent, new_beneficiaries=9999, beneficiaries=9999)
    arauca = services.report_start(workspace=workspaces["81"], period="2026-04", user=None)
    services.report_update(report=arauca, user=None, sections={"summary": "Publicado Arauca."})
    for action in (ReportAction.SUBMIT, ReportAction.APPROVE, ReportAction.PUBLISH):
        services.report_transition(report=arauca, action=action, user=None)
    nds = services.report_start(workspace=workspaces["54"], period="2026-04", user=None)
    services.report_update(report=nds, user=None, sections={"summary": "Borrador secreto."})
    services.report_transition(report=nds, action=ReportAction.SUBMIT, user=None)
    Target.objects.create(indicator="EDU-04", department="81", plan_year=2026, value=2000)
    return geography_home


def without_svg(page: str) -> str:
    """The page without its drawings (their coordinates would match any number)."""
    return re.sub(r"<svg.*?</svg>", "<svg/>", page, flags=re.S)


def html(scope: BulletinScope, warehouse: Warehouse) -> str:
    version = warehouse.manifest().version
    return render_html(scope, warehouse=warehouse, version=version, inputs=collect_inputs(scope))


def test_the_national_bulletin_shows_published_data_only(reported: Warehouse) -> None:
    drawn = html(BulletinScope("2026-04"), reported)
    assert "<svg" in drawn.split('class="section-map"')[1]
    page = without_svg(drawn)
    assert '<div class="value reach">1.550</div>' in page  # Spanish thousands
    assert "+300 (+24,0 %)" in page  # against March's 1.250
    assert "9.999" not in page  # UNICEF's report is not published
    assert "10.549" not in page
    assert "Publicado Arauca." in page
    assert "Borrador secreto." not in page  # a LEG report not yet published
    assert "Arauca (81)" in page.split('class="section-map"')[1]
    needs = page.split('class="section-needs"')[1].split("</section>")[0]
    assert "Sin datos publicados para este periodo." in needs  # no OCHA table, no run published
    targets = page.split('class="section-targets"')[1].split("</section>")[0]
    assert "1.550" in targets  # EDU-04 reached against 2.000
    assert "77,5" in targets
    assert "450" in targets  # the gap


def test_a_department_bulletin_maps_municipalities_and_another_has_no_reach(
    reported: Warehouse,
) -> None:
    arauca = html(BulletinScope("2026-04", "81"), reported)
    assert "Arauca (81)" in arauca
    assert "Saravena (81736)" in arauca.split('class="section-map"')[1]
    nds = html(BulletinScope("2026-04", "54"), reported)
    key = nds.split('class="section-key_figures"')[1].split("</section>")[0]
    assert "Sin datos publicados para este periodo." in key
    assert "Publicado Arauca." not in nds


def test_january_has_no_change_from_december(geography_home: Warehouse) -> None:
    publish("nrc", "2026-01", 40)
    page = html(BulletinScope("2026-01"), geography_home)
    assert '<div class="value change">—</div>' in page


def test_the_archive_rebuilds_a_bulletin_byte_for_byte(reported: Warehouse) -> None:
    scope = BulletinScope("2026-04", "81")
    record = bulletin_issue(scope, "pdf", user=None, source="test")
    assert bytes(record.content).startswith(b"%PDF")
    assert record.manifest_version == reported.manifest().version
    # later: more published data, a plan changes; the archived bulletin stays what it was
    publish("savethechildren", "2026-04", 777, municipality="81065")
    plan_services.etpv_plan_ensure()
    assert '<div class="value reach">2.327</div>' in html(scope, reported)  # today's figure
    rebuilt = bulletin_rebuild(BulletinRecord.objects.get(pk=record.pk))
    assert rebuilt == bytes(record.content)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("viewer", 200), ("partner", 200),
     ("leg_coordinator", 200), ("im_officer", 200)],
)  # fmt: skip
def test_every_member_reads_the_archive_only_the_national_cluster_issues(
    as_persona: Callable[[str], Client], geography_home: Warehouse, persona: str, status: int
) -> None:
    client = as_persona(persona)
    assert client.get(reverse("coordination:bulletins")).status_code == status
    response = client.post(
        reverse("coordination:bulletins"), {"period": "2026-04", "department": "81",
                                             "format": "html"},
    )  # fmt: skip
    national = persona == "im_officer"
    assert response.status_code == (302 if national or persona == "anonymous" else 403)
    assert BulletinRecord.objects.exists() == national
    if national:
        record = BulletinRecord.objects.get()
        download = client.get(reverse("coordination:bulletin-file", args=[record.pk]))
        assert download.content == bytes(record.content)
        check = client.post(reverse("coordination:bulletin-rebuild", args=[record.pk]), follow=True)
        assert "idéntico" in check.content.decode()


def test_a_bad_period_or_department_is_refused_with_the_rule(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("im_officer")
    response = client.post(reverse("coordination:bulletins"),
                           {"period": "2026-13", "department": "", "format": "pdf"})  # fmt: skip
    assert response.status_code == 400
    assert "AAAA-MM" in response.content.decode()
    response = client.post(reverse("coordination:bulletins"),
                           {"period": "2026-03", "department": "8", "format": "pdf"})  # fmt: skip
    assert response.status_code == 400
    assert "dos dígitos" in response.content.decode()


def test_the_command_writes_the_pdf_and_archives_it(tmp_path: Path) -> None:
    env = {**os.environ, "TRAYECTO_HOME": str(tmp_path / "home"),
           "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    out = tmp_path / "boletin.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "trayecto.cli", "report", "bulletin", "--period", "2026-03",
         "--department", "81", "--format", "pdf", "--out", str(out), "--json"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert '"archive_id": 1' in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "trayecto.cli", "report", "bulletin", "--period", "2026-3",
         "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "YYYY-MM" in bad.stderr
