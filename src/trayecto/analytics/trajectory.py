"""Educational trajectories: students of `student_enrolment` linked from one year to the next.

The SQL in trajectory_sql/ does the work (a national year is about 10 million rows); the
rules are written once more in plain Python in domain/trajectory.py, and a property test
holds the two to the same figures. `flows` gives, per area of a level, what became of the
students enrolled in year t: promoted, repeated, dropped out or graduated (enrolled is their
sum, exactly), how many changed sede or municipality, and how many returned after a year
away. Methodology: docs/methodology/trajectory.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from trayecto.analytics import aggregation, areas
from trayecto.domain import trajectory as rules
from trayecto.domain.geography import NATION_CODE
from trayecto.warehouse import engine
from trayecto.warehouse.engine import Connection

SQL = Path(__file__).resolve().parent / "trajectory_sql"
TABLE = "student_enrolment"
LEVELS = ("nation", "department", "etc", "municipality", "sede")
LEVEL_COLUMN = {
    "sede": "sede_code",
    "municipality": "municipality_code",
    "etc": "etc_code",
    "department": "department_code",
    "nation": "nation_code",
}
BREAKDOWN_COLUMN = {
    "sex": "sex",
    "grade": "grade::varchar",
    "level": "level",
    "group": "nationality",
}
GROUPS = ("COL", "VEN", "OTH")


class TrajectoryUnavailable(LookupError):
    """The years asked for are not loaded (the message says which are)."""


@dataclass(frozen=True)
class LinkStage:
    """How the students of `year_from` were linked to those of `year_to`."""

    year_from: int
    year_to: int
    students_from: int
    students_to: int
    by_document: int
    by_name: int
    ambiguous: int  # records not linked: their name pseudonym was not unique on each side

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def years_loaded(con: Connection) -> list[int]:
    if TABLE not in areas.tables(con):
        return []
    return [int(y) for (y,) in engine.values(con, f"select distinct year from {TABLE} order by 1")]  # noqa: S608


class Linked:
    """Temporary tables of one connection: every student-year, and the links around year t.

    Built once for a year (`prepare`), then asked for any level, area, group or sex."""

    def __init__(self, con: Connection, year: int, *, need_next: bool = True) -> None:
        """`need_next=False` (the early warning of the latest year): only t−1 and t, no
        transitions."""
        self.con, self.year = con, year
        # DuckDB draws a progress bar on stdout for long statements: it would break --json
        engine.execute(con, "set enable_progress_bar = false")
        loaded = years_loaded(con)
        if year not in loaded or (need_next and year + 1 not in loaded):
            usable = [y for y in loaded if y + 1 in loaded or not need_next]
            raise TrajectoryUnavailable(
                f"the trajectory of {year} needs the student files of {year}"
                + (f" and {year + 1}" if need_next else "")
                + "; "
                + (
                    "years that can be asked: " + ", ".join(map(str, usable))
                    if usable
                    else "import two consecutive years with `trayecto import simat-estudiantes`"
                )
            )
        self.has_before = year - 1 in loaded
        self.has_next = year + 1 in loaded
        con.register("sede_place", aggregation.sede_map(con))
        con.register("etc_of", etc_of(con))
        engine.execute(
            con,
            (SQL / "student_year.sql").read_text(encoding="utf-8"),
            {"nation": NATION_CODE, "first": year - 1, "last": year + 1},
        )
        self.stages: list[LinkStage] = []
        if self.has_before:
            self.stages.append(self._link("back_links", year - 1, year))
        else:
            engine.execute(
                con,
                "create or replace temp table back_links as "
                "select ''::varchar as left_id, ''::varchar as right_id, '' as stage where false",
            )
        if need_next:
            self.stages.insert(0, self._link("forward_links", year, year + 1))
            engine.execute(
                con, (SQL / "transition.sql").read_text(encoding="utf-8"), {"year": year}
            )
            self._returned()

    def _sides(self, left: str, right: str, params: dict[str, Any]) -> None:
        for name, rows in (("link_left", left), ("link_right", right)):
            sql = f"create or replace temp table {name} as select student_id, link_id {rows}"
            engine.execute(self.con, sql, {k: v for k, v in params.items() if f"${k}" in sql})

    def _link(self, name: str, year_from: int, year_to: int, *, rest: bool = False) -> LinkStage:
        """Link two years into the temp table `name` (left_id, right_id, stage)."""
        if rest:  # those of t−1 not found in t, with those of t+1 not coming from t
            self._sides(
                "from student_year where year = $a "
                "and student_id not in (select left_id from back_links)",
                "from student_year where year = $b "
                "and student_id not in (select right_id from forward_links)",
                {"a": year_from, "b": year_to},
            )
        else:
            self._sides(
                "from student_year where year = $a", "from student_year where year = $b",
                {"a": year_from, "b": year_to},
            )  # fmt: skip
        engine.execute(
            self.con,
            f"create or replace temp table {name} as "
            + (SQL / "link.sql").read_text(encoding="utf-8"),
        )
        [(left, right)] = engine.values(
            self.con, "select (select count(*) from link_left), (select count(*) from link_right)"
        )
        [(by_document, by_name)] = engine.values(
            self.con,
            f"select count(*) filter (where stage = 'document'), "  # noqa: S608
            f"count(*) filter (where stage = 'name') from {name}",
        )
        [(ambiguous,)] = engine.values(
            self.con, (SQL / "ambiguous.sql").read_text(encoding="utf-8")
        )
        return LinkStage(year_from, year_to, left, right, by_document, by_name, ambiguous)

    def _returned(self) -> None:
        """`returned_student`: students of t+1 absent in t whom t−1 had (their t+1 row)."""
        if not self.has_before:
            engine.execute(
                self.con,
                "create or replace temp table returned_student as "
                "select * from student_year where false",
            )
            return
        self.stages.append(self._link("return_links", self.year - 1, self.year + 1, rest=True))
        engine.execute(
            self.con,
            "create or replace temp table returned_student as select * from student_year "
            "where year = $next and student_id in (select right_id from return_links)",
            {"next": self.year + 1},
        )

    def flows(
        self,
        *,
        level: str,
        area: str | None = None,
        group: str | None = None,
        sex: str | None = None,
        by: str | None = None,
    ) -> list[dict[str, Any]]:
        """One row per area of `level` (and per value of `by`), with counts and rates."""
        column = LEVEL_COLUMN[level]
        breakdown = BREAKDOWN_COLUMN[by] if by else "''"
        where = (
            "($sex is null or sex = $sex) and ($group is null or nationality = $group) "
            "and ($area is null or $area in (sede_code, municipality_code, etc_code, "
            "department_code, nation_code))"
        )
        params = {"sex": sex, "group": group, "area": area}
        rows = {
            relation: f"select *, {column} as area_code, {breakdown} as breakdown "  # noqa: S608
            f"from {source} where {where} and {column} is not null"
            for relation, source in (
                ("transition_rows", "transition"),
                ("returned_rows", "returned_student"),
            )
        }
        sql = (
            f"with transition_rows as ({rows['transition_rows']}), "
            f"returned_rows as ({rows['returned_rows']}),\n"
            + (SQL / "by_area.sql").read_text(encoding="utf-8")
        )
        counted = engine.rows(self.con, sql, params)
        names = areas.area_names(self.con, level)
        result = []
        for row in counted:
            code = str(row.pop("area_code"))
            value = row.pop("breakdown")
            item: dict[str, Any] = {
                "area_code": code,
                "area_name": names.get(code, code),
                "year": self.year,
            }
            if by:
                item[by] = int(value) if by == "grade" else value
            item.update(row)
            if not self.has_before:
                item["returned"] = None
            item.update(rules.rates(row))
            result.append(item)
        return result


def etc_of(con: Connection) -> Any:
    """municipality -> ETC (latest year), empty when the geography has no ETC table."""
    if "municipality_etc" not in areas.tables(con):
        return engine.query(
            con, "select ''::varchar as municipality_code, ''::varchar as etc_code where false"
        )
    return engine.query(
        con,
        "select municipality_code::varchar as municipality_code, "
        "arg_max(etc_code, year)::varchar as etc_code from municipality_etc group by 1",
    )


def flows(
    con: Connection,
    *,
    level: str,
    year: int,
    area: str | None = None,
    group: str | None = None,
    sex: str | None = None,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """`Linked(con, year).flows(...)`: for a single question."""
    return Linked(con, year).flows(level=level, area=area, group=group, sex=sex, by=by)
