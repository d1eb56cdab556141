"""The warehouse: one folder of Parquet files and a manifest naming the current version.

Publishing writes the new Parquet files first, then a new manifest to a temporary file that
is renamed over the old one (`os.replace` is atomic on POSIX). A crash at any point leaves
either the old manifest or the new one, never a half-written table. Old files and every
manifest ever written are kept, so a figure that records its manifest version can be
reproduced later; the temporary files a killed publish leaves are deleted by the next one.

One publisher at a time (a file lock, across processes). A loader that merges into a
table's current version reads and publishes under that lock (`publish_update`), so two
imports at once both keep their rows.

A process reads a warehouse folder through one object, `Warehouse.for_root(root)` (as
Datasette keeps one `Database` per database): its per-thread reading connections and its memo of
results per manifest version then serve every request instead of being rebuilt by each.
"""

from __future__ import annotations

import fcntl
import json
import re
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.warehouse import durable
from trayecto.warehouse.memo import VersionMemo

T = TypeVar("T")

TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _check_names(tables: Mapping[str, object]) -> None:
    for name in tables:
        if not TABLE_NAME.match(name):
            raise ValueError(f"invalid table name {name!r}")


class UnknownTable(KeyError):
    """The warehouse has no current version of this table (import its source first)."""


@dataclass(frozen=True)
class Partition:
    """One partition of a partitioned table (key: e.g. `sede-matricula/2025/54`): a file
    written whole, plus the small files appended to it since (rows whose keys it did not
    hold: `warehouse/partitions.py`). Readers read all of them; a rewrite folds them back
    into one file."""

    file: str  # relative to the warehouse root
    rows: int  # of all its files
    meta: dict[str, Any] = field(default_factory=dict)
    appended: list[str] = field(default_factory=list)  # relative to the root, oldest first

    @property
    def files(self) -> list[str]:
        return [self.file, *self.appended]


@dataclass(frozen=True)
class TableVersion:
    name: str
    file: str  # relative to the warehouse root; for a partitioned table, a name of the version
    rows: int
    published_at: str
    meta: dict[str, Any] = field(default_factory=dict)
    # A partitioned table is the union of these files: a publication rewrites only the
    # partitions it touches and keeps the others' files (importers/school_tables.py).
    partitions: dict[str, Partition] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        if self.partitions:
            return [f for _, part in sorted(self.partitions.items()) for f in part.files]
        return [self.file]


@dataclass(frozen=True)
class PartitionUpdate:
    """New files for some partitions of a table (Parquet files already written under the
    warehouse root; the publication moves them into place): `files` replace a partition
    whole (None drops it), `appended` are added to a partition beside the files it has
    (a partition not there yet starts with it)."""

    files: Mapping[str, Path | None]
    meta: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # per partition
    appended: Mapping[str, Path] = field(default_factory=dict)


# What one publication changes: whole tables, or some partitions of partitioned tables.
Changes = Mapping[str, pa.Table | PartitionUpdate]


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
            tables={name: _table_version(entry) for name, entry in data["tables"].items()},
        )

    def to_json(self) -> str:
        tables = {name: asdict(entry) for name, entry in sorted(self.tables.items())}
        return json.dumps({"version": self.version, "tables": tables}, indent=1, ensure_ascii=False)


def _table_version(entry: dict[str, Any]) -> TableVersion:
    parts = {key: Partition(**part) for key, part in entry.pop("partitions", {}).items()}
    return TableVersion(**entry, partitions=parts)


@dataclass(frozen=True)
class Update:
    """What a read-modify-publish step publishes: whole tables or some partitions of
    partitioned tables, and the meta of their new versions."""

    tables: Changes
    meta: Mapping[str, Any] = field(default_factory=dict)


_open: dict[Path, Warehouse] = {}  # Warehouse.for_root's objects, one per folder
_open_lock = threading.Lock()
# Each reading connection's warehouse and version, for code given only the connection
# (`memo_of`); weak, so a connection is still closed when its last holder lets it go.
_readers: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[Warehouse, int]] = (
    weakref.WeakKeyDictionary()
)


class Warehouse:
    """Parquet tables under `root`, the current set named by `root/manifest.json`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._local = threading.local()
        self._memo = VersionMemo()
        # (inode, mtime, size) of manifest.json -> its parsed content (see `manifest`)
        self._current: tuple[tuple[int, int, int], Manifest] | None = None

    @classmethod
    def for_root(cls, root: Path | str) -> Warehouse:
        """The process's one Warehouse for the folder `root` (by its resolved path), so that
        every caller shares its reading connections and its memo. The web, the CLI and the
        analytics caches obtain the warehouse here; `Warehouse(root)` stays for tests and
        tools that want an object of their own."""
        key = Path(root).resolve()
        with _open_lock:
            found = _open.get(key)
            if found is None:
                found = _open[key] = cls(key)
            return found

    # ------------------------------------------------------------------ the memo
    def memo(self, name: Hashable, build: Callable[[duckdb.DuckDBPyConnection, int], T]) -> T:
        """`build(con, version)` over the current version, computed once per manifest
        version (what it reads changes only when a publication does)."""
        con, version = self.reader()
        return self.memo_at(version, name, lambda: build(con, version))

    def memo_forget(self) -> None:
        """Forget every memoised result (benchmarks time cold computations with it)."""
        self._memo.forget()

    def memo_at(self, version: int, name: Hashable, build: Callable[[], T]) -> T:
        """`build()`'s result for `name` at manifest `version`, computed once; only the
        newest version's results are kept (memo.py)."""
        return self._memo.at(version, name, build)

    # ------------------------------------------------------------------ reading
    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self, version: int | None = None) -> Manifest:
        """The current manifest, or an earlier one by its version number."""
        if version == 0:
            return Manifest.empty()  # before the first publication
        if version is None:
            return self._current_manifest()
        # A torn manifest cannot happen (it is only ever replaced whole), so any error is a
        # real corruption and must surface.
        return Manifest.from_json(self._history_path(version).read_text(encoding="utf-8"))

    def _current_manifest(self) -> Manifest:
        """manifest.json, parsed again only when a publication replaced it. A page asks for
        it a score of times (every memo and reader call); a publication swaps the file
        whole (a new inode), so its stat says when the parsed copy is stale."""
        try:
            stat = self.manifest_path.stat()
        except FileNotFoundError:
            return Manifest.empty()
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        current = self._current
        if current is not None and current[0] == key:
            return current[1]
        try:
            manifest = Manifest.from_json(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Manifest.empty()
        # Replaced between the stat and the read: the newer content under the older key is
        # parsed again on the next call, never served stale.
        self._current = (key, manifest)
        return manifest

    def has(self, name: str) -> bool:
        return name in self.manifest().tables

    def connect(
        self, version: int | None = None, *, tables: Iterable[str] | None = None
    ) -> duckdb.DuckDBPyConnection:
        """A new in-memory DuckDB connection with one view per table of the manifest (of
        `tables` only, when given: a view reads the footer of every file of its table when
        it is made, which a national decade's partitioned tables make cost about 0.25 s)."""
        manifest = self.manifest(version)
        con = duckdb.connect(":memory:")
        con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout (--json)
        wanted = None if tables is None else set(tables)
        for name, entry in manifest.tables.items():
            if wanted is not None and name not in wanted:
                continue
            files = [str(self.root / f) for f in entry.files]
            con.read_parquet(files, union_by_name=len(files) > 1).create_view(name)
        return con

    def reader(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        """A per-thread connection reused while the manifest does not change.

        Building views is cheap but not free; web requests and benchmarks reuse this one.
        Returns the connection and the manifest version it shows. A publication makes the
        next call build a new one; the old one is closed when its last holder lets it go
        (a request still reading it is not cut off).
        """
        version = self.manifest().version
        cached = getattr(self._local, "reader", None)
        if cached is None or cached[1] != version:
            cached = (self.connect(version), version)
            with _open_lock:
                _readers[cached[0]] = (self, version)
            self._local.reader = cached
        return cached

    def read(self, name: str, version: int | None = None) -> pa.Table:
        entry = self.entry(name, version)
        if not entry.partitions:
            return pq.read_table(self.root / entry.file)
        tables = [pq.read_table(self.root / f) for f in entry.files]
        return pa.concat_tables(tables, promote_options="default")

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
        version = self.publish_update(lambda _current: Update(tables, meta or {}))
        assert version is not None
        return version

    def publish_update(self, compute: Callable[[Manifest], Update | None]) -> int | None:
        """Read, modify and publish as one step: `compute` gets the current manifest and
        returns what changes (or None for nothing), all under the publish lock.

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
            durable.remove_orphans(self.root)
            version = current.version + 1
            now = datetime.now(UTC).isoformat(timespec="seconds")
            meta = update.meta
            entries = dict(current.tables)
            for name, change in update.tables.items():
                if isinstance(change, PartitionUpdate):
                    entries[name] = self._partitioned_entry(
                        name, version, entries.get(name), change, now, meta
                    )
                    continue
                entries[name] = TableVersion(
                    name=name,
                    file=durable.write_parquet(self.root, name, version, change),
                    rows=change.num_rows,
                    published_at=now,
                    meta=dict(meta),
                )
            text = Manifest(version=version, tables=entries).to_json().encode("utf-8")
            durable.write_manifest(self.root, self._history_path(version), self.manifest_path, text)
            return version

    def _partitioned_entry(
        self,
        name: str,
        version: int,
        previous: TableVersion | None,
        change: PartitionUpdate,
        now: str,
        meta: Mapping[str, Any] | None,
    ) -> TableVersion:
        parts = dict(previous.partitions) if previous is not None else {}
        folder = self.root / "tables" / name
        folder.mkdir(parents=True, exist_ok=True)

        def move_in(path: Path) -> tuple[str, int]:
            final = durable.new_table_file(self.root, name, version)
            durable.replace_durably(path, final)
            return str(final.relative_to(self.root)), pq.ParquetFile(final).metadata.num_rows

        for key, path in change.files.items():
            if path is None:
                parts.pop(key, None)
                continue
            file, rows = move_in(path)
            parts[key] = Partition(file=file, rows=rows, meta=dict(change.meta.get(key, {})))
        for key, path in change.appended.items():
            file, rows = move_in(path)
            before = parts.get(key)
            meta = dict(change.meta.get(key, {}))
            if before is None:
                parts[key] = Partition(file=file, rows=rows, meta=meta)
            else:
                parts[key] = Partition(
                    file=before.file,
                    rows=before.rows + rows,
                    meta=meta or dict(before.meta),
                    appended=[*before.appended, file],
                )
        durable.fsync_dir(folder)
        return TableVersion(
            name=name,
            file=f"tables/{name}/v{version:06d}.partitions",
            rows=sum(part.rows for part in parts.values()),
            published_at=now,
            meta=dict(meta or {}),
            partitions=parts,
        )

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


def memo_of(con: object) -> Callable[[Hashable, Callable[[], T]], T] | None:
    """The memo for the version a reading connection (`Warehouse.reader()`) shows, for code
    that is given only the connection; None for any other connection."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return None  # a Spark connection: the analytics' own memo keys say the engine
    with _open_lock:
        found = _readers.get(con)
    if found is None:
        return None
    warehouse, version = found
    return lambda name, build: warehouse.memo_at(version, name, build)
