"""The ETPV plan's indicators computed from the SIMAT student files, per ETC, for its
dashboard (analytics/etpv.py; docs/methodology/etpv.md). They are counts of students from
student-level files, so they follow the trajectory pages' rule (web/trajectory/access.py):
the roles with school-level access to an ETC see its figures as computed, the others with
small counts suppressed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from trayecto.web.coordination.forms import EtpvYearForm
from trayecto.web.params import parsed
from trayecto.web.trajectory import access, selectors


@dataclass(frozen=True)
class EtpvStudentsSection:
    year: int | None  # None: no ETC has loaded student files
    years: list[int]
    rows: list[dict[str, Any]]  # one per ETC: the indicators, `name` and `exact`
    synthetic: bool


def etpv_students_section(request: HttpRequest) -> EtpvStudentsSection:
    """The year asked for in `anio` (400 when no student file of that year is loaded; the
    latest when absent) and each ETC's row as the user may see it."""
    years = selectors.etpv_years()
    asked = parsed(EtpvYearForm(request.GET, loaded=years))["anio"]
    year = asked if asked is not None else (years[-1] if years else None)
    rows = []
    for found in selectors.etpv_documents(year) if year is not None else []:
        code = found["etc_code"]
        exact = access.sees_school_level(request, code)
        place = selectors.territory(code)
        rows.append(
            {
                **(found if exact else selectors.suppressed_etc_documents(found)),
                "name": place.name if place is not None else code,
                "exact": exact,
            }
        )
    return EtpvStudentsSection(
        year=year, years=years, rows=rows, synthetic=any(r["is_synthetic"] for r in rows)
    )
