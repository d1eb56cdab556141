"""The 5W form's submissions export (KoboToolbox/ODK) brought into the 5W cycle: each
submission's lines, checked by the 5W rules (importers/five_w_form.py), become the submitted
report of the organisation and month it names, stored as an ActivityInfo export is
(`activityinfo_imports.store_by_organization`: a line of an organisation the user does not
upload for is reported; atomic; the same file again changes nothing).
docs/formats/five-w-form.md.
"""

from __future__ import annotations

from pathlib import Path

from trayecto.domain.problems import ImportReport
from trayecto.importers.five_w_form import PROFILE, read_form_submissions
from trayecto.importers.five_w_places import Matcher
from trayecto.web.response.selectors.catalogue import catalogue_index
from trayecto.web.response.services.activityinfo_imports import store_by_organization
from trayecto.web.response.services.audit import User


def five_w_form_import(
    *,
    path: Path,
    matcher: Matcher,
    user: User | None = None,
    dry_run: bool = False,
    file_name: str = "",
    period: str | None = None,
) -> ImportReport:
    """Read the export and store each organisation's months (`user` None: the command line)."""
    read = read_form_submissions(
        path, matcher=matcher, period=period, activities=catalogue_index() or None
    )
    return store_by_organization(
        read, path, source=PROFILE, org_column=read.report.details.get("org_column", ""),
        user=user, dry_run=dry_run, file_name=file_name,
    )  # fmt: skip
