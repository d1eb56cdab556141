"""The ETPV support and the funded project on stored 5W lines: written by an upload (the real
GIFMM v2 column list) and by the browser's line form, kept when a line is corrected."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.urls import reverse

from tests.importers.test_five_w_etpv import V2_BASE, v2_file
from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from tests.web.response.test_typed_lines import LINE, client_for
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.five_w import Status
from trayecto.web.response.models import ActivityLine, AuditLog, Submission
from trayecto.web.response.selectors.snapshot import warehouse
from trayecto.web.response.services.imports import five_w_import


def test_an_upload_stores_the_etpv_support_and_the_funded_project(
    returned: Submission, tmp_path: Path, shared_data: Path
) -> None:
    OrganizationFactory(code="unicef", name="UNICEF")
    rows = [
        {**V2_BASE, "Actividad en apoyo en ETPV": "Sí", "Tipo de apoyo al ETPV":
         "Registro biométrico", "Convenio Financiado": "ECHO-2026-EDU"},
        {**V2_BASE, "Municipio": "Villa del Rosario", "Convenio Financiado": "ECHO-2026-EDU"},
        {**V2_BASE, "Municipio": "Los Patios", "Actividad en apoyo en ETPV": "Tal vez"},
    ]  # fmt: skip
    report = five_w_import(
        path=v2_file(tmp_path, shared_data, rows),
        matcher=matcher_from_warehouse(warehouse().reader()[0]),
        period="2026-03",
    )
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (3, 2, 1)
    stored = ActivityLine.objects.filter(submission__organization__code="unicef")
    assert sorted(stored.values_list("etpv_support", "etpv_support_type", "funded_project")) == [
        (False, "", "ECHO-2026-EDU"),
        (True, "biometria", "ECHO-2026-EDU"),
    ]
    (refused,) = [p for p in report.problems if p.severity == "error"]
    assert (refused.row, refused.value) == (6, "Tal vez")


def test_the_line_form_sets_and_keeps_the_etpv_support(
    returned: Submission, people: dict[str, Any]
) -> None:
    client = client_for(people["partner"])
    url = reverse("response:line-add", args=[returned.pk])
    form = client.get(url).content.decode()
    assert '<option value="prerregistro">Prerregistro en el RUMV</option>' in form
    missing = client.post(url, {**LINE, "etpv_support": "si"}).content.decode()
    assert "falta el tipo de apoyo al ETPV" in missing
    assert client.post(
        url, {**LINE, "etpv_support": "si", "etpv_support_type": "prerregistro",
              "funded_project": "BPRM 0042"},
    ).status_code == 302  # fmt: skip
    added = returned.lines.order_by("-row").first()
    assert added is not None
    assert (added.etpv_support, added.etpv_support_type, added.funded_project) == (
        True, "prerregistro", "BPRM 0042",
    )  # fmt: skip
    edit = reverse("response:line-edit", args=[returned.pk, added.pk])
    page = client.get(edit).content.decode()
    assert '<option value="si" selected>' in page
    assert '<option value="prerregistro" selected>' in page
    assert 'value="BPRM 0042"' in page
    # a correction posts the form as shown: the link to the plan and the donor stays
    kept = {
        "etpv_support": "si",
        "etpv_support_type": "prerregistro",
        "funded_project": "BPRM 0042",
    }
    client.post(edit, {**LINE, "beneficiaries": "12", **kept})
    added.refresh_from_db()
    assert (added.etpv_support, added.funded_project) == (True, "BPRM 0042")
    assert AuditLog.objects.filter(action="line_edit").count() == 1


def test_the_line_exports_carry_the_project_and_the_etpv_support(
    returned: Submission, people: dict[str, Any]
) -> None:
    approved = SubmissionFactory(organization__code="nrc", status=Status.APPROVED,
                                 period=PeriodFactory(month="2026-02"))  # fmt: skip
    LineFactory(submission=approved, etpv_support=True, etpv_support_type="biometria",
                funded_project="ECHO-2026-EDU")  # fmt: skip
    LineFactory(submission=approved, municipality="81065")
    client = client_for(people["im_officer"])
    exported = client.get(reverse("response:export-hxl"), {"period": "2026-03"}).content
    rows = list(csv.reader(io.StringIO(exported.decode())))
    header, tags, data = rows[0], rows[1], rows[2:]
    column = {tag: i for i, tag in enumerate(tags)}
    assert header[column["#activity+project"]] == "Convenio o proyecto financiado"
    found = sorted(
        (r[column["#activity+project"]], r[column["#activity+etpv"]],
         r[column["#activity+etpv+type"]]) for r in data
    )  # fmt: skip
    assert found == [("", "No", ""), ("ECHO-2026-EDU", "Sí", "Registro biométrico")]
