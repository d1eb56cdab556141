"""The published tables as downloads for Power BI, Excel and scripts: CSV or Parquet, named
by the warehouse manifest version they were computed from. An indicator's values (one row
per area, year and sex; COLUMNS), published reach (REACH_COLUMNS) and the published 5W
lines (LINE_COLUMNS).

The columns are the fields of `trayecto indicator --json` (and of the API's values), the
provenance flattened beside them, in English, as a machine reads them; `manifest_version`
is in every row, and the Parquet file also carries it in its schema metadata, so a file
copied away from its address still says which version of the warehouse it shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.reports.spreadsheet_cells import neutralise
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

# (column, Arrow type): the order of the file's columns.
COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("indicator", pa.string()),
    ("level", pa.string()),
    ("area_code", pa.string()),
    ("area_name", pa.string()),
    ("year", pa.int32()),
    ("sex", pa.string()),
    ("group", pa.string()),
    ("value", pa.float64()),
    ("unit", pa.string()),
    ("numerator", pa.float64()),
    ("denominator", pa.float64()),
    ("published_value", pa.float64()),
    ("difference", pa.float64()),
    ("units", pa.int64()),
    ("units_with_value", pa.int64()),
    ("status", pa.string()),
    ("method", pa.string()),
    ("source", pa.string()),
    ("vintage", pa.string()),
    ("synthetic", pa.bool_()),
    ("manifest_version", pa.int64()),
)
# Published reach: one row per area of the level (web/response/selectors/reach.py).
REACH_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("period", pa.string()),
    ("level", pa.string()),
    ("rule", pa.string()),
    ("area_code", pa.string()),
    ("area_name", pa.string()),
    ("value", pa.int64()),
    ("unit", pa.string()),
    ("statuses", pa.string()),
    ("manifest_version", pa.int64()),
)
# The published 5W lines as the warehouse holds them (warehouse/five_w_lines.py): one
# row per line × population group × sex × age cell of its new beneficiaries.
LINE_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    *((f.name, f.type) for f in LINE_SCHEMA),
    ("manifest_version", pa.int64()),
)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}
VERSION_KEY = b"trayecto.manifest_version"


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """One value object (`compute.rollup`'s row) as a flat record of COLUMNS."""
    provenance = row["provenance"]
    found = {name: row.get(name) for name, _ in COLUMNS}
    for name in ("status", "method", "source", "vintage", "synthetic", "manifest_version"):
        found[name] = provenance.get(name)
    return found


Columns = Sequence[tuple[str, pa.DataType]]


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    """An indicator's values as CSV (`records_csv`)."""
    return records_csv(COLUMNS, [flat(row) for row in rows])


def to_parquet(rows: Sequence[dict[str, Any]], *, manifest_version: int) -> bytes:
    """An indicator's values as Parquet (`records_parquet`)."""
    return records_parquet(COLUMNS, [flat(row) for row in rows], manifest_version=manifest_version)


def records_csv(columns: Columns, records: Sequence[dict[str, Any]]) -> bytes:
    """Plain UTF-8 (no BOM: Power BI and scripts read it as is), comma-separated, a point
    for decimals; text that Excel would run as a formula goes in as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _ in columns])
    for record in records:
        writer.writerow(["" if record[n] is None else neutralise(record[n]) for n, _ in columns])
    return buffer.getvalue().encode("utf-8")


def records_parquet(
    columns: Columns, records: Sequence[dict[str, Any]], *, manifest_version: int
) -> bytes:
    """A typed Parquet file (zstd) whose schema metadata names the manifest version."""
    schema = pa.schema(
        [pa.field(name, kind) for name, kind in columns],
        metadata={VERSION_KEY: str(manifest_version).encode()},
    )
    table = pa.Table.from_pylist([{n: r.get(n) for n, _ in columns} for r in records],
                                 schema=schema)  # fmt: skip
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def file_name(
    code: str, level: str, parts: Sequence[object], manifest_version: int, fmt: str
) -> str:
    """`cobertura_neta_department_81_v42.csv`: the indicator, its filters and the version."""
    named = [code, level, *(str(p) for p in parts if p), f"v{manifest_version}"]
    return "_".join(named) + "." + fmt
