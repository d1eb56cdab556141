"""Writes of the LEG workspaces: one transaction each, each written to the audit log.

Error texts are constants (marked for translation) that tests reuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from trayecto.domain.coordination import (
    EDITABLE,
    PRIORITY_DEPARTMENTS,
    ReportAction,
    ReportStatus,
    next_status,
)
from trayecto.web.accounts.access import User
from trayecto.web.accounts.models import Organization
from trayecto.web.coordination.models import (
    Announcement,
    Decision,
    FollowUp,
    LegReport,
    Meeting,
    Workspace,
)
from trayecto.web.coordination.selectors import announcement_recipients
from trayecto.web.response.models import AuditLog

REPORT_EXISTS = gettext_noop("El GEL ya tiene un informe de %(period)s: ábralo y edítelo.")
NOT_EDITABLE = gettext_noop(
    "Un informe en estado «%(status)s» no se edita; se edita en borrador o cuando vuelve "
    "devuelto al GEL."
)
WRONG_STATE = gettext_noop("Un informe en estado «%(status)s» no admite «%(action)s».")
COMMENT_REQUIRED = gettext_noop("Escriba el motivo de la devolución: el GEL lo verá.")
WORKSPACE_EXISTS = gettext_noop("Ya existe el espacio del GEL del departamento %(code)s.")
DONE_ALREADY = gettext_noop("Este compromiso ya estaba cumplido.")
SECTIONS = ("summary", "achievements", "challenges", "next_steps")


def audit(user: User | None, action: str, obj: Any, **detail: Any) -> None:
    """One line of the shared audit log (response.AuditLog): who, when, what, why."""
    AuditLog.objects.create(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        detail=detail,
    )


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


# --------------------------------------------------------------------------- workspaces
@transaction.atomic
def workspace_open(*, department_code: str, name: str, user: User | None) -> Workspace:
    if Workspace.objects.filter(department_code=department_code).exists():
        raise ValidationError(gettext(WORKSPACE_EXISTS) % {"code": department_code})
    workspace = Workspace(department_code=department_code, name=name)
    workspace.full_clean()
    workspace.save()
    audit(user, "workspace.open", workspace, department=department_code, name=name)
    return workspace


def workspaces_ensure_priority(*, user: User | None = None) -> list[Workspace]:
    """The seven priority departments' workspaces (created when missing; safe to run again)."""
    existing = dict(Workspace.objects.values_list("department_code", "pk"))
    for code, name in PRIORITY_DEPARTMENTS:
        if code not in existing:
            workspace_open(department_code=code, name=name, user=user)
    return list(Workspace.objects.filter(department_code__in=[c for c, _ in PRIORITY_DEPARTMENTS]))


# --------------------------------------------------------------------------- monthly report
@transaction.atomic
def report_start(*, workspace: Workspace, period: str, user: User | None) -> LegReport:
    if LegReport.objects.filter(workspace=workspace, period=period).exists():
        raise ValidationError(gettext(REPORT_EXISTS) % {"period": period})
    report = LegReport(workspace=workspace, period=period)
    report.full_clean()
    report.save()
    audit(user, "leg_report.start", report, department=workspace.department_code, period=period)
    return report


@transaction.atomic
def report_update(*, report: LegReport, user: User | None, sections: dict[str, str]) -> LegReport:
    """Save the narrative sections (only in draft or returned)."""
    if report.status not in EDITABLE:
        raise ValidationError(gettext(NOT_EDITABLE) % {"status": report.get_status_display()})
    changed = [name for name in SECTIONS if getattr(report, name) != sections.get(name, "")]
    for name in SECTIONS:
        setattr(report, name, sections.get(name, ""))
    report.full_clean()
    report.save()
    audit(user, "leg_report.edit", report, sections=changed)
    return report


@transaction.atomic
def report_transition(
    *,
    report: LegReport,
    action: ReportAction,
    user: User | None,
    comment: str = "",
    figures: dict[str, Any] | None = None,
) -> LegReport:
    """Move the report along draft → submitted → approved → published (or back to the LEG).

    Submitting freezes `figures` (the platform's figures at that moment) into the report, so
    the national cluster approves, and the bulletin publishes, what the LEG sent.
    """
    locked = LegReport.objects.select_for_update().get(pk=report.pk)
    target = next_status(ReportStatus(locked.status), action)
    if target is None:
        raise ValidationError(
            gettext(WRONG_STATE) % {"status": locked.get_status_display(), "action": action.value}
        )
    if action == ReportAction.RETURN and not comment.strip():
        raise ValidationError(gettext(COMMENT_REQUIRED))
    now = timezone.now()
    locked.status = target.value
    if action == ReportAction.SUBMIT:
        locked.submitted_at, locked.submitted_by_id = now, _user_id(user)
        locked.figures = figures or {}
        locked.comment = ""
    elif action == ReportAction.APPROVE:
        locked.approved_at, locked.approved_by_id = now, _user_id(user)
    elif action == ReportAction.RETURN:
        locked.comment = comment.strip()
        locked.approved_at = locked.approved_by_id = None
    else:
        locked.published_at = now
    locked.save()
    audit(user, f"leg_report.{action.value}", locked, status=target.value, comment=comment)
    report.refresh_from_db()
    return locked


# --------------------------------------------------------------------------- meetings
@transaction.atomic
def meeting_record(
    *,
    workspace: Workspace,
    held_on: date,
    title: str,
    notes: str,
    attendees: Iterable[Organization],
    user: User | None,
    is_demo: bool = False,
) -> Meeting:
    meeting = Meeting(
        workspace=workspace,
        held_on=held_on,
        title=title,
        notes=notes,
        created_by_id=_user_id(user),
        is_demo=is_demo,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(list(attendees))
    audit(
        user, "meeting.record", meeting, department=workspace.department_code,
        held_on=held_on.isoformat(),
        attendees=sorted(meeting.attendees.values_list("code", flat=True)),
    )  # fmt: skip
    return meeting


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, user: User | None) -> Decision:
    decision = Decision(meeting=meeting, text=text)
    decision.full_clean()
    decision.save()
    audit(user, "decision.add", decision, meeting=meeting.pk, text=text)
    return decision


@transaction.atomic
def follow_up_assign(
    *,
    meeting: Meeting,
    text: str,
    organization: Organization,
    due_date: date,
    user: User | None,
) -> FollowUp:
    follow_up = FollowUp(meeting=meeting, text=text, organization=organization, due_date=due_date)
    follow_up.full_clean()
    follow_up.save()
    audit(
        user, "follow_up.assign", follow_up, meeting=meeting.pk,
        organization=organization.code, due_date=due_date.isoformat(),
    )  # fmt: skip
    return follow_up


@transaction.atomic
def follow_up_complete(*, follow_up: FollowUp, user: User | None) -> FollowUp:
    if follow_up.done_at is not None:
        raise ValidationError(gettext(DONE_ALREADY))
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    audit(user, "follow_up.complete", follow_up)
    return follow_up


# --------------------------------------------------------------------------- announcements
@transaction.atomic
def announcement_send(
    *, title: str, body: str, workspaces: Iterable[Workspace], user: User | None
) -> Announcement:
    """Record the announcement and e-mail the LEG coordinators it is addressed to.

    The mail leaves when the transaction commits, so a failed save sends nothing."""
    chosen = list(workspaces)
    announcement = Announcement(title=title, body=body, created_by_id=_user_id(user))
    announcement.full_clean()
    announcement.save()
    announcement.workspaces.set(chosen)
    recipients = announcement_recipients(chosen)
    announcement.emails_sent = len(recipients)
    announcement.save(update_fields=["emails_sent"])
    audit(
        user, "announcement.send", announcement,
        departments=sorted(w.department_code for w in chosen) or ["*"],
        recipients=len(recipients),
    )  # fmt: skip
    subject = f"[Trayecto · GEL] {title}"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return announcement
