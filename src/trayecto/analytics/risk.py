"""Early warning: a points-based dropout risk score per student, its backtest, high-risk
counts by area (docs/methodology/trajectory.md, "Alerta temprana").

The conditions and points are SQL (`trajectory_sql/risk.sql`) with the weights of
`risk_weights.toml` (or a file named by `$TRAYECTO_RISK_WEIGHTS`) as parameters; the AUC
and the precision at the top 10 % come from the (score, students, dropouts) groups, with the
plain formulas of domain/trajectory.py. No student is ever listed by identity here: the
ETC's list (`pseudonymous_list`, `list_csv`) carries the pseudonym made with that ETC's key
(importers/student_key.etc_key), which only the ETC's own export turns back into names.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
from pathlib import Path
from typing import Any

import duckdb

from trayecto.analytics import areas
from trayecto.analytics.trajectory import LEVEL_COLUMN, SQL, Linked, years_loaded
from trayecto.domain import trajectory as rules
from trayecto.warehouse import engine

WEIGHTS = Path(__file__).resolve().parent / "risk_weights.toml"
TOP_SHARE = 0.10


def load_weights(path: Path | None = None) -> rules.RiskWeights:
    chosen = path or Path(os.environ.get("TRAYECTO_RISK_WEIGHTS") or WEIGHTS)
    data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    points = {name: int(data["points"][name]) for name in rules.CONDITIONS}
    bands = data["sede_dropout_percent"]
    return rules.RiskWeights(
        points, int(data["high_risk_from"]), float(bands["high"]), float(bands["medium"])
    )


class Risk:
    """The scores of the students of year t in a connection's temporary tables."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        year: int,
        weights: rules.RiskWeights | None = None,
    ) -> None:
        self.con, self.year = con, year
        self.weights = weights or load_weights()
        # with t+1 loaded, the backtest also needs what became of them
        self.linked = Linked(con, year, need_next=year + 1 in years_loaded(con))
        params: dict[str, Any] = {
            "year": year,
            "high_rate": self.weights.sede_dropout_high,
            "medium_rate": self.weights.sede_dropout_medium,
            **self.weights.points,
        }
        engine.execute(con, (SQL / "risk.sql").read_text(encoding="utf-8"), params)

    def groups(self) -> list[tuple[float, int, int]]:
        """(score, students, dropouts at t+1) of the scored students (needs t+1)."""
        return [
            (float(score), int(n), int(dropouts))
            for score, n, dropouts in engine.values(
                self.con,
                "select r.score, count(*), count(*) filter (where t.outcome = 'dropped_out') "
                "from student_risk r join transition t using (student_id) "
                "group by r.score order by r.score",
            )
        ]

    def backtest(self) -> dict[str, Any] | None:
        """Score at t against dropout at t+1: ROC AUC and precision at the top 10 %."""
        if not self.linked.has_next:
            return None
        groups = self.groups()
        students = sum(n for _, n, _ in groups)
        dropouts = sum(p for _, _, p in groups)
        auc = rules.auc_of_groups(groups)
        precision = rules.precision_at(groups, TOP_SHARE)
        return {
            "year": self.year,
            "students": students,
            "dropouts": dropouts,
            "dropout_rate": round(100 * dropouts / students, 2) if students else None,
            "roc_auc": None if auc is None else round(auc, 3),
            "precision_top_10": None if precision is None else round(100 * precision, 1),
        }

    def counts(self, *, level: str, area: str | None = None) -> list[dict[str, Any]]:
        """Students scored and students at high risk, per area of `level`."""
        column = LEVEL_COLUMN[level]
        rows = engine.rows(
            self.con,
            f"select {column} as area_code, count(*) as students, "  # noqa: S608
            f"count(*) filter (where score >= $high) as high_risk from student_risk "
            f"where {column} is not null and ($area is null or $area in (sede_code, "
            "municipality_code, etc_code, department_code, nation_code)) "
            "group by all order by area_code",
            {"high": self.weights.high_risk_from, "area": area},
        )
        names = areas.area_names(self.con, level)
        return [
            {
                "area_code": str(r["area_code"]),
                "area_name": names.get(str(r["area_code"]), str(r["area_code"])),
                "year": self.year,
                "students": r["students"],
                "high_risk": r["high_risk"],
            }
            for r in rows
        ]

    def pseudonymous_list(self, etc_code: str) -> list[dict[str, Any]]:
        """The scored students of an ETC by the ETC's own pseudonym (the document hashed
        with the ETC's key at import): pseudonym, sede, grade, points, conditions. A student
        whose rows were imported before the ETC pseudonyms existed, or whose municipality had
        another ETC then, has none: "" (the year must be imported again)."""
        columns = {
            c
            for (c,) in engine.values(
                self.con, "select column_name from (describe student_enrolment)"
            )
        }
        pseudonyms = (
            "select student_id, any_value(etc_student_id) as etc_student_id "
            "from student_enrolment where year = $year and pseudonym_etc = $etc "
            "and etc_student_id is not null group by all"
            if {"etc_student_id", "pseudonym_etc"} <= columns
            else "select ''::varchar as student_id, ''::varchar as etc_student_id where false"
        )
        conditions = ", ".join(f"r.{name}" for name in rules.CONDITIONS)
        return engine.rows(
            self.con,
            "select coalesce(p.etc_student_id, '') as seudonimo, r.sede_code as sede, "  # noqa: S608
            f"r.grade as grado, r.score as puntos, r.score >= $high as riesgo_alto, {conditions} "
            f"from student_risk r left join ({pseudonyms}) p using (student_id) "
            "where r.etc_code = $etc order by r.score desc, r.sede_code, seudonimo",
            {"high": self.weights.high_risk_from, "etc": etc_code, "year": self.year},
        )


LIST_HEADER = ("seudonimo", "etc", "anio", "sede", "grado", "puntos", "riesgo_alto",
               *rules.CONDITIONS)  # fmt: skip


def list_csv(rows: list[dict[str, Any]], etc_code: str, year: int) -> str:
    """The list an ETC downloads (`;`, SI/NO), what `trayecto trajectory reidentify` reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(LIST_HEADER)
    for row in rows:
        writer.writerow(
            [row["seudonimo"], etc_code, year, row["sede"], row["grado"], row["puntos"],
             "SI" if row["riesgo_alto"] else "NO",
             *("SI" if row[name] else "NO" for name in rules.CONDITIONS)]
        )  # fmt: skip
    return buffer.getvalue()
