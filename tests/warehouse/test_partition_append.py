"""A small file goes into a partition as a file of its own; a replace still rewrites it."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.importers.school_tables import SEDE_ENROLMENT_SCHEMA, publish_arrow
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows
from trayecto.warehouse.partitions import MAX_APPENDED
from trayecto.warehouse.store import PartitionUpdate, Update

PARTITION = "t/2025/27"  # source t, 2025, sedes coded in Chocó (27)


def enrolment(sedes: list[str], vintage: str, enrolled: int = 10) -> pa.Table:
    """Two rows per synthetic sede (girls and boys of grade 1)."""
    records = [
        {
            "year": 2025,
            "sede_code": sede,
            "grade": 1,
            "sex": sex,
            "age": 6,
            "nationality": "COL",
            "enrolled": enrolled,
            "withdrawn": 0,
            "source": "t",
            "vintage": vintage,
            "is_synthetic": True,
        }
        for sede in sedes
        for sex in ("f", "m")
    ]
    return pa.Table.from_pylist(records, schema=SEDE_ENROLMENT_SCHEMA)


def import_file(
    warehouse: Warehouse, sedes: list[str], vintage: str, enrolled: int = 10
) -> int | None:
    table = enrolment(sedes, vintage, enrolled)
    meta = {"source": "t", "vintage": vintage, "file": f"{vintage}.csv"}
    return publish_arrow(warehouse, {"sede_enrolment": (table, ["source"])}, meta)


def totals(warehouse: Warehouse, table: str) -> dict[str, int]:
    con = warehouse.connect()
    found = rows(
        con,
        f"select sede_code, sum(enrolled)::integer as n from {table} group by all",  # noqa: S608
    )
    return {r["sede_code"]: r["n"] for r in found}


def test_new_sedes_are_appended_as_a_file_and_the_partition_is_not_rewritten(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    import_file(warehouse, ["127001000011", "127001000012"], "a1")
    before = warehouse.entry("sede_enrolment").partitions[PARTITION]
    base_bytes = (warehouse.root / before.file).read_bytes()
    summary_before = warehouse.entry("sede_enrolment_grade").partitions[PARTITION]

    assert import_file(warehouse, ["127001000013"], "b2") == 2
    after = warehouse.entry("sede_enrolment").partitions[PARTITION]
    assert after.file == before.file  # the partition's file is kept as it was
    assert (warehouse.root / after.file).read_bytes() == base_bytes
    assert len(after.appended) == 1
    assert pq.read_table(warehouse.root / after.appended[0]).num_rows == 2  # only the new rows
    assert after.rows == 6
    assert warehouse.entry("sede_enrolment").rows == 6
    assert after.meta["vintages"] == {"a1": 4, "b2": 2}
    assert after.meta["imports"] == {"a1": 4, "b2": 2}
    summary = warehouse.entry("sede_enrolment_grade").partitions[PARTITION]
    assert summary.file == summary_before.file
    assert len(summary.appended) == 1
    # The views and `read` see every file of the partition.
    expected = {"127001000011": 20, "127001000012": 20, "127001000013": 20}
    assert totals(warehouse, "sede_enrolment") == expected
    assert totals(warehouse, "sede_enrolment_grade") == expected
    assert warehouse.read("sede_enrolment").num_rows == 6
    # The version before the append still reads as it was.
    assert warehouse.read("sede_enrolment", version=1).num_rows == 4


def test_the_same_appended_file_again_publishes_nothing(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    import_file(warehouse, ["127001000011"], "a1")
    assert import_file(warehouse, ["127001000013"], "b2") == 2
    assert import_file(warehouse, ["127001000013"], "b2") is None  # known by its hash
    assert import_file(warehouse, ["127001000011"], "a1") is None
    assert len(warehouse.entry("sede_enrolment").partitions[PARTITION].appended) == 1


def test_a_file_that_replaces_rows_rewrites_the_partition_and_folds_the_appended_files(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    import_file(warehouse, ["127001000011", "127001000012"], "a1")
    import_file(warehouse, ["127001000013"], "b2")
    assert import_file(warehouse, ["127001000011"], "c3", enrolled=7) == 3
    part = warehouse.entry("sede_enrolment").partitions[PARTITION]
    assert part.appended == []
    assert pq.read_table(warehouse.root / part.file).num_rows == 6 == part.rows
    assert part.meta["vintages"] == {"a1": 2, "b2": 2, "c3": 2}
    expected = {"127001000011": 14, "127001000012": 20, "127001000013": 20}
    assert totals(warehouse, "sede_enrolment") == expected
    assert totals(warehouse, "sede_enrolment_grade") == expected
    assert not warehouse.entry("sede_enrolment_grade").partitions[PARTITION].appended
    # a1 lost a sede's rows to c3: importing a1 again is a change, and puts them back
    assert import_file(warehouse, ["127001000011", "127001000012"], "a1") == 4
    assert totals(warehouse, "sede_enrolment")["127001000011"] == 20


def test_a_partition_with_many_appended_files_is_rewritten_on_its_next_write(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    import_file(warehouse, ["127001000100"], "base")
    for i in range(MAX_APPENDED):
        import_file(warehouse, [f"1270010002{i:02d}"], f"f{i}")
    part = warehouse.entry("sede_enrolment").partitions[PARTITION]
    assert len(part.appended) == MAX_APPENDED
    import_file(warehouse, ["127001000300"], "last")
    part = warehouse.entry("sede_enrolment").partitions[PARTITION]
    assert part.appended == []
    assert part.rows == 2 * (MAX_APPENDED + 2)
    assert pq.read_table(warehouse.root / part.file).num_rows == part.rows
    assert sum(totals(warehouse, "sede_enrolment_grade").values()) == 20 * (MAX_APPENDED + 2)


def test_a_new_partition_and_an_appended_one_in_one_publication(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    import_file(warehouse, ["127001000011"], "a1")
    import_file(warehouse, ["127001000013", "154001000011"], "b2")  # Chocó and Norte de Santander
    parts = warehouse.entry("sede_enrolment").partitions
    assert len(parts[PARTITION].appended) == 1
    assert parts["t/2025/54"].appended == []
    assert parts["t/2025/54"].rows == 2


def test_the_store_appends_a_file_beside_a_partitions_files(warehouse: Warehouse) -> None:
    def write(name: str, values: list[int]) -> Path:
        path = warehouse.root / name
        warehouse.root.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table({"x": values}), path)
        return path

    first = write("first.parquet", [1, 2])
    warehouse.publish_update(lambda _m: Update({"t": PartitionUpdate(files={"p": first})}))
    second = write("second.parquet", [3])
    meta = {"p": {"note": "appended"}}
    warehouse.publish_update(
        lambda _m: Update({"t": PartitionUpdate(files={}, appended={"p": second}, meta=meta)})
    )
    third = write("third.parquet", [4])  # a partition not there yet starts with it
    warehouse.publish_update(
        lambda _m: Update({"t": PartitionUpdate(files={}, appended={"q": third})})
    )
    entry = warehouse.entry("t")
    assert entry.rows == 4
    assert entry.partitions["p"].rows == 3
    assert entry.partitions["p"].meta == {"note": "appended"}
    assert len(entry.partitions["p"].files) == 2
    assert entry.partitions["q"].appended == []
    assert sorted(warehouse.read("t").column("x").to_pylist()) == [1, 2, 3, 4]
    assert rows(warehouse.connect(), "select sum(x)::integer as s from t") == [{"s": 10}]
    # the manifest written to disk reads back with the appended files
    again = Warehouse(warehouse.root)
    assert again.entry("t").partitions["p"].files == entry.partitions["p"].files
