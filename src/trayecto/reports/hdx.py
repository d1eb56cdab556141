"""A dataset package for HDX: HXL-tagged CSVs and a metadata JSON in CKAN's dataset shape.

The rows come from the caller (`trayecto export hdx` computes them with the analytics the
explorer uses); this module only writes them, with the methodology, licence, dates and the
warehouse version every figure was computed from, so that a published file can be traced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trayecto.domain.indicators import Indicator
from trayecto.reports import indicator_export

LICENCE = {
    "license_id": "cc-by",
    "license_title": "Creative Commons Attribution International",
}
METHODOLOGY = (
    "Indicators recomputed from the publishers' own files (MEN statistics by municipality "
    "and department, DANE population projections, Migración Colombia) with the formulas of "
    "the Trayecto registry: rates are re-aggregated as sums of numerators over sums of "
    "denominators, never averaged; every row says whether its value is observed (published), "
    "computed or estimated, from which source and vintage, and in which warehouse version."
)


@dataclass(frozen=True)
class Part:
    """One indicator at one level: its metadata and its rows (`trayecto indicator --json`)."""

    indicator: Indicator
    level: str
    rows: Sequence[dict[str, Any]]


def file_name(part: Part) -> str:
    return f"{part.indicator.code}-{part.level}.csv"


def years_of(parts: Sequence[Part]) -> tuple[int, int] | None:
    years = [int(r["year"]) for p in parts for r in p.rows if r.get("value") is not None]
    return (min(years), max(years)) if years else None


def dataset_metadata(
    parts: Sequence[Part], *, manifest_version: int, now: datetime | None = None
) -> dict[str, Any]:
    """CKAN's `package_create` shape, with HDX's fields (dataset_date, methodology,
    caveats, data_update_frequency) and the resources by relative file name."""
    moment = now or datetime.now(UTC)
    span = years_of(parts)
    sources = sorted({s for p in parts for s in p.indicator.source})
    dataset: dict[str, Any] = {
        "name": f"colombia-education-indicators-trayecto-v{manifest_version}",
        "title": "Colombia: education indicators (MEN, DANE) by department and municipality",
        "notes": (
            "Education indicators of Colombia computed by the Education in Emergencies "
            "Cluster's information-management platform (Trayecto) from official sources. "
            f"Indicators: {', '.join(p.indicator.code for p in parts)}."
        ),
        "owner_org": "education-cluster-colombia",
        "maintainer": "Education in Emergencies Cluster, Colombia (IM team)",
        "dataset_source": ", ".join(sources),
        "methodology": "Other",
        "methodology_other": METHODOLOGY,
        "caveats": (
            "Coverage above 100 % is possible: enrolment is counted where the school is and "
            "population where people live. Departmental series 2011–2015 published by MEN "
            "were computed with another method and may differ from the re-aggregated value "
            "(the published figure is given beside it)."
        ),
        "data_update_frequency": "365",
        "groups": [{"name": "col"}],
        "tags": [{"name": "education"}, {"name": "hxl"}, {"name": "indicators"}],
        "subnational": "1",
        "dataset_date": (f"[{span[0]}-01-01T00:00:00 TO {span[1]}-12-31T23:59:59]" if span else ""),
        "last_modified": moment.isoformat(timespec="seconds"),
        **LICENCE,
        "extras": [
            {"key": "warehouse_manifest_version", "value": str(manifest_version)},
            {"key": "generated_by", "value": "trayecto export hdx"},
        ],
        "resources": [
            {
                "name": file_name(p),
                "url": file_name(p),
                "format": "CSV",
                "description": (
                    f"{p.indicator.name_en} ({p.indicator.unit}) by {p.level}, HXL-tagged. "
                    f"{p.indicator.definition_en} Formula: {p.indicator.formula}. "
                    f"Source: {', '.join(p.indicator.source)}."
                ),
                "rows": len(p.rows),
            }
            for p in parts
        ],
    }
    return dataset


def write_package(
    out: Path, parts: Sequence[Part], *, manifest_version: int, now: datetime | None = None
) -> dict[str, Any]:
    """Write one HXL-tagged CSV per part and `dataset.json`; returns the metadata."""
    out.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if not re.fullmatch(r"[a-z0-9_]+", part.indicator.code):
            raise ValueError(f"unexpected indicator code {part.indicator.code!r}")
        rows = [indicator_export.flat(r) for r in part.rows]
        (out / file_name(part)).write_bytes(indicator_export.to_csv(rows, hxl_level=part.level))
    metadata = dataset_metadata(parts, manifest_version=manifest_version, now=now)
    (out / "dataset.json").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return metadata
