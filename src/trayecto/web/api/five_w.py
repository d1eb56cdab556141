"""/api/v1/5w/…: the 5W lines a caller may see, report submission and workflow steps.

Who sees and does what is decided by web/response/access.py, as on the pages; the upload runs
the upload page's task (web/response/upload_task.py) and the steps call the same services,
so the API cannot drift from the web's rules.
"""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from trayecto import paths
from trayecto.warehouse import Warehouse
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.access import role_of
from trayecto.web.accounts.models import Organization
from trayecto.web.api.common import Page, Paging, paged, refuse_anonymous_or_outsider
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.response import access, upload_task
from trayecto.web.response.models import ActivityLine, Submission
from trayecto.web.response.services import workflow

router = Router(tags=["5w"])

NO_LINES_FOR_ROLE = (
    "Su rol ve cifras publicadas agregadas (alcance), nunca líneas de reportes 5W: las líneas "
    "son para el equipo de IM, la coordinación GEL, la Secretaría (ETC) de su territorio y "
    "el socio que las reporta."
)
UPLOAD_REFUSED = (
    "Solo el punto focal de la organización (o el equipo de IM) carga sus reportes 5W: "
    "elija su organización en `org`."
)
NO_GEOGRAPHY = "Falta la geografía: pida al equipo de IM que la importe."
TOO_LARGE = "El archivo supera el tamaño máximo permitido (TRAYECTO_MAX_UPLOAD_BYTES)."
NOT_FOUND = "No existe un reporte con ese número entre los que su rol puede ver."


def five_w_warehouse() -> Warehouse:
    """The warehouse of the 5W pages (response/views.py reads it from $TRAYECTO_HOME)."""
    return Warehouse.for_root(paths.warehouse_dir())


class Line(Schema):
    id: int
    submission: int = Field(..., alias="submission_id")
    organization: str = Field(..., alias="submission.organization.code")
    status: str = Field(..., alias="submission.status")
    row: int
    month: str
    department: str
    municipality: str
    sede: str
    place_name: str
    activity: str
    population_group: str
    beneficiary_type: str
    beneficiaries: int
    new_beneficiaries: int
    quantity: int | None
    households: int | None
    cells: dict[str, int]
    comments: str


class LineFilters(Schema):
    month: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    organization: str | None = Field(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$")
    status: (
        Literal["submitted", "validated", "approved", "published", "rejected", "draft"] | None
    ) = None
    department: str | None = Field(None, pattern=r"^\d{2}$")
    municipality: str | None = Field(None, pattern=r"^\d{5}$")


@router.get("/lines", response=responses(Page[Line]))
def line_list(
    request: HttpRequest, filters: Query[LineFilters], paging: Query[Paging]
) -> dict[str, Any]:
    """The lines of the 5W reports the caller may see (response/access.py)."""
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    if not access.can_export_lines(request.user):
        raise ApiError(403, NO_LINES_FOR_ROLE)
    visible = access.submissions_visible_to(request.user)
    lines = ActivityLine.objects.filter(submission__in=visible.values("pk"))
    scope = access.etc_scope(request.user)
    if scope is not None:
        lines = lines.filter(municipality__in=scope)
    chosen = {
        "month": filters.month,
        "submission__organization__code": filters.organization,
        "submission__status": filters.status,
        "department": filters.department,
        "municipality": filters.municipality,
    }
    lines = lines.filter(**{k: v for k, v in chosen.items() if v is not None})
    ordered = lines.select_related("submission__organization").order_by(
        "month", "submission_id", "row", "id"
    )
    return paged(ordered, paging)


class SubmissionOut(Schema):
    id: int
    organization: str = Field(..., alias="organization.code")
    month: str = Field(..., alias="period.month")
    status: str
    file_name: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    comment: str


class Problem(Schema):
    row: int
    column: str
    value: str
    message: str
    severity: str


class ImportReportOut(Schema):
    """The problem report of the upload page (and of `trayecto import 5w --json`)."""

    source: str
    rows_read: int
    rows_imported: int
    rows_rejected: int
    refused: bool
    dry_run: bool
    problems: list[Problem]


class UploadOut(Schema):
    report: ImportReportOut
    sent: list[int] | None = Field(
        None, description="The reports the file went into; null when nothing was sent."
    )
    unchanged: bool = False
    needs_confirmation: bool = Field(
        False,
        description="Rows were rejected and nothing was sent: post again with "
        "accept_rejected=true to send the other rows (the page's confirmation step).",
    )


@router.get("/submissions", response=responses(Page[SubmissionOut]))
def submission_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The 5W reports the caller may see, newest month first."""
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    visible = access.submissions_visible_to(request.user).order_by("-period__month", "pk")
    return paged(visible, paging)


@router.post("/submissions", response=responses(UploadOut))
def submission_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    org: Form[str],
    period: Form[str | None] = None,
    dry_run: Form[bool] = False,
    accept_rejected: Form[bool] = False,
) -> dict[str, Any]:
    """Upload a partner workbook or HXL CSV: the upload page's checks and importer; the
    answer is its problem report. With rejected rows nothing is sent unless
    `accept_rejected` (the page asks the same question)."""
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    organization = Organization.objects.filter(code=org).first()
    if organization is None or not access.can_upload(request.user, organization):
        raise ApiError(403, UPLOAD_REFUSED)
    if period is not None and not is_month(period):
        raise ApiError(400, "period: YYYY-MM, un mes de 2000 a 2099")
    if file.size is not None and file.size > settings.TRAYECTO_MAX_UPLOAD_BYTES:
        raise ApiError(400, TOO_LARGE, code="too_large")
    con = five_w_warehouse().reader()[0]
    if not has_table(con, "municipality"):
        raise ApiError(404, NO_GEOGRAPHY, code="missing_data")
    if dry_run:
        mode = upload_task.CHECK
    else:
        mode = upload_task.SEND if accept_rejected else upload_task.SEND_IF_CLEAN
    staged = upload_task.upload_save(file)
    assert request.user.pk is not None
    # Run here, not enqueued: the caller waits for its report (a script has no progress page).
    outcome: dict[str, Any] = upload_task.five_w_upload.call(
        upload=staged, user_id=request.user.pk, org_code=org, mode=mode,
        file_name=file.name or "", period=period,
    )  # fmt: skip
    if outcome.get("confirm"):  # kept for a confirmation the API asks for by a new post
        (upload_task.uploads_dir() / outcome["confirm"]).unlink(missing_ok=True)
    return {
        "report": outcome["report"],
        "sent": outcome.get("sent"),
        "unchanged": outcome.get("unchanged", False),
        "needs_confirmation": bool(outcome.get("confirm")),
    }


def is_month(text: str) -> bool:
    from trayecto.web.params import is_reporting_month

    return is_reporting_month(text)


# Who takes each step (web/response/access/review.py decides; this only says it).
WHO_TAKES = {
    "submit": "envía un reporte el punto focal de su organización, o el equipo de IM",
    "validate": "validan la coordinación GEL de los departamentos del reporte y el equipo de "
    "IM, nunca quien lo envió",
    "approve": "aprueban el equipo de IM y la administración del clúster, ni quien lo envió "
    "ni quien lo validó",
    "publish": "publican el equipo de IM y la administración del clúster",
    "reject": "devuelven un reporte enviado la coordinación GEL de sus departamentos y el "
    "equipo de IM; uno validado, el equipo de IM",
    "reopen": "reabre un reporte aprobado o publicado quien lo aprobó, o la administración "
    "del clúster",
}


class StepIn(Schema):
    comment: str = Field("", max_length=2000, description="Required to reject or reopen.")


Action = Literal["submit", "validate", "approve", "publish", "reject", "reopen"]


@router.post("/submissions/{submission_id}/{action}", response=responses(SubmissionOut, 409))
def submission_step(
    request: HttpRequest, submission_id: int, action: Action, body: StepIn
) -> Submission:
    """A workflow step through the services of the review pages (four eyes, locked periods,
    departments of each LEG): 403 says who may, 409 why not now."""
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    if not 1 <= submission_id <= 2**31 - 1:
        raise ApiError(404, NOT_FOUND)
    try:
        submission = access.get_submission_for_user(request.user, submission_id)
    except Http404 as exc:
        raise ApiError(404, NOT_FOUND) from exc
    user, store = request.user, five_w_warehouse()
    try:
        workflow.submission_transition(
            action=action, submission=submission, user=user, comment=body.comment, warehouse=store
        )
    except PermissionDenied as exc:
        said = str(exc) or access.NOT_REVIEWER
        if said == access.NOT_REVIEWER:  # the generic refusal: say who takes this step
            said = f"{said.rstrip('.')}: {WHO_TAKES[action]}."
        raise ApiError(403, said) from exc
    except ValidationError as exc:
        raise ApiError(409, "; ".join(exc.messages)) from exc
    submission.refresh_from_db()
    return submission
