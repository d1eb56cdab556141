"""What each role acts on, as the home page's cards: reads only, one function per role.

A card is a figure and a link; "change" is the difference with the month before when it
costs one more read (reach is cumulative from January, so the change is the people reached
for the first time that month). Counts come from the 5W database (reports, completeness,
funded projects) and the emergencies app (open events); reach from `reach_figures`,
published only, as the reach page shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trayecto import paths
from trayecto.analytics import areas
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.access import Scope
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.emergencies import selectors as emergency_selectors
from trayecto.web.response import access
from trayecto.web.response.models import (
    ActivityLine,
    DepartmentValidation,
    ReportingPeriod,
    Submission,
)
from trayecto.web.response.selectors import monitoring, places, reach
from trayecto.web.statistics.numbers import number_text

Role = Membership.Role


@dataclass(frozen=True)
class Card:
    """One KPI: a label, its figure, where to act on it, and a line that explains it."""

    key: str  # stable name, for tests and CSS
    label: str
    value: str  # formatted in the page's language; "—" when there is nothing yet
    href: str
    note: str = ""
    change: str = ""  # since the month before, signed; empty when not measured


def count_text(value: int | None) -> str:
    """A count with the language's thousands separator (181.557 / 181,557)."""
    if value is None:
        return "—"
    return number_text(value, decimals=0, spanish=(get_language() or "es").startswith("es"))


def change_text(value: int | None) -> str:
    if value is None:
        return ""
    return ("+" if value >= 0 else "−") + count_text(abs(value))


def reach_warehouse() -> Warehouse:
    """Where the 5W snapshot is read from, as the reach page reads it."""
    return Warehouse.for_root(paths.warehouse_dir())


def _geography() -> Warehouse:
    """Where the pages of statistics read names from."""
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


def month_text(month: str) -> str:
    """ "2026-04" as a reader says it: "abril de 2026" / "April 2026"."""
    return date_format(date(int(month[:4]), int(month[5:7]), 1), "YEAR_MONTH_FORMAT")


def day_text(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def previous_month(month: str) -> str | None:
    """The month before, in the same plan year (reach restarts in January)."""
    year, number = int(month[:4]), int(month[5:7])
    return None if number == 1 else f"{year:04d}-{number - 1:02d}"


def latest_published_month() -> str | None:
    found = (
        Submission.objects.filter(status=Status.PUBLISHED)
        .order_by("-period__month")
        .values_list("period__month", flat=True)
        .first()
    )
    return str(found) if found else None


def last_period_due() -> ReportingPeriod | None:
    """The latest reporting month whose due date has passed (today in Bogotá)."""
    today = monitoring.local_today()
    return ReportingPeriod.objects.filter(due_date__lte=today).order_by("-month").first()


def published_reach(month: str, filters: ReachFilters | None = None) -> int:
    chosen = ReachFilters(**{**(filters or ReachFilters(month)).__dict__, "period": month})
    figures = reach.reach_figures(warehouse=reach_warehouse(), period=month, filters=chosen)
    return sum(int(f["value"]) for f in figures)


def reach_card(label: str, note: str, filters: ReachFilters | None = None) -> Card:
    """Published reach of the latest published month, with the change since the month before."""
    href = reverse("response:dashboard")
    month = latest_published_month()
    if month is None:
        return Card("reach", label, count_text(None), href, _("Aún no hay reportes publicados."))
    value = published_reach(month, filters)
    before = previous_month(month)
    change = value - published_reach(before, filters) if before else None
    return Card(
        "reach",
        label,
        count_text(value),
        href,
        f"{note} · {month_text(month)}",
        change_text(change),
    )


def _national_cards(user: Any, scope: Scope) -> list[Card]:
    review = reverse("response:review")
    counts = Submission.objects.aggregate(
        validated=Count("pk", filter=Q(status=Status.VALIDATED)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
    )
    cards = [
        Card("to-approve", _("Reportes por aprobar"), count_text(counts["validated"]), review,
             _("Validados, esperan la aprobación del equipo de IM.")),
        Card("to-publish", _("Reportes por publicar"), count_text(counts["approved"]), review,
             _("Aprobados, esperan su publicación.")),
    ]  # fmt: skip
    period = last_period_due()
    if period is None:
        cards.append(
            Card("completeness", _("Completitud del último mes vencido"), count_text(None),
                 reverse("response:completeness"),
                 _("Ningún mes ha vencido todavía: los periodos de reporte y sus fechas "
                   "límite se crean en la administración."))
        )  # fmt: skip
    else:
        received, expected = monitoring.month_completeness(period.month)
        share = f"{count_text(received)} / {count_text(expected)}"
        before = previous_month(period.month)
        change = received - monitoring.month_completeness(before)[0] if before else None
        cards.append(
            Card("completeness", _("Completitud del último mes vencido"), share,
                 reverse("response:completeness"),
                 _("Reportes recibidos de los esperados (socio × departamento), %(month)s.")
                 % {"month": month_text(period.month)}, change_text(change))
        )  # fmt: skip
    cards.append(reach_card(_("Personas alcanzadas"), _("Total nacional publicado")))
    return cards


def reports_to_validate(user: Any, departments: tuple[str, ...]) -> int:
    """The submitted reports a LEG may validate now, in one query: `access.can_validate` as a
    set (open period, not sent by the user, a line in one of its departments that nobody has
    validated yet); the review queue applies the same rule report by report."""
    validated = DepartmentValidation.objects.filter(
        submission_id=OuterRef("submission_id"), department=OuterRef("department")
    )
    pending = ActivityLine.objects.filter(submission=OuterRef("pk"), department__in=departments)
    return (
        Submission.objects.filter(status=Status.SUBMITTED, period__locked=False)
        .exclude(submitted_by_id=user.pk)
        .filter(Exists(pending.filter(~Exists(validated))))
        .count()
    )


def _leg_cards(user: Any, scope: Scope) -> list[Card]:
    departments = tuple(sorted(scope.department_codes))
    names = places.place_names(_geography())
    place_list = ", ".join(names.get(d, d) for d in departments)
    waiting = reports_to_validate(user, departments)
    cards = [
        Card("to-validate", _("Reportes por validar"), count_text(waiting),
             reverse("response:review"),
             _("Líneas de sus departamentos que esperan su validación: %(places)s.")
             % {"places": place_list}),
        reach_card(_("Personas alcanzadas en sus departamentos"), place_list,
                   ReachFilters("", departments=departments or access.NOWHERE)),
    ]  # fmt: skip
    month = latest_published_month()
    if month is not None:
        for row in reach.progress_table(warehouse=reach_warehouse(), period=month):
            if row["department"] not in departments:
                continue
            note = _("%(indicator)s: %(reached)s de la meta de %(target)s; PiN %(pin)s") % {
                "indicator": row["indicator"],
                "reached": count_text(row["reached"]),
                "target": count_text(row["target"]),
                "pin": count_text(row["people_in_need"]),
            }
            place = names.get(row["department"], row["department"])
            cards.append(
                Card("target", _("Avance hacia la meta en %(place)s") % {"place": place},
                     f"{count_text(round(row['percent_of_target'] or 0))} %",
                     reverse("response:dashboard"), note)
            )  # fmt: skip
    cards.append(emergencies_card(departments, place_list))
    return cards


def emergencies_card(departments: tuple[str, ...], place_list: str) -> Card:
    """Events not yet closed in the LEG's departments, linked to the list (filtered to the
    department when there is one)."""
    count, sedes = emergency_selectors.open_in_departments(departments)
    href = reverse("emergencies:list")
    if len(departments) == 1:
        href += f"?departamento={departments[0]}"
    note = _("Sin cerrar en %(places)s: %(sedes)s sedes afectadas.") % {
        "places": place_list, "sedes": count_text(sedes)}  # fmt: skip
    return Card("emergencies", _("Emergencias abiertas"), count_text(count), href, note)


def _partner_cards(user: Any, scope: Scope) -> list[Card]:
    if scope.organization_id is None:
        return []
    organization = Organization.objects.get(pk=scope.organization_id)
    own = Submission.objects.filter(organization=organization)
    cards = []
    period = last_period_due()
    if period is not None:
        sent = own.filter(period=period).exclude(status=Status.DRAFT).exists()
        cards.append(
            Card("due", _("Reporte de %(month)s") % {"month": month_text(period.month)},
                 _("Enviado") if sent else _("Pendiente"),
                 reverse("response:list") if sent else reverse("response:upload"),
                 _("Vencía el %(date)s.") % {"date": day_text(period.due_date)}
                 if sent else
                 _("Venció el %(date)s: descargue la plantilla y cárguelo.")
                 % {"date": day_text(period.due_date)})
        )  # fmt: skip
    cards.append(
        Card("returned", _("Reportes devueltos por corregir"),
             count_text(own.filter(status=Status.REJECTED).count()), reverse("response:list"),
             _("El equipo de revisión los devolvió con el motivo; corríjalos y reenvíelos."))
    )  # fmt: skip
    cards.append(
        reach_card(_("Personas alcanzadas por su organización"), organization.name,
                   ReachFilters("", orgs=(organization.code,)))
    )  # fmt: skip
    return cards


def _etc_cards(user: Any, scope: Scope) -> list[Card]:
    code = scope.etc_code
    if not code:
        return []
    names = areas.area_names(_geography().reader()[0], "etc")
    name = names.get(code, code)
    return [
        Card("etc", _("Su entidad territorial certificada"), name,
             reverse("etc", args=[code]),
             _("Código %(code)s: indicadores, municipios y sedes de su ETC.") % {"code": code})
    ]  # fmt: skip


def _viewer_cards(user: Any, scope: Scope) -> list[Card]:
    return [reach_card(_("Personas alcanzadas"), _("Total nacional publicado")), results_card()]


def results_card() -> Card:
    """The donor's results: how many funded projects published lines name this year."""
    month = latest_published_month()
    href = reverse("coordination:donors")
    if month is None:
        return Card("results", _("Proyectos financiados con resultados"), count_text(None), href,
                    _("Aún no hay reportes publicados."))  # fmt: skip
    projects = (
        ActivityLine.objects.filter(
            submission__status=Status.PUBLISHED, month__gte=f"{month[:4]}-01", month__lte=month
        )
        .exclude(funded_project="")
        .order_by()  # the lines' ordering (submission, row) would join the distinct
        .values("funded_project")
        .distinct()
        .count()
    )
    return Card("results", _("Proyectos financiados con resultados"), count_text(projects), href,
                _("Lo planificado frente a lo logrado, por proyecto y actividad, hasta "
                  "%(month)s.") % {"month": month_text(month)})  # fmt: skip


BY_ROLE: dict[str, Callable[[Any, Scope], list[Card]]] = {
    Role.CLUSTER_ADMIN: _national_cards,
    Role.IM_OFFICER: _national_cards,
    Role.LEG_COORDINATOR: _leg_cards,
    Role.PARTNER: _partner_cards,
    Role.ETC_ANALYST: _etc_cards,
    Role.VIEWER: _viewer_cards,
}


def cards_for(user: Any, scope: Scope) -> list[Card]:
    """The cards of the user's role (donors are viewers; a role with none gets none)."""
    make = BY_ROLE.get(scope.role, _viewer_cards)
    return make(user, scope)
