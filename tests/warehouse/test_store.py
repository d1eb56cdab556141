"""The warehouse publishes atomically and keeps every version."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows
from trayecto.warehouse.store import Manifest, UnknownTable


def test_a_published_table_is_readable_through_duckdb(warehouse: Warehouse) -> None:
    version = warehouse.publish("municipality", pa.table({"code": ["05001"], "name": ["Medellín"]}))
    assert version == 1
    con = warehouse.connect()
    assert rows(con, "select name from municipality where code = $code", {"code": "05001"}) == [
        {"name": "Medellín"}
    ]


def test_a_connection_may_show_only_some_tables(warehouse: Warehouse) -> None:
    """The sede importers read the geography beside a decade of partitioned school tables:
    a view reads every file's footer when it is made, so they make only the ones they read."""
    warehouse.publish_many({"a": pa.table({"x": [1]}), "b": pa.table({"y": [2]})})
    con = warehouse.connect(tables=["a", "not_published"])
    tables = rows(con, "select table_name from information_schema.tables")
    assert tables == [{"table_name": "a"}]


def test_publish_many_swaps_all_tables_in_one_version(warehouse: Warehouse) -> None:
    warehouse.publish("a", pa.table({"x": [1]}))
    version = warehouse.publish_many({"a": pa.table({"x": [2]}), "b": pa.table({"y": [3]})})
    assert version == 2
    manifest = warehouse.manifest()
    assert set(manifest.tables) == {"a", "b"}
    assert warehouse.read("a").column("x").to_pylist() == [2]


def test_old_versions_stay_reproducible(warehouse: Warehouse) -> None:
    warehouse.publish("a", pa.table({"x": [1]}), {"vintage": "2024"})
    warehouse.publish("a", pa.table({"x": [2]}), {"vintage": "2025"})
    assert warehouse.read("a", version=1).column("x").to_pylist() == [1]
    assert [v.meta["vintage"] for v in warehouse.history("a")] == ["2024", "2025"]
    con = warehouse.connect(version=1)
    assert rows(con, "select x from a") == [{"x": 1}]


def test_an_unknown_table_says_so(warehouse: Warehouse) -> None:
    with pytest.raises(UnknownTable):
        warehouse.read("nothing")


def test_table_names_are_checked(warehouse: Warehouse) -> None:
    with pytest.raises(ValueError, match="invalid table name"):
        warehouse.publish("drop table x;", pa.table({"x": [1]}))


def test_an_empty_warehouse_reads_as_empty(warehouse: Warehouse) -> None:
    con, version = warehouse.reader()
    assert version == 0
    assert rows(con, "select count(*) as n from duckdb_views() where not internal") == [{"n": 0}]


def test_the_current_manifest_is_parsed_again_only_after_a_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Warehouse(tmp_path / "warehouse")
    assert store.manifest().version == 0
    store.publish("t", pa.table({"x": [1]}))
    parsed: list[str] = []
    original = Manifest.from_json

    def counting(text: str) -> Manifest:
        parsed.append(text)
        return original(text)

    monkeypatch.setattr(Manifest, "from_json", staticmethod(counting))
    first = store.manifest()
    assert [store.manifest().version for _ in range(5)] == [1] * 5
    assert len(parsed) <= 1  # read once, then served from the parsed copy
    other = Warehouse(store.root)  # another process's writer
    other.publish("t", pa.table({"x": [1, 2]}))
    assert store.manifest().version == 2  # the replaced file is seen at once
    assert store.manifest() is not first
    assert store.read("t").num_rows == 2
