"""Publishing one part of a shared fact table (a source's vintage, a level), keeping the rest.

A newer vintage never erases an older one, and importing the same file twice publishes
nothing. `finish_import` ends every fact-table loader (MEN, DANE, Migración Colombia).

Each published version records, in its manifest meta, the SHA-256 of the file behind every
part (`parts`); a part whose file is unchanged is not published again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from trayecto.domain.problems import ImportReport
from trayecto.warehouse import Manifest, Update, Warehouse


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def part_key(table: pa.Table, match: Sequence[str]) -> pa.Array:
    columns = [pc.cast(table.column(name), pa.string()) for name in match]
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*columns, "|")


def replace_part(warehouse: Warehouse, name: str, new: pa.Table, match: Sequence[str]) -> pa.Table:
    """`name` with the rows matching `new` on `match` replaced by `new`; the rest kept."""
    if not warehouse.has(name):
        return new
    current = warehouse.read(name)
    if set(current.schema.names) != set(new.schema.names):
        # An older layout of the table: keep only the columns both share, in the new order.
        current = current.select([n for n in new.schema.names if n in current.schema.names])
        for field in new.schema:
            if field.name not in current.schema.names:
                current = current.append_column(field, pa.nulls(current.num_rows, field.type))
    current = current.select(new.schema.names).cast(new.schema)
    replaced = pc.is_in(part_key(current, match), value_set=pc.unique(part_key(new, match)))
    return pa.concat_tables([current.filter(pc.invert(replaced)), new])


def recorded_parts(warehouse: Warehouse, name: str) -> dict[str, str]:
    if not warehouse.has(name):
        return {}
    parts: dict[str, str] = warehouse.entry(name).meta.get("parts", {})
    return dict(parts)


def publish_parts(
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, Sequence[str]]],
    *,
    part: str,
    sha256: str,
    meta: Mapping[str, Any],
) -> int | None:
    """Publish every table's new part in one manifest swap; None when the part's file was
    already published unchanged (idempotent re-import).

    The current tables are read and merged under the publish lock: two imports of
    different parts at once both survive (merged outside it, the later swap would drop the
    earlier part).
    """

    def merge(current: Manifest) -> Update | None:
        first = next(iter(tables))
        parts = recorded_parts(warehouse, first)
        if parts.get(part) == sha256 and all(n in current.tables for n in tables):
            return None
        parts[part] = sha256
        merged = {
            name: replace_part(warehouse, name, new, match) for name, (new, match) in tables.items()
        }
        return Update(merged, {**meta, "parts": parts})

    return warehouse.publish_update(merge)


def finish_import(
    report: ImportReport,
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, Sequence[str]]],
    *,
    part: str,
    path: Path,
    dry_run: bool,
) -> ImportReport:
    """The last step of a fact-table loader: refuse a file that gave no usable row, else
    publish its part once (not in a dry run) and say which manifest version holds it."""
    report.refuse_if_empty(str(path))
    if dry_run or report.refused:
        return report
    version = publish_parts(
        warehouse,
        tables,
        part=part,
        sha256=file_sha256(path),
        meta={"source": report.source, "file": path.name},
    )
    return report.published(version, current_version=warehouse.manifest().version)
