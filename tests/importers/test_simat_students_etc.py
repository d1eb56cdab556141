"""`simat-estudiantes`: each row's ETC pseudonym, looked up by its municipality code in the
rows SQL (bit strings, `simat_students.etc_parameters`), against a plain dict lookup."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.test_simat_students import GOOD, HEADER
from trayecto.importers import simat_students, student_key
from trayecto.importers.simat_students_columns import map_columns
from trayecto.importers.staging import MACROS, open_csv
from trayecto.warehouse import engine

KEY = bytes(range(32))
ETCS = [f"{3000 + 7 * j}" for j in range(127)]  # the most the rows SQL reads
Rows = list[tuple[object, ...]]


def staged_etcs(
    folder: Path, etc_of: dict[str, str], codes: list[int], etc: dict[str, object] | None = None
) -> Rows:
    """One good row per municipality code of `codes`, in that order, staged without a
    warehouse (every code known) with the ETCs of `etc_of` (or `etc`, the parameters of
    one ETC): (problem, sede, ETC, ETC hash) per row."""
    rows = [
        GOOD.replace("181001000001", f"1{code:05d}000001").replace("1.098.765.432", f"{10**7 + i}")
        for i, code in enumerate(codes)
    ]
    path = folder / "rows.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    source = open_csv(path)
    columns, _ = map_columns(path, source.headers)
    con = duckdb.connect()
    try:
        for macro in MACROS:
            engine.execute(con, macro)
        etc = etc or simat_students.etc_parameters(etc_of, KEY)
        simat_students.stage_rows(con, source, columns, None, KEY, None, etc)
        return con.execute(
            "select problem, sede_code, pseudonym_etc, etc_student_id from staged order by rowid"
        ).fetchall()
    finally:
        con.close()


def expected(etc_of: dict[str, str], codes: list[int]) -> Rows:
    """The same, from a dict lookup and Python's HMAC."""
    out = []
    for i, code in enumerate(codes):
        etc = etc_of.get(f"{code:05d}")
        etc_id = None if etc is None else student_key.hmac_hex(
            student_key.etc_key(KEY, etc), f"doc:{10**7 + i}"
        )  # fmt: skip
        out.append((None, f"1{code:05d}000001", etc, etc_id))
    return out


def test_every_bit_of_the_etc_position_is_read(tmp_path: Path) -> None:
    # 127 ETCs, so that positions 1 to 127 use all seven bits; the first and last codes;
    # two municipalities of one ETC; codes without an ETC in between
    etc_of = {f"{5000 + 13 * j:05d}": etc for j, etc in enumerate(ETCS)}
    etc_of |= {"00000": ETCS[126], "99999": ETCS[63], "54001": ETCS[64], "54002": ETCS[64]}
    codes = [0, 99_999, 54_001, 1, 54_002, 99_998, *(5000 + 13 * j for j in range(127)), 5001]
    assert staged_etcs(tmp_path, etc_of, codes) == expected(etc_of, codes)


def test_without_etcs_no_row_gets_an_etc_pseudonym(tmp_path: Path) -> None:
    codes = [0, 81_001, 99_999]
    assert staged_etcs(tmp_path, {}, codes) == expected({}, codes)


def test_an_etcs_own_export_gets_its_etc_in_every_municipality(tmp_path: Path) -> None:
    codes = [0, 81_001, 54_001, 99_999]
    etc = simat_students.one_etc_parameters("3824", student_key.etc_key(KEY, "3824"))
    every = dict.fromkeys((f"{code:05d}" for code in codes), "3824")
    assert staged_etcs(tmp_path, {}, codes, etc) == expected(every, codes)


def test_more_etcs_than_the_rows_sql_reads_are_refused() -> None:
    etc_of = {f"{j:05d}": f"{9000 + j}" for j in range(128)}
    with pytest.raises(ValueError, match="128 ETCs"):
        simat_students.etc_parameters(etc_of, KEY)


@settings(max_examples=25, deadline=None)
@given(
    drawn=st.dictionaries(st.integers(0, 99_999), st.sampled_from(ETCS), max_size=12),
    others=st.lists(st.integers(0, 99_999), max_size=4),
    fillers=st.integers(0, 127),
)
def test_each_rows_etc_is_the_etc_of_its_municipality(
    drawn: dict[int, str], others: list[int], fillers: int
) -> None:
    # ETCs of municipalities with no row shift the positions of the drawn ones
    etc_of = {f"{99_000 + j:05d}": etc for j, etc in enumerate(ETCS[:fillers])}
    etc_of |= {f"{code:05d}": etc for code, etc in drawn.items()}
    codes = [*drawn, *others, *drawn]
    with tempfile.TemporaryDirectory() as folder:
        assert staged_etcs(Path(folder), etc_of, codes) == expected(etc_of, codes)
