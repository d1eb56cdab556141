"""What the header and the 5W sub-navigation offer: only the pages the user's role may open.

Each app's access module decides who may open its pages; this only asks them, once per
request and only for the links a page draws (a context processor, `nav` in templates).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from trayecto.web.accounts.access import User, scope_of
from trayecto.web.coordination import access as coordination_access
from trayecto.web.emergencies import access as emergencies_access
from trayecto.web.needs import access as needs_access
from trayecto.web.response import access as response_access


class Navigation:
    def __init__(self, user: User) -> None:
        self._user = user

    @cached_property
    def five_w(self) -> bool:
        """Reports, reach and planned activities."""
        return response_access.can_use_five_w(self._user)

    @cached_property
    def review(self) -> bool:
        """The review queue and completeness."""
        return response_access.can_review(self._user)

    @cached_property
    def needs(self) -> bool:
        scope = scope_of(self._user)
        return scope is not None and scope.role in needs_access.READERS

    @cached_property
    def emergencies(self) -> bool:
        return emergencies_access.can_view_events(self._user)

    @cached_property
    def trajectory(self) -> bool:
        """Transitions by territory: every member (web/trajectory/access.py)."""
        return scope_of(self._user) is not None

    @cached_property
    def coordination(self) -> bool:
        """The LEG workspaces, action plans and announcements."""
        return coordination_access.can_view_workspaces(self._user)

    @cached_property
    def results(self) -> bool:
        """The donor view in the header for members who have no LEG pages to reach it from
        (viewers and donors); the others find it among the coordination pages."""
        return scope_of(self._user) is not None and not self.coordination

    @cached_property
    def accountability(self) -> bool:
        return coordination_access.can_view_accountability(self._user)


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav": Navigation(request.user)}
