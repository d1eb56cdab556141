"""A partition that DuckDB wrote in several pieces (one per thread, or per flush of a large
partition) becomes one file with the same rows in the same order, joined by DuckDB within
its memory limit rather than read whole into Arrow (a national student year's partition is
a million rows)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from trayecto.importers.school_partitions import PartitionWriter

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


def test_pieces_of_a_partition_become_one_file_with_the_same_rows(
    shared_data: Path, tmp_path: Path
) -> None:
    rows = pacsv.read_csv(
        shared_data / MEN_SEDES,
        read_options=pacsv.ReadOptions(block_size=1 << 20),
        convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
    ).slice(0, 3000)
    # a column with nulls and one typed narrower than DuckDB's default, as the school tables have
    rows = rows.append_column("grade", pa.array([i % 14 - 2 for i in range(len(rows))], pa.int8()))
    pieces = [rows.slice(0, 1000), rows.slice(1000, 1500), rows.slice(2500)]
    folder = tmp_path / "staging" / "student_enrolment"
    (folder / "part_no=1").mkdir(parents=True)
    for i, piece in enumerate(pieces):
        pq.write_table(piece, folder / "part_no=1" / f"data_{i}.parquet")
    con = duckdb.connect()
    writer = PartitionWriter(con, tmp_path, tmp_path / "staging")

    merged = writer._one_file(folder, 1)

    assert merged == folder / "part_no=1.parquet"
    joined = pq.read_table(merged)
    assert joined.schema == rows.schema
    assert joined.equals(rows)
