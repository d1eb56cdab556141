"""The per-grade summary `sede_enrolment_grade` is published with every `sede_enrolment`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.importers.school_tables import SEDE_ENROLMENT_SCHEMA, publish_arrow
from trayecto.warehouse import Warehouse

SEDE = "127001000011"  # synthetic test sede
FIELDS = ["year", "sede_code", "grade", "sex", "age", "nationality", "enrolled", "withdrawn"]
ROWS = [
    (2025, SEDE, 2, "f", 7, "COL", 10, 1),
    (2025, SEDE, 2, "f", 10, "COL", 2, 0),  # over-age for MEN (≥ grade + 8) and UIS
    (2025, SEDE, 2, "f", 9, "VEN", 3, None),  # over-age for UIS only; status not reported
    (2025, SEDE, 3, "m", 8, "VEN", 4, 0),
]


def enrolment() -> pa.Table:
    records = [
        dict(zip(FIELDS, r, strict=True))
        | {"source": "t", "vintage": "v1", "is_synthetic": False, "repeating": None}
        for r in ROWS
    ]
    return pa.Table.from_pylist(records, schema=SEDE_ENROLMENT_SCHEMA)


def test_summary_folds_ages_into_the_counts_indicators_use_and_keeps_nationality(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    assert publish_arrow(warehouse, {"sede_enrolment": (enrolment(), ["source"])}, {}) == 1
    rows = {
        (r["grade"], r["sex"], r["nationality"]): r
        for r in warehouse.read("sede_enrolment_grade").to_pylist()
    }
    # nationality is the population group of the sede indicators: it stays in the grain
    assert sorted(rows) == [(2, "f", "COL"), (2, "f", "VEN"), (3, "m", "VEN")]
    colombian_girls, venezuelan_girls = rows[(2, "f", "COL")], rows[(2, "f", "VEN")]
    assert (colombian_girls["enrolled"], venezuelan_girls["enrolled"]) == (12, 3)
    assert (colombian_girls["enrolled_venezuelan"], venezuelan_girls["enrolled_venezuelan"]) == (
        0,
        3,
    )
    assert colombian_girls["enrolled_age_ge_grade_8"] == 2
    assert colombian_girls["enrolled_age_ge_grade_7"] + venezuelan_girls[
        "enrolled_age_ge_grade_7"
    ] == (2 + 3)
    assert colombian_girls["withdrawn"] == 1
    assert colombian_girls["enrolled_withdrawn_reported"] == 12
    assert venezuelan_girls["withdrawn"] is None  # the VEN row did not report it
    assert venezuelan_girls["enrolled_withdrawn_reported"] is None
    assert colombian_girls["repeating"] is None
    assert (
        colombian_girls["rows_repeating_missing"] + venezuelan_girls["rows_repeating_missing"] == 3
    )
    assert rows[(3, "m", "VEN")]["enrolled_venezuelan"] == 4
    assert {r["source"] for r in rows.values()} == {"t"}


def test_same_file_twice_publishes_nothing_but_a_missing_summary_is_written(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    publish_arrow(warehouse, {"sede_enrolment": (enrolment(), ["source"])}, {})
    assert publish_arrow(warehouse, {"sede_enrolment": (enrolment(), ["source"])}, {}) is None
    # a warehouse written before the summary existed gets it on the next import
    old = Warehouse(tmp_path / "old")
    old.publish("sede_enrolment", enrolment())
    assert publish_arrow(old, {"sede_enrolment": (enrolment(), ["source"])}, {}) == 2
    assert old.read("sede_enrolment_grade").num_rows == 3  # grade × sex × nationality


def test_a_partition_holding_two_imports_is_summarised_import_by_import(tmp_path: Path) -> None:
    """The summary SQL groups one import's rows at a time (the import's source, vintage and
    is_synthetic as parameters): a partition rewritten with kept rows of an earlier import
    and rows of a new one is summarised as the plain sums of each import's rows."""
    warehouse = Warehouse(tmp_path / "w")
    other = "127001000029"  # a second sede of the same partition (Chocó)
    first = enrolment()
    publish_arrow(warehouse, {"sede_enrolment": (first, ["source"])}, {})
    second = pa.Table.from_pylist(
        [
            dict(zip(FIELDS, (2025, sede, 2, "f", 7, "VEN", n, None), strict=True))
            | {"source": "t", "vintage": "v2", "is_synthetic": False, "repeating": None}
            for sede, n in ((SEDE, 6), (other, 5))  # SEDE replaced, `other` new
        ],
        schema=SEDE_ENROLMENT_SCHEMA,
    )
    publish_arrow(warehouse, {"sede_enrolment": (second, ["source"])}, {})
    detail = warehouse.read("sede_enrolment").to_pylist()
    assert {r["vintage"] for r in detail} == {"v2"}  # SEDE's v1 rows replaced whole
    third = pa.Table.from_pylist(
        [r | {"sede_code": "127001000037", "vintage": "v3"} for r in first.to_pylist()],
        schema=SEDE_ENROLMENT_SCHEMA,
    )
    publish_arrow(warehouse, {"sede_enrolment": (third, ["source"])}, {})  # appended
    fourth = pa.Table.from_pylist(
        [r | {"enrolled": 9, "vintage": "v4"} for r in second.to_pylist()[1:]],
        schema=SEDE_ENROLMENT_SCHEMA,
    )
    # replaces `other`: the partition is rewritten with the kept rows of v2 and v3
    publish_arrow(warehouse, {"sede_enrolment": (fourth, ["source"])}, {})
    assert not warehouse.entry("sede_enrolment_grade").partitions["t/2025/27"].appended
    detail = warehouse.read("sede_enrolment").to_pylist()
    assert {r["vintage"] for r in detail} == {"v2", "v3", "v4"}
    expected: dict[tuple[object, ...], list[int]] = {}
    for r in detail:
        key = tuple(r[k] for k in ("source", "vintage", "sede_code", "grade", "sex", "nationality"))
        sums = expected.setdefault(key, [0, 0])
        sums[0] += r["enrolled"]
        sums[1] += r["enrolled"] if r["nationality"] == "VEN" else 0
    summary = {
        tuple(r[k] for k in ("source", "vintage", "sede_code", "grade", "sex", "nationality")): [
            r["enrolled"],
            r["enrolled_venezuelan"],
        ]
        for r in warehouse.read("sede_enrolment_grade").to_pylist()
    }
    assert summary == expected
    # source and vintage are written through an ENUM of their values (school_partitions.py):
    # every file still holds them as plain text, as every reader of the warehouse expects
    for name in ("sede_enrolment", "sede_enrolment_grade"):
        for file in warehouse.entry(name).files:
            schema = pq.read_schema(warehouse.root / file)
            assert (schema.field("source").type, schema.field("vintage").type) == (
                pa.string(),
                pa.string(),
            ), (name, file)


def test_rows_without_a_file_published_again_change_nothing_only_when_every_row_is_the_same(
    tmp_path: Path,
) -> None:
    # Synthetic data has no file hash: its rows, made again, are compared with the partition
    # they would replace (school_tables.FINGERPRINTS), in any order.
    warehouse = Warehouse(tmp_path / "w")

    def publish(rows: Sequence[tuple[object, ...]]) -> int | None:
        records = [
            dict(zip(FIELDS, r, strict=True))
            | {"source": "t", "vintage": None, "is_synthetic": True, "repeating": None}
            for r in rows
        ]
        table = pa.Table.from_pylist(records, schema=SEDE_ENROLMENT_SCHEMA)
        return publish_arrow(warehouse, {"sede_enrolment": (table, ["source"])}, {})

    # a sede of another department: its rows are in a partition of their own
    other = [(2025, "154001000099", 1, "m", 6, "COL", 20, 2)]
    assert publish([*ROWS, *other]) == 1
    # the same rows, reordered
    assert publish([*other, ROWS[3], ROWS[1], ROWS[0], ROWS[2]]) is None
    # the same counts in each column, but two rows exchange theirs
    swapped = [ROWS[0][:6] + ROWS[1][6:], ROWS[1][:6] + ROWS[0][6:], *ROWS[2:]]
    assert publish([*swapped, *other]) == 2
    assert publish([*swapped[:3], *other]) == 3  # a row fewer in one partition
    changed = (*other[0][:6], 21, 2)
    assert publish([*swapped[:3], changed]) == 4  # a count changed in the other partition
    assert publish([changed, *swapped[:3]]) is None
    assert warehouse.read("sede_enrolment").num_rows == 4
