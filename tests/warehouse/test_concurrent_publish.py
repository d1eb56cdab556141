"""Two imports at once keep both their rows; a killed publish leaves no litter behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.warehouse import Manifest, Update, Warehouse
from trayecto.warehouse.parts import publish_parts

PARTS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def part(year: str) -> pa.Table:
    return pa.table({"vintage": [year] * 3, "area": ["05", "08", "11"], "value": [1.0, 2.0, 3.0]})


def test_parts_published_at_the_same_moment_all_survive(warehouse: Warehouse) -> None:
    """Each thread waits at the barrier, then merges its part into the current table: the
    merge reads and publishes under the lock, so no part overwrites another."""
    start = threading.Barrier(len(PARTS))
    failures: list[BaseException] = []

    def publish(year: str) -> None:
        try:
            start.wait()
            publish_parts(
                warehouse,
                {"indicator": (part(year), ["vintage"])},
                part=year,
                sha256=f"sha-{year}",
                meta={"source": "test"},
            )
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=publish, args=(year,)) for year in PARTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    table = warehouse.read("indicator")
    assert sorted(set(table.column("vintage").to_pylist())) == PARTS
    assert table.num_rows == 3 * len(PARTS)
    assert warehouse.entry("indicator").meta["parts"] == {y: f"sha-{y}" for y in PARTS}
    assert warehouse.manifest().version == len(PARTS)


def test_publish_update_sees_the_last_publish_and_can_decline(warehouse: Warehouse) -> None:
    warehouse.publish("t", pa.table({"n": [1]}))
    seen: list[int] = []

    def add_one(current: Manifest) -> Update | None:
        seen.append(current.version)
        n = warehouse.read("t").column("n").to_pylist()
        return Update({"t": pa.table({"n": [*n, n[-1] + 1]})}, {"step": len(n)})

    assert warehouse.publish_update(add_one) == 2
    assert warehouse.publish_update(add_one) == 3
    assert warehouse.read("t").column("n").to_pylist() == [1, 2, 3]
    assert warehouse.entry("t").meta == {"step": 2}
    assert warehouse.publish_update(lambda current: None) is None
    assert (seen, warehouse.manifest().version) == ([1, 2], 3)


def test_leftovers_of_a_killed_publish_are_removed_by_the_next_one(warehouse: Warehouse) -> None:
    warehouse.publish("facts", pa.table({"id": [1, 2, 3]}))
    current = warehouse.root / warehouse.entry("facts").file
    # What SIGKILL leaves mid-publish: a half-written Parquet file and an unrenamed manifest.
    orphan = current.parent / ".v000002-dead0000.parquet.tmp"
    pq.write_table(pa.table({"id": list(range(10_000))}), orphan)
    orphan.write_bytes(orphan.read_bytes()[:500])
    manifest_tmp = warehouse.root / ".manifest-0123456789abcdef.tmp"
    manifest_tmp.write_text('{"version": 2, "tab', encoding="utf-8")
    assert warehouse.read("facts").num_rows == 3  # readers never see them

    warehouse.publish("other", pa.table({"x": [1]}))

    assert not orphan.exists()
    assert not manifest_tmp.exists()
    assert current.exists()  # the published versions stay
    assert warehouse.read("facts").column("id").to_pylist() == [1, 2, 3]
    leftovers = [p.name for p in Path(warehouse.root).rglob("*.tmp")]
    assert leftovers == []
