"""Writes of the action plans: one transaction each, each in the audit log. The import reads
the workbook with importers/action_plan.py and adds what only the database knows: whether
each organisation code exists."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from trayecto.domain.action_plan_layout import HEADERS
from trayecto.domain.action_plans import ActionStatus
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.action_plan import ActionRow, read_action_plan
from trayecto.web.accounts.access import User
from trayecto.web.accounts.models import Organization
from trayecto.web.coordination.models import (
    Action,
    ActionComment,
    ActionPlan,
    ProgressUpdate,
    Workspace,
)
from trayecto.web.coordination.services import audit

UNKNOWN_ORGANIZATION = (
    "no hay ninguna organización con este código en Trayecto; use el código que muestra la "
    "lista de organizaciones o pida a la administración del clúster que la cree"
)
REPEATED_CODE = "este código se repite en el archivo; cada acción lleva el suyo"
ACTION_EXISTS = gettext_noop("El plan ya tiene una acción con el código %(code)s.")
SAME_STATUS = gettext_noop("La acción ya está en ese estado.")
ETPV_CODE = "etpv"
ETPV_NAME = "Plan de los socios para la implementación del ETPV en las escuelas"
ETPV_DESCRIPTION = (
    "Acompañar a los estudiantes venezolanos desde el NES en SIMAT hasta el PPT: prerregistro "
    "en el RUMV, registro biométrico, expedición del PPT y cambio del documento en SIMAT; "
    "con la ruta rápida «1, 2, 3 por mí» y alerta para los estudiantes de grado 11 sin PPT, "
    "que no pueden graduarse con NES (docs/methodology/etpv.md)."
)


@transaction.atomic
def plan_create(
    *,
    code: str,
    name: str,
    description: str = "",
    workspace: Workspace | None = None,
    user: User | None,
    is_demo: bool = False,
) -> ActionPlan:
    plan = ActionPlan(
        code=code, name=name, description=description, workspace=workspace, is_demo=is_demo
    )
    plan.full_clean()
    plan.save()
    audit(user, "plan.create", plan, code=code)
    return plan


def etpv_plan_ensure(*, user: User | None = None, is_demo: bool = False) -> ActionPlan:
    """The partners' ETPV plan (created once; its actions come from partners or the import)."""
    found = ActionPlan.objects.filter(code=ETPV_CODE).first()
    if found is not None:
        return found
    return plan_create(
        code=ETPV_CODE, name=ETPV_NAME, description=ETPV_DESCRIPTION, user=user, is_demo=is_demo
    )


@transaction.atomic
def action_set_status(*, action: Action, status: ActionStatus, user: User | None) -> Action:
    if action.status == status:
        raise ValidationError(gettext(SAME_STATUS))
    before = action.status
    action.status = status.value
    action.save(update_fields=["status"])
    audit(user, "action.status", action, before=before, after=status.value)
    return action


@transaction.atomic
def progress_add(
    *, action: Action, on: date, value: float, note: str, user: User | None
) -> ProgressUpdate:
    update = ProgressUpdate(
        action=action, on=on, value=value, note=note, created_by_id=getattr(user, "pk", None)
    )
    update.full_clean()
    update.save()
    audit(user, "action.progress", action, on=on.isoformat(), value=value, note=note)
    return update


@transaction.atomic
def comment_add(*, action: Action, text: str, user: User | None) -> ActionComment:
    comment = ActionComment(action=action, text=text, created_by_id=getattr(user, "pk", None))
    comment.full_clean()
    comment.save()
    audit(user, "action.comment", action, text=text)
    return comment


# --------------------------------------------------------------------------- import
def _organization_problems(row: ActionRow, organizations: dict[str, Organization]) -> list[Problem]:
    problems = []
    if row.lead not in organizations:
        problems.append(Problem(row.row, HEADERS["lead"], row.lead, UNKNOWN_ORGANIZATION))
    for code in row.supporting:
        if code not in organizations:
            problems.append(Problem(row.row, HEADERS["supporting"], code, UNKNOWN_ORGANIZATION))
    return problems


def _apply(plan: ActionPlan, row: ActionRow, organizations: dict[str, Organization]) -> str:
    """Insert or update the action of `row.code`; 'created', 'updated' or 'unchanged'."""
    fields: dict[str, Any] = {
        "title": row.title, "description": row.description, "lead": organizations[row.lead],
        "department": row.department, "etc_code": row.etc_code,
        "municipality": row.municipality, "start_date": row.start_date,
        "due_date": row.due_date, "status": row.status.value, "indicator": row.indicator,
        "unit": row.unit, "baseline": row.baseline, "target": row.target,
    }  # fmt: skip
    action = plan.actions.filter(code=row.code).first()
    supporting = {organizations[c].pk for c in row.supporting}
    outcome = "unchanged"
    if action is None:
        action = Action(plan=plan, code=row.code, **fields)
        action.full_clean()
        action.save()
        outcome = "created"
    elif any(getattr(action, k) != v for k, v in fields.items()) or supporting != set(
        action.supporting.values_list("pk", flat=True)
    ):
        for key, value in fields.items():
            setattr(action, key, value)
        action.full_clean()
        action.save()
        outcome = "updated"
    action.supporting.set(list(supporting))
    if row.progress is not None and row.progress_date is not None:
        exists = action.updates.filter(on=row.progress_date, value=row.progress).exists()
        if not exists:
            ProgressUpdate.objects.create(action=action, on=row.progress_date, value=row.progress)
            outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def plan_import(
    *, plan: ActionPlan, path: Path, user: User | None, dry_run: bool = False
) -> ImportReport:
    """Import the workbook's actions into `plan`: rows with a problem are reported (row,
    column, value, what to do), the others are created or updated by their code, all in one
    transaction; importing the same file again changes nothing."""
    report = ImportReport(source="action-plan", dry_run=dry_run)
    try:
        rows, problems, read = read_action_plan(path)
    except FileProblem as error:
        return report.refuse(error.problem)
    report.rows_read = read
    report.add(problems)
    organizations = {o.code: o for o in Organization.objects.all()}
    good: list[ActionRow] = []
    for row in rows:
        found = _organization_problems(row, organizations)
        report.add(found)
        if not found:
            good.append(row)
    codes = [r.code for r in good]
    duplicated = {c for c in codes if codes.count(c) > 1}
    for row in good:
        if row.code in duplicated:
            report.add([Problem(row.row, HEADERS["code"], row.code, REPEATED_CODE)])
    good = [r for r in good if r.code not in duplicated]
    report.rows_imported = len(good)
    report.rows_rejected = read - len(good)
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    if not dry_run and good:
        with transaction.atomic():
            for row in good:
                outcomes[_apply(plan, row, organizations)] += 1
            audit(user, "plan.import", plan, file=path.name, **outcomes,
                  rejected=report.rows_rejected)  # fmt: skip
    report.details.update(outcomes)
    report.refuse_if_empty(path.name)
    return report


@transaction.atomic
def action_create(
    *,
    plan: ActionPlan,
    supporting: list[Organization] | Any,
    user: User | None,
    **fields: Any,
) -> Action:
    if plan.actions.filter(code=fields.get("code")).exists():
        raise ValidationError(gettext(ACTION_EXISTS) % {"code": fields.get("code")})
    action = Action(plan=plan, **fields)
    action.full_clean()
    action.save()
    action.supporting.set(list(supporting))
    audit(user, "action.create", action, plan=plan.code, code=action.code)
    return action
