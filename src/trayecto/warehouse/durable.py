"""The file steps of a publication, each durable before the next (warehouse/store.py): a
file is fsynced before it is renamed into place, and its folder after, so a crash leaves
either the old file or the new one."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(tmp: Path, final: Path) -> None:
    """Rename a written file into place (atomic on POSIX) once its bytes are on disk."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)


def new_table_file(root: Path, name: str, version: int) -> Path:
    """A fresh name for one of table `name`'s files in manifest `version`, its folder made."""
    folder = root / "tables" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"v{version:06d}-{uuid.uuid4().hex[:8]}.parquet"


def write_parquet(root: Path, name: str, version: int, table: pa.Table) -> str:
    """Write `table` as a new file of `name` (path relative to `root`); a killed write
    leaves only a dot-file that `remove_orphans` deletes."""
    final = new_table_file(root, name, version)
    tmp = final.with_name(f".{final.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    replace_durably(tmp, final)
    return str(final.relative_to(root))


def write_manifest(root: Path, history: Path, current: Path, text: bytes) -> None:
    """Keep the manifest in the history, then make it the current one (the moment of
    publication is the rename)."""
    history.parent.mkdir(parents=True, exist_ok=True)
    fsync_write(history, text)
    tmp = root / f".manifest-{uuid.uuid4().hex}.tmp"
    fsync_write(tmp, text)
    os.replace(tmp, current)  # the moment of publication
    fsync_dir(root)


def remove_orphans(root: Path) -> list[Path]:
    """Delete the temporary files a killed publish left behind (half-written Parquet, an
    unrenamed manifest). Call it under the publish lock, so no publish is writing them."""
    orphans = [*root.glob("tables/*/.*.parquet.tmp"), *root.glob(".manifest-*.tmp")]
    for path in orphans:
        path.unlink(missing_ok=True)
    return orphans
