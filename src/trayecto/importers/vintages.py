"""Publishing one part of a shared fact table (a source's vintage, a level), keeping the rest.

A newer vintage never erases an older one, and importing the same file twice publishes
nothing. `finish_import` ends every fact-table loader (MEN, DANE, Migración Colombia).

Each published version records, in its manifest meta, the SHA-256 of the file behind every
part (`parts`); a part whose file is unchanged is not published again
(`warehouse/parts.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from trayecto.domain.problems import ImportReport
from trayecto.importers.files import sha256_of
from trayecto.warehouse import Warehouse
from trayecto.warehouse.parts import publish_parts


def finish_import(
    report: ImportReport,
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, Sequence[str]]],
    *,
    part: str,
    path: Path,
    also: Sequence[Path] = (),
    dry_run: bool,
) -> ImportReport:
    """The last step of a fact-table loader: refuse a file that gave no usable row, else
    publish its part once (not in a dry run) and say which manifest version holds it. The
    part's hash covers `path` and the files read `also` with it."""
    report.refuse_if_empty(str(path))
    if dry_run or report.refused:
        return report
    version = publish_parts(
        warehouse,
        tables,
        part=part,
        sha256=sha256_of(path, *also),
        meta={"source": report.source, "file": path.name},
    )
    return report.published(version, current_version=warehouse.manifest().version)
