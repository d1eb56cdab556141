"""The demo: organisations and one login per role, marked as demo, safe to run twice.

`login(request=HttpRequest(), ...)`: the login limits (django-axes) count per request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client

from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.web.accounts import access
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.demo import DEMO_LOGINS, DemoLogin, demo_accounts_create

pytestmark = pytest.mark.django_db


def test_one_demo_login_per_role() -> None:
    summary = demo_accounts_create()
    roles = [login["role"] for login in summary["logins"]]
    assert set(roles) == set(Membership.Role.values)
    # one LEG per demo department, so that a report of both needs both (four eyes)
    legs = [
        login for login in summary["logins"] if login["role"] == Membership.Role.LEG_COORDINATOR
    ]
    assert [tuple(login["department_codes"]) for login in legs] == [("81",), ("54",)]
    assert Organization.objects.filter(is_demo=True).count() == 6
    assert set(Organization.objects.values_list("type", flat=True)) == set(Organization.Type.values)


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_each_printed_login_opens_the_site_with_its_role(login: DemoLogin) -> None:
    demo_accounts_create()
    client = Client()
    assert client.login(request=HttpRequest(), username=login.username, password=login.password)
    response = client.get("/organizacion/" + login.organization + "/")
    assert response.status_code in {200, 403}  # reached the page as a member, not the login
    user = get_user_model().objects.get(username=login.username)
    scope = access.scope_of(user)
    assert scope is not None
    assert scope.role == login.role


def test_passwords_are_stored_hashed() -> None:
    demo_accounts_create()
    for login in DEMO_LOGINS:
        stored = get_user_model().objects.get(username=login.username).password
        assert login.password not in stored
        assert "$" in stored


def test_running_it_twice_changes_nothing() -> None:
    first = demo_accounts_create()
    state = (
        list(Organization.objects.order_by("code").values()),
        list(Membership.objects.order_by("user__username").values()),
        list(get_user_model().objects.order_by("username").values_list("username", "password")),
    )
    second = demo_accounts_create()
    assert first == second
    assert state == (
        list(Organization.objects.order_by("code").values()),
        list(Membership.objects.order_by("user__username").values()),
        list(get_user_model().objects.order_by("username").values_list("username", "password")),
    )


def test_a_changed_demo_password_is_reset_to_the_printed_one() -> None:
    demo_accounts_create()
    user = get_user_model().objects.get(username="admin-demo")
    user.set_password("something-else")
    user.save()
    demo_accounts_create()
    assert Client().login(request=HttpRequest(), username="admin-demo", password="trayecto-admin")


def test_the_home_page_says_demo_data_is_demo(empty_warehouse: object) -> None:
    demo_accounts_create()
    client = Client()
    client.login(request=HttpRequest(), username="donante-demo", password="trayecto-donante")
    html = client.get("/").content.decode()
    assert "Este sitio es una demostración" in html


def test_without_demo_organisations_there_is_no_demo_banner(
    empty_warehouse: object, viewer: Any
) -> None:
    client = Client()
    client.force_login(viewer)
    assert "Este sitio es una demostración" not in client.get("/").content.decode()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_only_the_cluster_admin_opens_the_admin_site(login: DemoLogin) -> None:
    demo_accounts_create()
    client = Client()
    client.login(request=HttpRequest(), username=login.username, password=login.password)
    response = client.get("/admin/accounts/organization/")
    if login.role == Membership.Role.CLUSTER_ADMIN:
        assert response.status_code == 200
        assert "Fundación Camino Escolar" in response.content.decode()
    else:
        assert response.status_code == 302  # to the admin's login


def test_trayecto_demo_twice_from_the_mirror(tmp_path: Path, shared_data: Path) -> None:
    """The command line end to end: sources, imports, logins; the second run changes nothing."""
    env = {
        **os.environ,
        "TRAYECTO_HOME": str(tmp_path / "home"),
        "TRAYECTO_SOURCES": str(shared_data),
        "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings",
    }
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file under TRAYECTO_HOME

    def trayecto(*args: str) -> Any:
        result = subprocess.run(
            [sys.executable, "-m", "trayecto.cli", *args, "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return json.loads(result.stdout)

    def demo() -> dict[str, Any]:
        summary: dict[str, Any] = trayecto("demo", "--no-serve")
        return summary

    first = demo()
    manifest = (tmp_path / "home" / "warehouse" / "manifest.json").read_text(encoding="utf-8")
    second = demo()
    assert (tmp_path / "home" / "warehouse" / "manifest.json").read_text(
        encoding="utf-8"
    ) == manifest
    assert first["logins"] == second["logins"]
    assert [login["username"] for login in first["logins"]] == [
        login.username for login in DEMO_LOGINS
    ]
    assert {"divipola", "pcodes", "mgn2018", "etc"} <= {i["source"] for i in first["imports"]}
    # OCHA's needs come with the other official sources
    [jiaf] = [i for i in first["imports"] if i["source"] == "jiaf-hno"]
    assert jiaf["rows_imported"] == 1122
    # the demo's needs run, made once from those sources and published for the bulletin
    assert first["needs"]["run"] == second["needs"]["run"]
    for report in first["imports"]:
        assert report["rows_read"] == report["rows_imported"] + report["rows_rejected"]
        assert not report["refused"]
    # The Chocó 2026 earthquake, its real list imported from the mirror into the event, once.
    assert first["emergencies"]["event"] == second["emergencies"]["event"]
    assert first["emergencies"]["import"]["rows_imported"] == 300
    # its real sede codes are not called unknown for want of them among the synthetic sedes
    problems = first["emergencies"]["import"]["problems"]
    assert [p for p in problems if p["message"].startswith("unknown sede")] == []
    [event] = trayecto("event", "list")
    assert (event["id"], event["type"], event["subtype"], event["status"]) == (
        first["emergencies"]["event"], "natural_disaster", "earthquake", "responding"
    )  # fmt: skip
    assert (event["department_codes"], event["sedes_affected"]) == (["27"], 300)
    # synthetic students (SINTÉTICO) in the seven priority departments, every one of their
    # ETCs included, imported once
    assert [r["refused"] for r in first["synthetic_students"]] == [False] * 3
    flows = trayecto("trajectory", "--level", "department", "--year", "2024")
    assert {r["area_code"] for r in flows} == set(PRIORITY_DEPARTMENTS)
    etcs = trayecto("trajectory", "--level", "etc", "--year", "2024")
    assert len(etcs) == 20
    assert all(r["enrolled"] > 0 for r in etcs)
