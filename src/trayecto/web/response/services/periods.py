"""Reporting periods: created on first use, locked and unlocked with a reason."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from trayecto.web.params import PERIOD_RULE, is_reporting_month
from trayecto.web.response import access
from trayecto.web.response.models import ReportingPeriod, Submission
from trayecto.web.response.services.audit import User, audit, require

PERIOD_LOCKED = "el periodo {month} está cerrado ({reason}); no se aceptan cambios"
COMMENT_REQUIRED = "escriba el motivo: el socio lo verá"


def require_open(submission: Submission) -> None:
    """A locked period freezes every state change of its reports."""
    period = submission.period
    if period.locked:
        raise ValidationError(PERIOD_LOCKED.format(month=period.month, reason=period.lock_reason))


def period_for_month(month: str) -> ReportingPeriod:
    """The reporting period of a month; created with the default due date (the 10th of the
    next month) the first time a report for that month arrives."""
    if not is_reporting_month(month):  # never store `2026-13` or `9999-12` as a period
        raise ValidationError(str(PERIOD_RULE))
    year, number = int(month[:4]), int(month[5:7])
    due = date(year + number // 12, number % 12 + 1, 10)
    period, _ = ReportingPeriod.objects.get_or_create(month=month, defaults={"due_date": due})
    return period


def period_lock(*, period: ReportingPeriod, user: User | None, reason: str) -> None:
    require(user is None or access.can_manage_periods(user), access.NOT_REVIEWER)
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        period.locked, period.lock_reason = True, reason
        period.save(update_fields=["locked", "lock_reason"])
        audit(user, "period_lock", period, reason=reason)


def period_unlock(*, period: ReportingPeriod, user: User | None, reason: str) -> None:
    require(user is None or access.can_manage_periods(user), access.NOT_REVIEWER)
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        period.locked, period.lock_reason = False, ""
        period.save(update_fields=["locked", "lock_reason"])
        audit(user, "period_unlock", period, reason=reason)
