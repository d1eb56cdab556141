"""The monthly bulletin, national or of one department: gather, render (HTML, PDF), archive
and rebuild.

A bulletin reads the warehouse at one manifest version (the current one when it is issued)
and the operational figures its sections collect; both are kept with the file
(`BulletinRecord`), so `bulletin_rebuild` renders the same bytes later, whatever was
published since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from trayecto import paths, reports
from trayecto.analytics.areas import area_names
from trayecto.reports.pdf import html_to_pdf
from trayecto.warehouse import Warehouse
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.access import User
from trayecto.web.coordination.bulletin_sections import BulletinScope, sections
from trayecto.web.coordination.models import BulletinRecord
from trayecto.web.coordination.services import audit

FORMATS = ("html", "pdf")
STYLE = (Path(reports.__file__).parent / "bulletin.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    manifest_version: int | None
    inputs: dict[str, Any]


def collect_inputs(scope: BulletinScope) -> dict[str, Any]:
    """What each section reads from the operational database, as stored JSON."""
    return {s.key: s.collect(scope) for s in sections() if s.collect is not None}


def _department_name(warehouse: Warehouse, version: int | None, code: str) -> str:
    if not code or version is None:
        return ""
    con = warehouse.connect(version)
    return area_names(con, "department").get(code, "") if has_table(con, "department") else ""


def render_html(
    scope: BulletinScope, *, warehouse: Warehouse, version: int | None, inputs: dict[str, Any]
) -> str:
    con = warehouse.connect(version) if version is not None else None
    with translation.override(scope.language):
        parts = []
        for section in sections():
            built = None
            if section.build is not None:
                built = section.build(scope, con, inputs.get(section.key))
            parts.append({"key": section.key, "title": section.title,
                          "template": section.template, "data": built})  # fmt: skip
        html: str = render_to_string(
            "coordination/bulletin/bulletin.html",
            {
                "scope": scope,
                "department_name": _department_name(warehouse, version, scope.department),
                "manifest_version": version,
                "sections": parts,
                # the document carries its style (a download and a PDF, not a site page)
                "style": format_html("<style>{}</style>", mark_safe(STYLE)),  # noqa: S308
            },
        )
    return html


def render(
    scope: BulletinScope,
    fmt: str,
    *,
    warehouse: Warehouse,
    version: int | None,
    inputs: dict[str, Any],
) -> bytes:
    html = render_html(scope, warehouse=warehouse, version=version, inputs=inputs)
    return html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")


def current_version(warehouse: Warehouse) -> int | None:
    version = warehouse.manifest().version
    return version if version else None


def bulletin_issue(
    scope: BulletinScope,
    fmt: str,
    *,
    user: User | None,
    source: str,
    warehouse: Warehouse | None = None,
) -> BulletinRecord:
    """Render the bulletin from the current warehouse version and archive it."""
    found = warehouse or Warehouse.for_root(paths.warehouse_dir())
    version = current_version(found)
    inputs = collect_inputs(scope)
    content = render(scope, fmt, warehouse=found, version=version, inputs=inputs)
    record = BulletinRecord.objects.create(
        period=scope.period, department=scope.department, language=scope.language,
        format=fmt, manifest_version=version, inputs=inputs, content=content,
        sha256=hashlib.sha256(content).hexdigest(), size=len(content), source=source,
        created_by_id=user.pk if user is not None and user.is_authenticated else None,
    )  # fmt: skip
    audit(user, "bulletin.issue", record, period=scope.period,
          department=scope.department or "nacional", format=fmt,
          manifest_version=version, sha256=record.sha256)  # fmt: skip
    return record


def bulletin_rebuild(record: BulletinRecord, *, warehouse: Warehouse | None = None) -> bytes:
    """The bulletin rendered again from its warehouse version and its stored inputs."""
    found = warehouse or Warehouse.for_root(paths.warehouse_dir())
    scope = BulletinScope(record.period, record.department, record.language)
    return render(
        scope, record.format, warehouse=found, version=record.manifest_version,
        inputs=record.inputs,
    )  # fmt: skip


def issued_at() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")
