"""Demo 5W data for `trayecto demo`: clearly marked demo organisations whose monthly
workbooks (written with the real template, numbers drawn at random) go through the real
importer and workflow. Call `load_five_w_demo(warehouse)` after the geography is loaded.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.catalogue import EIE_ACTIVITIES
from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.places import template_municipalities
from trayecto.web.response.services.imports import five_w_import
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)

# The demo partners of web/demo.py, so that the partner login sees its own reports.
DEMO_ORGS = (
    (
        "fundacion-camino-escolar",
        "Fundación Camino Escolar (ONG nacional ficticia)",
        Organization.Type.NGO,
    ),
    ("nrc", "Consejo Noruego para Refugiados (NRC)", Organization.Type.INGO),
)
DEMO_DEPARTMENTS = ("81", "54")  # Arauca, Norte de Santander: one LEG login each
DEMO_MONTHS = ("2026-01", "2026-02", "2026-03")
# The first line of each demo workbook supports the ETPV and names a (fictitious) funded
# project, so the ETPV plan and the donor view have 5W figures to show.
DEMO_LINKS = {
    "etpv_support": "Sí",
    "etpv_support_type": "Prerregistro en el RUMV",
    "funded_project": "DEMO · Proyecto de educación 2026 (ficticio)",
}


def _demo_user(username: str) -> Any:
    """A demo login when `demo_accounts_create` made it, else None (the system acts)."""
    return get_user_model().objects.filter(username=username).first()


def _validate_by_each_leg(submission: Submission) -> None:
    """Each department's LEG login validates its part; a department without one is
    validated by the system."""
    for user in (_demo_user("gel-demo"), _demo_user("gel-nds-demo")):
        if user is not None and access.can_validate(user, submission):
            submission_validate(submission=submission, user=user)
            submission.refresh_from_db()
    if submission.status == "submitted":
        submission_validate(submission=submission, user=None)


def load_five_w_demo(warehouse: Warehouse, *, seed: int = 2026) -> dict[str, Any]:
    """Import three months per demo partner; January and February end published, March
    stays submitted (so the review queue has work). Running it again changes nothing.

    Four eyes, as the real workflow asks: the partner login uploads its reports, each LEG
    validates its department, the IM officer approves and the cluster admin publishes."""
    rng = random.Random(seed)  # noqa: S311 (demo numbers, not secrets)
    places = [
        m for m in template_municipalities(warehouse) if m.department_code in DEMO_DEPARTMENTS
    ]
    if not places:
        return {"five_w": "skipped: import the geography first"}
    matcher = matcher_from_warehouse(warehouse.connect())
    chosen = rng.sample(places, min(8, len(places)))
    groups = [PopulationGroup.STAYING, PopulationGroup.IN_TRANSIT, PopulationGroup.HOST]
    summary = []
    for code, name, kind in DEMO_ORGS:
        organization, _ = Organization.objects.get_or_create(
            code=code, defaults={"name": name, "type": kind, "is_demo": True}
        )
        for month in DEMO_MONTHS:
            with tempfile.TemporaryDirectory() as tmp:
                lines = []
                for index, place in enumerate(rng.sample(chosen, 4)):
                    girls, boys = rng.randint(5, 80), rng.randint(5, 80)
                    lines.append(
                        {
                            **(DEMO_LINKS if index == 0 else {}),
                            "municipality": place.label,
                            "activity": rng.choice(EIE_ACTIVITIES).label,
                            "population_group": POPULATION_GROUP_LABELS[rng.choice(groups)][0],
                            "beneficiary_type": "Nuevo" if month == "2026-01" else "Recurrente",
                            "beneficiaries": girls + boys,
                            "cell:f:6-11": girls,
                            "cell:m:6-11": boys,
                            "comments": "DEMO: datos de demostración, no reales",
                        }
                    )
                path = Path(tmp) / f"{code}-{month}.xlsx"
                write_five_w_template(
                    path, period=month, org_code=code, municipalities=places, prefill=lines
                )
                uploader = _demo_user("socio-demo") if code == DEMO_ORGS[0][0] else None
                report = five_w_import(path=path, matcher=matcher, org_code=code, user=uploader)
            submission = Submission.objects.get(organization=organization, period__month=month)
            if month != DEMO_MONTHS[-1] and submission.status == "submitted":
                _validate_by_each_leg(submission)
                submission_approve(
                    submission=submission, user=_demo_user("im-demo"), warehouse=warehouse
                )
                submission_publish(
                    submission=submission, user=_demo_user("admin-demo"), warehouse=warehouse
                )
            summary.append({"org": code, "month": month, "rows": report.rows_imported,
                            "status": Submission.objects.get(pk=submission.pk).status})  # fmt: skip
    return {"five_w": summary}
