"""Reads of organisations for the command line and the 5W pages."""

from __future__ import annotations

from trayecto.web.accounts.models import Organization


def organization_by_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


def organization_choices() -> list[tuple[str, str]]:
    """(code, name) of every organisation, by code: the 5W form's list to choose from."""
    return list(Organization.objects.order_by("code").values_list("code", "name"))
