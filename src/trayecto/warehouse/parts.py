"""Publishing one part of a shared table (a source's vintage, an estimate), keeping the rest.

Each published version records, in its manifest meta, the fingerprint (SHA-256) of what
is behind every part (`parts`); a part whose fingerprint is unchanged is not published
again. The importers (`importers/vintages.py`) and the analytics (`analytics/estimates.py`)
both publish this way, so it lives here, below both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from trayecto.warehouse.store import Manifest, Update, Warehouse


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
