"""The warehouse: one folder of Parquet files and a manifest naming the current version.

Publishing writes the new Parquet files first, then a new manifest to a temporary file that
is renamed over the old one (`os.replace` is atomic on POSIX). A crash at any point leaves
either the old manifest or the new one, never a half-written table. Old files and every
manifest ever written are kept, so a figure that records its manifest version can be
reproduced later; the temporary files a killed publish leaves are deleted by the next one.

One publisher at a time (a file lock, across processes). A loader that merges into a
table's current version reads and publishes under that lock (`publish_update`), so two
imports at once both keep their rows.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _check_names(tables: Mapping[str, pa.Table]) -> None:
    for name in tables:
        if not TABLE_NAME.match(name):
            raise ValueError(f"invalid table name {name!r}")


class UnknownTable(KeyError):
    """The warehouse has no current version of this table (import its source first)."""


@dataclass(frozen=True)
class TableVersion:
    name: str
    file: str  # relative to the warehouse root
    rows: int
    published_at: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    version: int
    tables: dict[str, TableVersion]

    @classmethod
    def empty(cls) -> Manifest:
        return cls(version=0, tables={})

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(
            version=int(data["version"]),
            tables={name: TableVersion(**entry) for name, entry in data["tables"].items()},
        )

    def to_json(self) -> str:
        tables = {name: asdict(entry) for name, entry in sorted(self.tables.items())}
        return json.dumps({"version": self.version, "tables": tables}, indent=1, ensure_ascii=False)


@dataclass(frozen=True)
class Update:
    """What a read-modify-publish step publishes: tables and the meta of their versions."""

    tables: Mapping[str, pa.Table]
    meta: Mapping[str, Any] = field(default_factory=dict)


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Warehouse:
    """Parquet tables under `root`, the current set named by `root/manifest.json`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._local = threading.local()

    # ------------------------------------------------------------------ reading
    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self, version: int | None = None) -> Manifest:
        """The current manifest, or an earlier one by its version number."""
        if version == 0:
            return Manifest.empty()  # before the first publication
        path = self.manifest_path if version is None else self._history_path(version)
        try:
            return Manifest.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if version is None:
                return Manifest.empty()
            raise
        # A torn manifest cannot happen (it is only ever replaced whole), so any other
        # error is a real corruption and must surface.

    def has(self, name: str) -> bool:
        return name in self.manifest().tables

    def connect(self, version: int | None = None) -> duckdb.DuckDBPyConnection:
        """A new in-memory DuckDB connection with one view per table of the manifest."""
        manifest = self.manifest(version)
        con = duckdb.connect(":memory:")
        for name, entry in manifest.tables.items():
            con.read_parquet(str(self.root / entry.file)).create_view(name)
        return con

    def reader(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        """A per-thread connection reused while the manifest does not change.

        Building views is cheap but not free; web requests and benchmarks reuse this one.
        Returns the connection and the manifest version it shows.
        """
        version = self.manifest().version
        cached = getattr(self._local, "reader", None)
        if cached is None or cached[1] != version:
            if cached is not None:
                cached[0].close()
            cached = (self.connect(version), version)
            self._local.reader = cached
        return cached

    def read(self, name: str, version: int | None = None) -> pa.Table:
        entry = self.entry(name, version)
        return pq.read_table(self.root / entry.file)

    def entry(self, name: str, version: int | None = None) -> TableVersion:
        try:
            return self.manifest(version).tables[name]
        except KeyError:
            raise UnknownTable(name) from None

    def history(self, name: str) -> list[TableVersion]:
        """Every version of a table ever published, oldest first."""
        seen: dict[str, TableVersion] = {}
        for path in sorted((self.root / "manifests").glob("*.json")):
            entry = Manifest.from_json(path.read_text(encoding="utf-8")).tables.get(name)
            if entry is not None:
                seen.setdefault(entry.file, entry)
        return list(seen.values())

    # ------------------------------------------------------------------ writing
    def publish(self, name: str, table: pa.Table, meta: Mapping[str, Any] | None = None) -> int:
        """Make `table` the current version of `name`; returns the new manifest version."""
        return self.publish_many({name: table}, meta)

    def publish_many(
        self, tables: Mapping[str, pa.Table], meta: Mapping[str, Any] | None = None
    ) -> int:
        """Publish several tables in one manifest swap: readers see all of them or none."""
        _check_names(tables)
        with self._lock():
            return self._publish_locked(self.manifest(), tables, meta)

    def publish_update(self, compute: Callable[[Manifest], Update | None]) -> int | None:
        """Read, modify and publish as one step: `compute` gets the current manifest and
        returns the tables to publish (or None for nothing), all under the publish lock.

        A loader that merges its rows into a table's current version must compute the
        merge here: computed before the lock, a concurrent publish between the read and
        the swap would be overwritten and its rows lost. `compute` may read the warehouse
        (`read`, `entry`, `has` show the manifest it was given) but must not publish.
        Returns the new manifest version, or None when `compute` returned None.
        """
        with self._lock():
            current = self.manifest()
            update = compute(current)
            if update is None:
                return None
            _check_names(update.tables)
            return self._publish_locked(current, update.tables, update.meta)

    def _publish_locked(
        self, current: Manifest, tables: Mapping[str, pa.Table], meta: Mapping[str, Any] | None
    ) -> int:
        self._remove_orphans()
        version = current.version + 1
        now = datetime.now(UTC).isoformat(timespec="seconds")
        entries = dict(current.tables)
        for name, table in tables.items():
            entries[name] = TableVersion(
                name=name,
                file=self._write_parquet(name, version, table),
                rows=table.num_rows,
                published_at=now,
                meta=dict(meta or {}),
            )
        new = Manifest(version=version, tables=entries)
        text = new.to_json().encode("utf-8")
        history = self._history_path(version)
        history.parent.mkdir(parents=True, exist_ok=True)
        _fsync_write(history, text)
        tmp = self.root / f".manifest-{uuid.uuid4().hex}.tmp"
        _fsync_write(tmp, text)
        os.replace(tmp, self.manifest_path)  # the moment of publication
        _fsync_dir(self.root)
        return version

    def _remove_orphans(self) -> list[Path]:
        """Delete the temporary files a killed publish left behind (half-written Parquet,
        an unrenamed manifest). Called under the lock, so no publish is writing them now."""
        orphans = [
            *self.root.glob("tables/*/.*.parquet.tmp"),
            *self.root.glob(".manifest-*.tmp"),
        ]
        for path in orphans:
            path.unlink(missing_ok=True)
        return orphans

    def _write_parquet(self, name: str, version: int, table: pa.Table) -> str:
        folder = self.root / "tables" / name
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"v{version:06d}-{uuid.uuid4().hex[:8]}.parquet"
        tmp = folder / f".{final.name}.tmp"
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        return str(final.relative_to(self.root))

    def _history_path(self, version: int) -> Path:
        return self.root / "manifests" / f"{version:06d}.json"

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """One publisher at a time, across processes; readers never take it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".publish.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
