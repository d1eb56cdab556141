"""Reminder mails to partner focal points about reports due soon, today or overdue."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from trayecto.web.accounts.models import Membership
from trayecto.web.response.services.audit import audit

REMINDER_LINES = {
    "soon": ("El reporte 5W de {month} vence el {due} (pronto).",
             "The {month} 5W report is due on {due} (soon)."),
    "today": ("El reporte 5W de {month} vence hoy, {due}.",
              "The {month} 5W report is due today, {due}."),
    "overdue": ("El reporte 5W de {month} está vencido desde el {due}.",
                "The {month} 5W report has been overdue since {due}."),
}  # fmt: skip


def _reminder_text(item: dict[str, Any], language: int) -> str:
    """The reminder line of one period, in Spanish (0) or English (1)."""
    template = REMINDER_LINES[item["reminder"]][language]
    return template.format(month=item["period"], due=item["due"])


def reminders_send(*, reminders: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One mail per partner focal point listing its organisation's reports due soon, today
    or overdue (Spanish, then English), through Django's configured email backend; focal
    points without an email address are reported, never skipped silently."""
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in reminders:
        by_org[item["organization"]].append(item)
    sent: list[dict[str, Any]] = []
    no_email: list[dict[str, Any]] = []
    focal_points = Membership.objects.select_related("user", "organization").filter(
        role=Membership.Role.PARTNER, organization__code__in=list(by_org)
    )
    for member in focal_points.order_by("organization__code", "user__username"):
        items = by_org[member.organization.code]
        if not member.user.email:
            no_email.append({"organization": member.organization.code,
                             "username": member.user.get_username()})  # fmt: skip
            continue
        spanish = [_reminder_text(i, 0) for i in items]
        english = [_reminder_text(i, 1) for i in items]
        body = "\n".join(
            ["Reportes 5W pendientes de " + member.organization.name + ":", *spanish, "",
             "Pending 5W reports:", *english, "",
             "Cárguelos en Trayecto / upload them in Trayecto: 5W > Cargar el reporte del mes."]
        )  # fmt: skip
        subject = f"Trayecto: {len(items)} reporte(s) 5W pendiente(s) / pending 5W report(s)"
        send_mail(subject, body, None, [member.user.email])
        with transaction.atomic():
            audit(None, "reminder_sent", member.organization, to=member.user.email,
                  periods=[i["period"] for i in items])  # fmt: skip
        sent.append({"organization": member.organization.code, "to": member.user.email,
                     "periods": [i["period"] for i in items]})  # fmt: skip
    return {"sent": sent, "no_email": no_email}
