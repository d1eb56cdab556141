"""Reminders: partners × periods due soon, today or overdue, and one mail per partner focal
point (Django's locmem backend, time frozen), as the page and `trayecto reminders` send them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import time_machine
from django.core import mail

from tests.web.factories import OrganizationFactory, PeriodFactory, SubmissionFactory, member
from trayecto.domain.five_w import Status
from trayecto.web.response.models import AuditLog
from trayecto.web.response.selectors.monitoring import local_today, reminders_due
from trayecto.web.response.services.reminders import reminders_send


def test_one_mail_per_focal_point_lists_its_organisations_pending_reports(
    people: dict[str, Any],
) -> None:
    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    PeriodFactory(month="2026-05", due_date=date(2026, 5, 12))
    PeriodFactory(month="2026-06", due_date=date(2026, 7, 10))  # far away: no reminder yet
    SubmissionFactory(organization=OrganizationFactory(code="nrc"), period=march)
    SubmissionFactory(
        organization=OrganizationFactory(code="savethechildren"), period=march,
        status=Status.DRAFT,  # a draft is not a report received
    )  # fmt: skip
    people["partner"].email = "punto.focal@nrc.example"
    people["partner"].save()
    second = member("nrc_second", "partner", "nrc")
    second.email = "otra.persona@nrc.example"
    second.save()
    with time_machine.travel(datetime(2026, 5, 10, 15, tzinfo=UTC)):  # 10:00 in Bogotá
        today = local_today()
        due = reminders_due(today=today)
        result = reminders_send(reminders=due)
    assert today == date(2026, 5, 10)
    pending = {(r["organization"], r["period"], r["reminder"]) for r in due}
    assert pending == {
        ("nrc", "2026-04", "today"), ("nrc", "2026-05", "soon"),
        ("savethechildren", "2026-03", "overdue"), ("savethechildren", "2026-04", "today"),
        ("savethechildren", "2026-05", "soon"),
    }  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == [
        "otra.persona@nrc.example", "punto.focal@nrc.example",
    ]  # fmt: skip
    body = mail.outbox[0].body
    assert "El reporte 5W de 2026-04 vence hoy, 2026-05-10." in body
    assert "The 2026-05 5W report is due on 2026-05-12 (soon)." in body
    assert "2026-03" not in body  # NRC sent March
    # Save the Children's focal point has no email: said, not skipped silently
    assert result["no_email"] == [{"organization": "savethechildren", "username": "socio-save"}]
    assert AuditLog.objects.filter(action="reminder_sent").count() == 2


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAYECTO_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # the home's own SQLite file, not the shared test server
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip


def test_the_reminders_command_lists_and_sends(tmp_path: Path) -> None:
    home = tmp_path / "home"
    setup = """
from datetime import date
from trayecto.web.bootstrap import ensure_home
ensure_home()
from django.contrib.auth.models import User
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.response.models import ReportingPeriod, Submission
nrc = Organization.objects.create(code="nrc", name="Consejo Noruego", type="ingo")
march = ReportingPeriod.objects.create(month="2026-03", due_date=date(2026, 4, 10))
ReportingPeriod.objects.create(month="2026-04", due_date=date(2026, 5, 10))
Submission.objects.create(organization=nrc, period=march, status="submitted")
user = User.objects.create(username="focal", email="focal@nrc.example")
Membership.objects.create(user=user, organization=nrc, role="partner")
"""
    assert run(home, "-c", setup).returncode == 0
    cli = ("-m", "trayecto.cli", "reminders")
    assert run(home, *cli, "--date", "10/05/2026").returncode == 2
    listed = run(home, *cli, "--date", "2026-05-11", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {
        "date": "2026-05-11",
        "reminders": [{"organization": "nrc", "period": "2026-04", "reminder": "overdue",
                       "due": "2026-05-10"}],
    }  # fmt: skip
    assert not (home / "outbox").exists()  # listing sends nothing
    sent = json.loads(run(home, *cli, "--date", "2026-05-11", "--json", "--send").stdout)
    assert sent["sent"] == [{"organization": "nrc", "to": "focal@nrc.example",
                             "periods": ["2026-04"]}]  # fmt: skip
    (message,) = (home / "outbox").iterdir()  # the file backend, by default
    text = message.read_text(encoding="utf-8")
    assert "To: focal@nrc.example" in text
    assert "2026-04" in text
