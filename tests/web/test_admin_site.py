"""The admin site carries the platform's name and Spanish section names, and the audit log
is readable there (and only readable) by the cluster admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from trayecto.web.accounts.models import Organization
from trayecto.web.accounts.services import member_upsert
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    """The cluster admin as `trayecto demo` and the admin commands create it (staff)."""
    unicef = Organization.objects.create(code="unicef", name="UNICEF", type="un")
    member = member_upsert(
        username="admin", password="a-long-pass-phrase", organization=unicef,
        role="cluster_admin",
    )  # fmt: skip
    client.force_login(member.user)
    return client


def test_the_admin_index_speaks_the_platforms_language(admin_client: Client) -> None:
    html = admin_client.get("/admin/").content.decode()
    assert "Trayecto · administración" in html
    assert "Cuentas y organizaciones" in html
    assert "Respuesta de los socios (5W)" in html
    assert "Django administration" not in html


def test_the_audit_log_is_readable_and_filterable_but_not_editable(admin_client: Client) -> None:
    entry = AuditLog.objects.create(
        user=None, action="approve", object_type="submission", object_id=7,
        detail={"comment": "revisado"},
    )  # fmt: skip
    client = admin_client
    listing = client.get("/admin/response/auditlog/", {"action": "approve"})
    assert listing.status_code == 200
    assert "approve" in listing.content.decode()
    detail = client.get(f"/admin/response/auditlog/{entry.pk}/change/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "revisado" in html
    assert 'name="_save"' not in html  # a view, not a form
    assert client.post(f"/admin/response/auditlog/{entry.pk}/delete/").status_code == 403


@pytest.mark.parametrize("persona", ["im_officer", "leg_coordinator", "partner", "viewer"])
def test_other_roles_do_not_get_the_admin_site(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    response = as_persona(persona).get("/admin/response/auditlog/")
    assert response.status_code == 302  # to the admin login: only the cluster admin is staff
