"""The catalogue, targets and periods are edited by the cluster admin only (admin site)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trayecto.web.response.models import CatalogueItem


@pytest.mark.parametrize(
    ("role", "can_view", "can_add"),
    [
        ("cluster_admin", True, True),
        ("im_officer", True, False),
        ("leg_coordinator", False, False),
        ("partner", False, False),
        ("viewer", False, False),
    ],
)
def test_catalogue_admin_permissions(
    people: dict[str, Any], role: str, can_view: bool, can_add: bool
) -> None:
    user = people[role]
    user.is_staff = True  # staff can open the admin site; the role decides the rest
    user.save()
    client = Client()
    client.force_login(user)
    listing = client.get(reverse("admin:response_catalogueitem_changelist"))
    assert (listing.status_code == 200) is can_view
    added = client.post(
        reverse("admin:response_catalogueitem_add"),
        {"code": "EDU-12", "name_es": "Clubes de lectura", "unit": "personas",
         "valid_from": "2026-07"},
    )  # fmt: skip
    assert CatalogueItem.objects.filter(code="EDU-12").exists() is can_add
    if can_add:
        assert added.status_code == 302
        # a new version of an existing activity for a later period keeps the earlier one
        client.post(
            reverse("admin:response_catalogueitem_add"),
            {"code": "EDU-04", "name_es": "Alimentación escolar y refrigerios",
             "unit": "personas", "valid_from": "2026-07"},
        )  # fmt: skip
        versions = CatalogueItem.objects.filter(code="EDU-04").order_by("valid_from")
        assert [v.valid_from for v in versions] == ["2020-09", "2026-07"]
