"""The coordination demo: seven workspaces, the ETPV plan with demo actions, idempotent."""

from __future__ import annotations

import pytest

from trayecto.web.coordination.demo import DEMO_ACTIONS, load_coordination_demo
from trayecto.web.coordination.models import Action, ActionPlan, Meeting, ProgressUpdate
from trayecto.web.demo import demo_accounts_create


@pytest.mark.django_db
def test_the_demo_plan_and_meeting_are_marked_and_loading_twice_changes_nothing() -> None:
    demo_accounts_create()
    first = load_coordination_demo()["coordination"]
    assert first["workspaces"] == ["08", "27", "44", "47", "52", "54", "81"]
    assert first["etpv_actions_created"] == len(DEMO_ACTIONS) == 4
    plan = ActionPlan.objects.get(code="etpv")
    assert plan.is_demo
    assert all(a.title.startswith("DEMO") for a in Action.objects.all())
    assert Meeting.objects.get().is_demo
    updates = ProgressUpdate.objects.count()
    second = load_coordination_demo()["coordination"]
    assert second["etpv_actions_created"] == 0
    assert ProgressUpdate.objects.count() == updates == 5
    assert Meeting.objects.count() == 1
