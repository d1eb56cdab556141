"""Pages of the reviewers: the review queue (validate, approve and publish, one report or
several), the reporting periods' locks, and reporting completeness."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.domain.five_w import Status
from trayecto.domain.five_w_monitoring import completeness_grid
from trayecto.web.accounts.models import Organization
from trayecto.web.params import parsed
from trayecto.web.response import access
from trayecto.web.response.forms import BulkForm, PeriodLockForm, YearForm
from trayecto.web.response.models import ReportingPeriod
from trayecto.web.response.selectors.monitoring import completeness_table
from trayecto.web.response.selectors.places import place_names
from trayecto.web.response.selectors.review import validation_queue
from trayecto.web.response.selectors.snapshot import warehouse
from trayecto.web.response.services import periods, workflow


@login_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """LEG: submitted reports with lines in its departments, each department validated or
    pending; national: the same for every department, then the reports to approve and the
    approved ones waiting to be published (nothing ticked in advance)."""
    user = request.user
    access.require_review(user)
    visible = access.submissions_visible_to(user)
    national = access.can_review_in_bulk(user)
    to_approve = (
        access.with_review_state(visible.filter(status=Status.VALIDATED)) if national else []
    )
    to_publish = list(visible.filter(status=Status.APPROVED)) if national else []
    return render(
        request,
        "response/review_queue.html",
        {
            "to_validate": validation_queue(user=user, names=place_names(warehouse())),
            "to_approve": [(s, access.can_approve(user, s)) for s in to_approve],
            "to_publish": [(s, access.can_publish(user, s)) for s in to_publish],
            "periods": list(ReportingPeriod.objects.all()[:24]) if national else [],
        },
    )


@login_required
@require_POST
def period_lock_view(request: HttpRequest, month: str) -> HttpResponse:
    """Lock or unlock a reporting period, with a reason (national roles)."""
    access.require(access.can_manage_periods(request.user))
    period = ReportingPeriod.objects.filter(month=month).first()
    if period is None:
        raise Http404
    form = PeriodLockForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason") or ""
    try:
        if form.cleaned_data.get("lock") == "1":
            periods.period_lock(period=period, user=request.user, reason=reason)
        else:
            periods.period_unlock(period=period, user=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:review")


@login_required
@require_POST
def bulk_approve_view(request: HttpRequest) -> HttpResponse:
    return _bulk(
        request,
        workflow.submissions_bulk_approve,
        nothing=_("Marque los reportes que quiere aprobar."),
        done=_("Reportes aprobados: %(n)d"),
    )


@login_required
@require_POST
def bulk_publish_view(request: HttpRequest) -> HttpResponse:
    """Publish the approved reports the IM officer ticked in the publish queue."""
    return _bulk(
        request,
        workflow.submissions_bulk_publish,
        nothing=_("Marque los reportes que quiere publicar."),
        done=_("Reportes publicados: %(n)d"),
    )


def _bulk(
    request: HttpRequest, service: Callable[..., int], *, nothing: str, done: str
) -> HttpResponse:
    """One workflow step on the reports ticked in a queue (national roles only)."""
    access.require(access.can_review_in_bulk(request.user))
    ids = BulkForm(request.POST).ids()
    chosen = list(access.submissions_visible_to(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, nothing)
        return redirect("response:review")
    try:
        count = service(submissions=chosen, user=request.user, warehouse=warehouse())
        messages.success(request, done % {"n": count})
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    except PermissionDenied as exc:  # four eyes or a lock: nothing was changed
        messages.error(request, str(exc))
    return redirect("response:review")


@login_required
def completeness_view(request: HttpRequest) -> HttpResponse:
    access.require_review(request.user)
    year = parsed(YearForm(request.GET))["year"] or timezone.localdate().year
    rows = completeness_table(plan_year=year)
    departments = access.completeness_departments(request.user)
    if departments is not None:
        rows = [r for r in rows if r.department in departments]
    expected = sum(r.expected for r in rows)
    orgs, months, cells = completeness_grid(rows)
    names = dict(Organization.objects.values_list("code", "name"))
    places = place_names(warehouse())
    return render(
        request,
        "response/completeness.html",
        {
            "rows": [{"row": r, "org_name": names.get(r.org, r.org),
                      "department_name": places.get(r.department, "")} for r in rows],
            "year": year,
            "months": months,
            "grid": [(org, names.get(org, org), [cells.get((org, m)) for m in months])
                     for org in orgs],
            "completeness": round(100 * sum(r.received for r in rows) / expected, 1)
            if expected else None,
            "timeliness": round(100 * sum(r.on_time for r in rows) / expected, 1)
            if expected else None,
        },
    )  # fmt: skip
