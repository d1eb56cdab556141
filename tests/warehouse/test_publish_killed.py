"""A publish killed with SIGKILL at any moment leaves the previous version intact and readable.

A separate process publishes a large table into the same warehouse; the test kills it at
several moments of the write (from just after it starts to just before it would finish) and
each time opens the warehouse as a reader would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest

from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

LARGE_ROWS = 3_000_000

PUBLISHER = f"""
import sys
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from trayecto.warehouse import Warehouse

n = {LARGE_ROWS}
ids = pa.array(np.arange(n, dtype=np.int64))
values = pa.array(np.random.default_rng(1).random(n))
table = pa.table({{"id": ids, "label": pc.cast(ids, pa.string()), "value": values}})
print("publishing", flush=True)
Warehouse(sys.argv[1]).publish_many({{"facts": table, "other": table.slice(0, 10)}})
print("published", flush=True)
"""


def start_publisher(root: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(root)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "publishing"
    return process


def publish_time(tmp_path: Path) -> float:
    """How long the large publish takes here, so the kills land inside it."""
    process = start_publisher(tmp_path / "timing")
    started = time.perf_counter()
    assert process.wait(timeout=120) == 0
    return time.perf_counter() - started


def assert_previous_version_intact(warehouse: Warehouse) -> None:
    manifest = warehouse.manifest()
    assert manifest.version == 1
    assert set(manifest.tables) == {"facts"}
    con = warehouse.connect()
    assert rows(con, "select count(*) as n, sum(id) as total from facts") == [{"n": 3, "total": 6}]
    assert warehouse.read("facts").column("id").to_pylist() == [1, 2, 3]
    for entry in manifest.tables.values():
        assert (warehouse.root / entry.file).exists()


@pytest.mark.slow
def test_a_killed_publish_leaves_the_previous_version(tmp_path: Path) -> None:
    duration = publish_time(tmp_path)
    warehouse = Warehouse(tmp_path / "warehouse")
    warehouse.publish("facts", pa.table({"id": [1, 2, 3]}))
    killed_midway = 0
    for step in range(12):  # kill ever later, until one publish gets to finish
        process = start_publisher(warehouse.root)
        time.sleep(duration * step / 10)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if process.returncode != -signal.SIGKILL or warehouse.manifest().version != 1:
            break
        killed_midway += 1
        assert_previous_version_intact(warehouse)
    assert killed_midway >= 3
    # Kills did land inside the write: files that no manifest names were left behind.
    written = {p.relative_to(warehouse.root) for p in (warehouse.root / "tables").rglob("*")}
    named = {Path(e.file) for e in warehouse.manifest().tables.values()}
    assert written - named - {Path("facts"), Path("other")}
    # The lock died with the killed processes: the next publish goes through.
    version = warehouse.publish("facts", pa.table({"id": [4]}))
    assert warehouse.read("facts").column("id").to_pylist() == [4]
    assert json.loads(warehouse.manifest_path.read_text(encoding="utf-8"))["version"] == version
    assert warehouse.read("facts", version=1).column("id").to_pylist() == [1, 2, 3]
