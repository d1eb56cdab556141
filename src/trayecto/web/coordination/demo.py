"""Demo coordination data for `trayecto demo`: the seven priority LEG workspaces (real
structure), the ETPV plan with a few fictitious actions and progress updates, and one
fictitious LEG meeting in Arauca. Everything fictitious is marked demo (`is_demo`) and its
texts say DEMO. Running it again changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from trayecto.web.accounts.models import Organization
from trayecto.web.coordination import plan_services, services
from trayecto.web.coordination.models import Meeting

# code, action, lead, supporting, department, ETC, municipality, start, due, status,
# indicator, unit, baseline, target, [(date, value)]
DEMO_ACTIONS: tuple[tuple[Any, ...], ...] = (
    ("E1", "DEMO · Identificar estudiantes con NES en SIMAT por sede", "unicef", ("nrc",),
     "54", "3802", "54001", date(2026, 2, 1), date(2026, 3, 31), "done",
     "Estudiantes venezolanos con NES", "estudiantes", 0, 0,
     [(date(2026, 3, 20), 3150)]),
    ("E2", "DEMO · Acompañar el prerregistro en el RUMV («1, 2, 3 por mí»)", "nrc",
     ("fundacion-camino-escolar",), "54", "3802", "54001", date(2026, 3, 1),
     date(2026, 6, 30), "in_progress", "Estudiantes prerregistrados en el RUMV",
     "estudiantes", 0, 2500, [(date(2026, 3, 31), 600), (date(2026, 4, 30), 1400)]),
    ("E3", "DEMO · Seguir el cambio de documento NES → PPT en SIMAT", "fundacion-camino-escolar",
     ("unicef",), "54", "3801", "", date(2026, 3, 1), date(2026, 4, 15), "blocked",
     "Porcentaje de estudiantes venezolanos con PPT", "%", 35, 80,
     [(date(2026, 4, 10), 41)]),
    ("E4", "DEMO · Ubicar a los estudiantes de grado 11 sin PPT y priorizar su biometría",
     "nrc", (), "81", "3824", "81001", date(2026, 3, 1), date(2026, 5, 31), "in_progress",
     "Estudiantes de grado 11 sin PPT", "estudiantes", 120, 0, [(date(2026, 4, 20), 64)]),
)  # fmt: skip


def load_coordination_demo() -> dict[str, Any]:
    """Workspaces, the ETPV plan's demo actions and a demo meeting (after the demo orgs)."""
    workspaces = {w.department_code: w for w in services.workspaces_ensure_priority()}
    plan = plan_services.etpv_plan_ensure(is_demo=True)
    organizations = {o.code: o for o in Organization.objects.all()}
    created = 0
    for (code, title, lead, supporting, department, etc, municipality, start, due, status,
         indicator, unit, baseline, target, updates) in DEMO_ACTIONS:  # fmt: skip
        if plan.actions.filter(code=code).exists() or lead not in organizations:
            continue
        action = plan_services.action_create(
            plan=plan, code=code, title=title, lead=organizations[lead],
            supporting=[organizations[c] for c in supporting if c in organizations],
            department=department, etc_code=etc, municipality=municipality,
            start_date=start, due_date=due, status=status, indicator=indicator, unit=unit,
            baseline=baseline, target=target, user=None,
        )  # fmt: skip
        for on, value in updates:
            plan_services.progress_add(action=action, on=on, value=value, note="DEMO", user=None)
        created += 1
    arauca = workspaces["81"]
    if not Meeting.objects.filter(workspace=arauca, is_demo=True).exists():
        meeting = services.meeting_record(
            workspace=arauca, held_on=date(2026, 4, 2), title="DEMO · GEL Arauca, abril",
            notes="Reunión ficticia de la demostración.",
            attendees=[organizations[c] for c in ("nrc", "unicef") if c in organizations],
            user=None, is_demo=True,
        )  # fmt: skip
        services.decision_add(
            meeting=meeting, text="DEMO · Priorizar las sedes de Saravena en la ruta ETPV.",
            user=None,
        )  # fmt: skip
        if "nrc" in organizations:
            services.follow_up_assign(
                meeting=meeting, text="DEMO · Enviar el listado de sedes con estudiantes NES.",
                organization=organizations["nrc"], due_date=date(2026, 4, 30), user=None,
            )  # fmt: skip
    return {
        "coordination": {
            "workspaces": sorted(workspaces),
            "etpv_actions": plan.actions.count(),
            "etpv_actions_created": created,
        }
    }
