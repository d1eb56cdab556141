"""`organization_upsert` audits what it changes, as the 5W services do: a creation, a change
with the values before, nothing when run again with the same values; `trayecto org add`
leaves the entry on the command line's behalf (no user)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.web.factories import UserFactory
from trayecto.web.accounts.models import Organization
from trayecto.web.accounts.services import organization_upsert
from trayecto.web.response.models import AuditLog


def entries(organization: Organization) -> list[tuple[str, int | None, dict[str, Any]]]:
    found = AuditLog.objects.filter(object_type="organization", object_id=organization.pk)
    return [(e.action, e.user_id, e.detail) for e in found.order_by("id")]


@pytest.mark.django_db
def test_a_creation_and_a_change_are_audited_and_a_repeat_writes_nothing() -> None:
    admin = UserFactory(username="admin-audit")
    nrc = organization_upsert(code="nrc", name="Consejo Noruego", type="ingo", user=admin)
    organization_upsert(code="nrc", name="Consejo Noruego", type="ingo", user=admin)  # again
    organization_upsert(code="nrc", name="NRC", type="ingo")
    assert entries(nrc) == [
        ("org_add", admin.pk, {"name": "Consejo Noruego", "type": "ingo", "is_demo": False}),
        ("org_update", None, {
            "before": {"name": "Consejo Noruego", "type": "ingo", "is_demo": False},
            "after": {"name": "NRC", "type": "ingo", "is_demo": False},
        }),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_refused_value_writes_nothing() -> None:
    with pytest.raises(ValueError, match="type"):
        organization_upsert(code="x", name="X", type="alien")
    assert not Organization.objects.filter(code="x").exists()
    assert not AuditLog.objects.filter(object_type="organization").exists()


def test_org_add_on_the_command_line_is_audited(tmp_path: Path) -> None:
    env = {**os.environ, "TRAYECTO_HOME": str(tmp_path / "home")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # the home's own SQLite file, not the shared test server
    command = [sys.executable, "-m", "trayecto.cli", "org", "add", "Consejo Noruego",
               "--code", "nrc", "--type", "ingo", "--json"]  # fmt: skip
    for _ in range(2):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] is False
    script = (
        "import django, json; django.setup();"
        "from trayecto.web.response.models import AuditLog;"
        "print(json.dumps(list(AuditLog.objects.filter(object_type='organization')"
        ".values_list('action', 'user_id'))))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "trayecto.web.config.settings"
    logged = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    assert json.loads(logged.stdout) == [["org_add", None]]
