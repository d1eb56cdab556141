"""Reads of the needs app: stored runs, their rows by department, two runs side by side."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import QuerySet

from trayecto.domain.needs import phase_counts
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.web.needs.models import NeedsRun


def runs() -> QuerySet[NeedsRun]:
    return NeedsRun.objects.defer("results").select_related("created_by")


def run_rows(run: NeedsRun, department: str | None) -> list[dict[str, Any]]:
    """The run's municipalities of one department, or of the priority departments."""
    wanted = {department} if department else set(PRIORITY_DEPARTMENTS)
    rows: list[dict[str, Any]] = run.results
    return [r for r in rows if r["code"][:2] in wanted]


def compared(first: NeedsRun, second: NeedsRun, department: str | None) -> list[dict[str, Any]]:
    """Each municipality of both runs: severity and PiN in each, and the change."""
    later = {r["code"]: r for r in run_rows(second, department)}
    rows = []
    for row in run_rows(first, department):
        other = later.get(row["code"], {})
        pin_a, pin_b = row["total_pin"], other.get("total_pin")
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "severity_a": row["severity"],
                "severity_b": other.get("severity"),
                "pin_a": pin_a,
                "pin_b": pin_b,
                "change": None if pin_a is None or pin_b is None else pin_b - pin_a,
            }
        )
    return rows


def changed_parameters(first: NeedsRun, second: NeedsRun) -> list[tuple[str, Any, Any]]:
    """(name, value in the first, value in the second) for every parameter that differs."""
    names = sorted(set(first.parameters) | set(second.parameters))
    return [
        (name, first.parameters.get(name), second.parameters.get(name))
        for name in names
        if first.parameters.get(name) != second.parameters.get(name)
    ]


def published_run() -> NeedsRun | None:
    """The run the IM team published last (the cluster's own figure in the bulletin)."""
    return (
        NeedsRun.objects.filter(published_at__isnull=False).order_by("-published_at", "-id").first()
    )


def run_territory(run: NeedsRun, department: str) -> dict[str, Any]:
    """A run's figures for the nation (`department` "") or one department, as plain JSON:
    its label, PiN by group, municipalities per phase and each municipality's figures."""
    rows = [r for r in run.results if r["code"].startswith(department)]
    published = run.published_at.date().isoformat() if run.published_at else None
    return {
        "id": run.pk,
        "name": run.name,
        "year": run.year,
        "warehouse_version": run.warehouse_version,
        "published_at": published,
        # the demo's sedes are synthetic: students per teacher then come from them
        "synthetic": "synthetic" in run.sources.get("teachers", ""),
        "pin": sum(r["total_pin"] or 0.0 for r in rows),
        "migrant_pin": sum(r["migrant_pin"] or 0.0 for r in rows),
        "host_pin": sum(r["host_pin"] or 0.0 for r in rows),
        "phases": phase_counts([r["severity"] for r in rows]),
        "without_phase": sum(1 for r in rows if r["severity"] is None),
        "municipalities": {r["code"]: [r["name"], r["severity"], r["total_pin"]] for r in rows},
    }


def ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows numbered in their order: the rank within what the reader selected."""
    return [{**row, "rank": rank} for rank, row in enumerate(rows, start=1)]


def municipality_choices(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(code, name) of the municipalities the rows fall in, by name."""
    found = {r["municipality_code"]: r["municipality_name"] for r in rows}
    return sorted(found.items(), key=lambda kv: (unaccented(kv[1]), kv[0]))


def unaccented(text: str) -> str:
    """Cértegui between Carmen and Condoto, as a reader looks for it."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
