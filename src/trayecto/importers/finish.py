"""The last step of every loader: `finish(report, warehouse, strategy, dry_run=...)`.

A loader reads, checks every row, then hands its tables to `finish` with the strategy that
says how they join what the warehouse holds:

- `Replace`: reference tables (DIVIPOLA, P-codes, MGN, ETC, place aliases) replace their
  previous version whole; one row in error refuses the file (a reference list with holes
  would mis-code every later import);
- `Parts`: fact tables shared by sources, vintages or levels (MEN, DANE, Migración) replace
  only the file's part (`vintages.py`);
- `Merge`: the school tables, partitioned by source × year × department, merge the file's
  rows partition by partition (`school_tables.py`), from Arrow tables or from relations
  staged in DuckDB.

Every strategy refuses a file that gave no usable row, publishes nothing in a dry run,
publishes all the file's tables in one manifest swap, and reports the outcome with the
same keys (`unchanged`, `manifest_version`): the same file twice publishes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from trayecto.domain.problems import ImportReport
from trayecto.importers import files, school_tables, vintages
from trayecto.warehouse import Warehouse


@dataclass(frozen=True)
class Replace:
    tables: Mapping[str, pa.Table]
    vintage: str
    sha256: str  # files.sha256_of the file(s) read


@dataclass(frozen=True)
class Parts:
    tables: Mapping[str, tuple[pa.Table, Sequence[str]]]  # table -> (rows, key columns)
    part: str  # the file's part of each table: its vintage, or level and vintage
    path: Path
    also: tuple[Path, ...] = ()  # files read with it (OCHA's severity beside its PiN)


@dataclass(frozen=True)
class Merge:
    meta: Mapping[str, str]  # source, vintage and, for a file, its name
    tables: Mapping[str, tuple[pa.Table, list[str]]] = field(default_factory=dict)
    incoming: school_tables.Incoming | None = None  # rows staged in DuckDB (large files)


Strategy = Replace | Parts | Merge


def finish(
    report: ImportReport, warehouse: Warehouse, strategy: Strategy, *, dry_run: bool
) -> ImportReport:
    """Publish the file's tables with `strategy`, unless refused, empty or a dry run."""
    if isinstance(strategy, Replace):
        return files.publish_reference(
            report,
            warehouse,
            strategy.tables,
            vintage=strategy.vintage,
            sha256=strategy.sha256,
            dry_run=dry_run,
        )
    if isinstance(strategy, Parts):
        return vintages.finish_import(
            report, warehouse, strategy.tables, part=strategy.part, path=strategy.path,
            also=strategy.also, dry_run=dry_run,
        )  # fmt: skip
    if strategy.incoming is None:
        return school_tables.finish_import(
            report, warehouse, strategy.tables, strategy.meta, dry_run=dry_run
        )
    report.refuse_if_empty(strategy.meta.get("file", report.source))
    if dry_run or report.refused:
        return report
    version = school_tables.publish_school_tables(
        warehouse, strategy.incoming, dict(strategy.tables), strategy.meta
    )
    return report.published(version, current_version=warehouse.manifest().version)
