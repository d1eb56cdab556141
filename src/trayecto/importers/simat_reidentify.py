"""`trayecto trajectory reidentify`: on an ETC's own machine, its pseudonymous list
(downloaded from /trayectorias/alerta/seudonimos.csv) joined back to its own SIMAT export.

Needs only the export, the list and the ETC's key file (student_key.etc_key_text): no
warehouse, no installation key. Each row of the export is checked and hashed with the ETC's
key by the import's own SQL (simat_students.read_with_pseudonyms), in an in-memory DuckDB (the
export holds names: nothing is written but the output), and the rows of the list's year whose
pseudonym is in the list get its points, its high-risk mark and the conditions met.
Methodology: docs/methodology/trajectory.md, "Recuperar los nombres".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from trayecto.domain import trajectory as rules
from trayecto.domain.problems import FileProblem
from trayecto.importers import simat_students, student_key
from trayecto.importers.staging import literal
from trayecto.warehouse import engine

LIST_COLUMNS = ("seudonimo", "etc", "anio", "puntos", "riesgo_alto", *rules.CONDITIONS)
ADDED = ("riesgo_puntos", "riesgo_alto", "riesgo_condiciones")


class ReidentifyProblem(ValueError):
    """The three files do not go together (the message says why, never a student's value)."""


def _read_list(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, int]:
    """The list into the table `list`; its ETC and year (one of each)."""
    try:
        engine.execute(
            con,
            "create table list as select * from read_csv("  # noqa: S608
            f"{literal(path)}, delim = ';', header = true, all_varchar = true)",
        )
    except duckdb.Error:
        raise ReidentifyProblem(f"{path.name}: cannot be read as the pseudonymous list") from None
    columns = {c for (c,) in engine.values(con, "select column_name from (describe list)")}
    missing = [c for c in LIST_COLUMNS if c not in columns]
    if missing:
        raise ReidentifyProblem(
            f"{path.name}: not the pseudonymous list of /trayectorias/alerta/seudonimos.csv "
            f"(no column {', '.join(missing)}; a list downloaded before the ETC keys has none "
            "of etc, anio: download it again)"
        )
    pairs = engine.values(con, "select distinct etc, anio from list")
    if not pairs:
        raise ReidentifyProblem(f"{path.name}: the list holds no student")
    if len(pairs) != 1:
        raise ReidentifyProblem(f"{path.name}: the list must be of one ETC and one year")
    [(etc, year)] = pairs
    return str(etc), int(year)


def reidentify(simat_file: Path, list_path: Path, key_path: Path, out: Path) -> dict[str, Any]:
    """Write `out` (`;` CSV): the export's rows in their order, each with the list's score
    of its student when it is in the list. Returns the counts."""
    try:
        etc, key = student_key.read_etc_key(key_path)
    except student_key.KeyProblem as exc:
        raise ReidentifyProblem(str(exc)) from None
    con = duckdb.connect()  # in memory: the export's names never touch the disk here
    try:
        list_etc, year = _read_list(con, list_path)
        if list_etc != etc:
            raise ReidentifyProblem(
                f"the key is the one of ETC {etc}, the list the one of ETC {list_etc}: "
                "use the key of the list's ETC"
            )
        try:
            headers = simat_students.read_with_pseudonyms(simat_file, con, etc, key)
        except FileProblem as exc:
            raise ReidentifyProblem(str(exc)) from None
        met = " || ".join(
            f"case when l.{c} = 'SI' then '{c} ' else '' end" for c in rules.CONDITIONS
        )
        engine.execute(
            con,
            "create table scored as select s.rowid as r, l.puntos, l.riesgo_alto, "  # noqa: S608
            f"trim({met}) as condiciones from staged s join list l "
            "on l.seudonimo = s.etc_student_id where s.year = $year",
            {"year": year},
        )
        shown = ", ".join(
            f'o.c{i} as "{h.replace(chr(34), chr(39))}"' for i, h in enumerate(headers)
        )
        engine.execute(
            con,
            f"copy (select {shown}, coalesce(s.puntos, '') as riesgo_puntos, "  # noqa: S608
            "coalesce(s.riesgo_alto, '') as riesgo_alto, "
            "coalesce(s.condiciones, '') as riesgo_condiciones "
            "from (select *, rowid as r from original) o left join scored s using (r) "
            f"order by o.r) to {literal(out)} (header, delimiter ';')",
        )
        [(rows, of_year, matched, listed, found, without)] = engine.values(
            con,
            "select (select count(*) from staged where not blank), "
            "(select count(*) from staged where year = $year), "
            "(select count(*) from scored), (select count(*) from list), "
            "(select count(distinct l.seudonimo) from list l join staged s "
            "on l.seudonimo = s.etc_student_id and s.year = $year), "
            "(select count(*) from list where coalesce(seudonimo, '') = '')",
            {"year": year},
        )
    finally:
        con.close()
    return {
        "etc": etc,
        "year": year,
        "rows": rows,
        "rows_of_year": of_year,
        "scored": matched,
        "listed": listed,
        "listed_found": found,
        "listed_without_pseudonym": without,
        "out": str(out),
    }
