"""`trayecto trajectory`: what became of the students of year t, linked to year t+1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.table import Table

from trayecto.cli.console import (
    EngineOption,
    JsonOption,
    emit_json,
    err,
    on_engine,
    out,
    ready,
    usage_error,
    warehouse,
)
from trayecto.domain.trajectory import REGULAR_GRADES
from trayecto.warehouse import engine

trajectory_app = typer.Typer(
    help="Educational trajectories from the pseudonymised SIMAT student files."
)

SHOWN = (
    "enrolled", "promoted", "repeated", "dropped_out", "graduated", "changed_sede",
    "changed_municipality", "returned", "promotion_rate", "repetition_rate", "dropout_rate",
)  # fmt: skip


@trajectory_app.callback(invoke_without_command=True)
def trajectory_flows(
    ctx: typer.Context,
    level: Annotated[
        str | None, typer.Option(help="nation | department | etc | municipality | sede")
    ] = None,
    year: Annotated[int | None, typer.Option(help="The year t (t+1 must be loaded too).")] = None,
    area: Annotated[
        str | None, typer.Option(help="DANE code of a sede, municipality, ETC or department.")
    ] = None,
    group: Annotated[str | None, typer.Option(help="COL | VEN | OTH (country of origin).")] = None,
    sex: Annotated[str | None, typer.Option(help="f | m")] = None,
    by: Annotated[
        str | None, typer.Option(help="One row per value of: sex | grade | level | group.")
    ] = None,
    engine_name: EngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """Promoted, repeated, dropped out and graduated students of year t, by area."""
    if ctx.invoked_subcommand is not None:
        return
    from trayecto.analytics import trajectory

    if level not in trajectory.LEVELS:
        raise usage_error(f"--level must be one of {', '.join(trajectory.LEVELS)}")
    if year is None:
        raise usage_error("--year is required: the year t whose students are followed to t+1")
    if sex not in (None, "f", "m"):
        raise usage_error("--sex must be f or m")
    if group not in (None, *trajectory.GROUPS):
        raise usage_error(f"--group must be one of {', '.join(trajectory.GROUPS)}")
    if by not in (None, *trajectory.BREAKDOWN_COLUMN):
        raise usage_error(f"--by must be one of {', '.join(trajectory.BREAKDOWN_COLUMN)}")
    ready()
    with on_engine(engine_name):
        con = engine.connect(warehouse())
        try:
            linked = trajectory.Linked(con, year)
            rows = linked.flows(level=level, area=area, group=group, sex=sex, by=by)
        except trajectory.TrajectoryUnavailable as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        finally:
            con.close()
    for stage in linked.stages:
        err.print(
            f"links {stage.year_from}→{stage.year_to}: {stage.by_document} by document, "
            f"{stage.by_name} by name/birth/sex, {stage.ambiguous} ambiguous records not linked",
            markup=False,
        )
    if as_json:
        emit_json(rows)
        return
    _print(rows, by)


def _print(rows: list[dict[str, Any]], by: str | None) -> None:
    table = Table("area", *([by] if by else []), *SHOWN)
    for row in rows:
        table.add_row(
            f"{row['area_name']} ({row['area_code']})",
            *([str(row[by])] if by else []),
            *("—" if row[name] is None else str(row[name]) for name in SHOWN),
        )
    out.print(table)


@trajectory_app.command("risk")
def trajectory_risk(
    year: Annotated[int, typer.Option(help="The year t whose students are scored.")],
    level: Annotated[str, typer.Option(help="nation | department | etc | municipality | sede")] = (
        "sede"
    ),
    area: Annotated[
        str | None, typer.Option(help="DANE code of a sede, municipality, ETC or department.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Early warning: students at high risk by area, and the backtest against t+1."""
    from trayecto.analytics import risk, trajectory

    if level not in trajectory.LEVELS:
        raise usage_error(f"--level must be one of {', '.join(trajectory.LEVELS)}")
    ready()
    con = warehouse().connect()
    try:
        scored = risk.Risk(con, year)
        backtest = scored.backtest()
        areas = scored.counts(level=level, area=area)
    except trajectory.TrajectoryUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        con.close()
    if as_json:
        emit_json({"backtest": backtest, "areas": areas})
        return
    if backtest is None:
        out.print(f"backtest: needs the students of {year + 1}", markup=False)
    else:
        out.print(
            f"backtest {year}→{year + 1}: ROC AUC {backtest['roc_auc']}, precision at the top "
            f"10 % {backtest['precision_top_10']} % (dropout rate {backtest['dropout_rate']} %)",
            markup=False,
        )
    table = Table("area", "students", "high risk")
    for row in areas:
        table.add_row(
            f"{row['area_name']} ({row['area_code']})", str(row["students"]), str(row["high_risk"])
        )
    out.print(table)


@trajectory_app.command("etpv")
def trajectory_etpv(
    year: Annotated[
        int | None, typer.Option(help="The school year (the latest loaded when omitted).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """ETPV indicators per ETC from the student files: Venezuelan students by document."""
    from trayecto.analytics import etpv

    ready()
    con = warehouse().connect()
    try:
        rows = [r.as_dict() for r in etpv.etc_documents(con, year)]
    finally:
        con.close()
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out.print("no student file loaded for that year (`trayecto import simat-estudiantes`)")
        return
    table = Table("ETC", "year", "Venezuelan", "NES", "PEP", "PPT", "other", "% PPT",
                  "grade 11 without PPT")  # fmt: skip
    for r in rows:
        label = f"{r['etc_code']}{' (SINTÉTICO)' if r['is_synthetic'] else ''}"
        table.add_row(label, *(str(r[k]) for k in ("year", "venezuelan", "nes", "pep", "ppt",
                      "other", "ppt_share_pct", "grade_11_without_ppt")))  # fmt: skip
    out.print(table)


@trajectory_app.command("survival")
def trajectory_survival(
    year: Annotated[int, typer.Option(help="The year the cohort was in its entry grade.")],
    grade: Annotated[int, typer.Option(help="The entry grade, 0 to 11 (MEN codes).")] = 1,
    level: Annotated[str, typer.Option(help="nation | department | etc | municipality | sede")] = (
        "nation"
    ),
    area: Annotated[
        str | None, typer.Option(help="DANE code of a sede, municipality, ETC or department.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """True cohort survival: the students of one grade in one year followed across the later
    years loaded; the share that reached each grade, beside UIS's reconstructed cohort made
    from the same rows aggregated to grade counts."""
    from trayecto.analytics import trajectory, trajectory_uis

    if level not in trajectory.LEVELS:
        raise usage_error(f"--level must be one of {', '.join(trajectory.LEVELS)}")
    if grade not in REGULAR_GRADES:
        raise usage_error("--grade must be a regular grade, 0 to 11")
    ready()
    con = warehouse().connect()
    try:
        rows = trajectory_uis.beside_true_survival(
            con, year=year, grade=grade, level=level, area=area
        )
    except trajectory.TrajectoryUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        con.close()
    if as_json:
        emit_json(rows)
        return
    grades = [s["grade"] for s in rows[0]["survival"]] if rows else []
    table = Table("area", "cohort", *(f"grade {g}" for g in grades))
    for row in rows:
        table.add_row(
            f"{row['area_name']} ({row['area_code']})",
            str(row["cohort"]),
            *(f"{s['reached']} ({s['rate']} %)" for s in row["survival"]),
        )
    out.print(table)
    beside = Table(
        "area", "grade", "true %", "UIS same years %", "UIS eventual %", "difference (pp)",
        title="UIS reconstructed cohort (rates of one year pair, a cohort of 1,000)",
    )  # fmt: skip
    for row in rows:
        for s in row["survival"]:
            beside.add_row(
                row["area_code"],
                str(s["grade"]),
                *(str(s[k]) for k in ("rate", "uis_by_last_year", "uis_eventual", "difference")),
            )
    out.print(beside)


@trajectory_app.command("reidentify")
def trajectory_reidentify(
    simat_file: Annotated[Path, typer.Argument(help="The ETC's own SIMAT student export.")],
    out_path: Annotated[Path, typer.Option("--out", help="The CSV to write (names included).")],
    as_json: JsonOption = False,
) -> None:
    """On the ETC's own machine: its export with each student's risk score added, matched by
    hashing the export with the same key (the warehouse never holds the names)."""
    from trayecto.analytics import risk, trajectory
    from trayecto.domain.problems import FileProblem
    from trayecto.importers import simat_students, student_key

    if not simat_file.exists():
        raise usage_error(f"{simat_file}: no such file")
    ready()
    store = warehouse()
    try:
        key = student_key.load_key(store.root.parent, create=False)
    except student_key.KeyProblem as exc:
        raise usage_error(str(exc)) from exc
    if key is None:
        err.print(
            "[red]error:[/red] no pseudonym key in this home: reidentify runs where the files "
            f"were imported (or set {student_key.ENV})"
        )
        raise typer.Exit(1)
    local = duckdb.connect()  # in memory: the export's names never touch the disk here
    local.execute("set enable_progress_bar = false")
    con = store.connect()
    try:
        headers = simat_students.read_with_pseudonyms(simat_file, store, key, local)
        years = [y for (y,) in engine.values(local, "select distinct year from staged "
                                             "where year is not null")]  # fmt: skip
        if len(years) != 1:
            raise usage_error("the export must hold one school year")
        scored = risk.Risk(con, years[0])
        scores = engine.query(con, "select student_id, score from student_risk")
        high = scored.weights.high_risk_from
    except (FileProblem, trajectory.TrajectoryUnavailable) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        con.close()
    local.register("scores", scores)
    shown = ", ".join(f'o.c{i} as "{h.replace(chr(34), chr(39))}"' for i, h in enumerate(headers))
    engine.execute(
        local,
        f"copy (select {shown}, coalesce(r.score::varchar, '') as riesgo_puntos, "  # noqa: S608
        f"case when r.score >= {int(high)} then 'SI' when r.score is not null then 'NO' "
        "else '' end as riesgo_alto "
        "from (select o.*, s.student_id, s.rowid as r from original o positional join staged s) o "
        "left join scores r using (student_id) order by o.r) "
        f"to '{str(out_path).replace(chr(39), chr(39) * 2)}' (header, delimiter ';')",
    )
    [(rows, matched)] = engine.values(
        local,
        "select count(*), count(r.student_id) from staged s left join scores r "
        "using (student_id) where not s.blank",
    )
    local.close()
    result = {"rows": rows, "scored": matched, "out": str(out_path), "high_risk_from": high}
    if as_json:
        emit_json(result)
    else:
        out.print(f"{rows} rows, {matched} with a score: {out_path}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(trajectory_app, name="trajectory")
