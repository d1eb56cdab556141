"""`trayecto trajectory`: what became of the students of year t, linked to year t+1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from trayecto.cli.console import (
    EngineOption,
    JsonOption,
    emit_json,
    err,
    on_engine,
    out,
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
    list_path: Annotated[
        Path, typer.Option("--list", help="The pseudonymous list downloaded (seudonimos.csv).")
    ],
    key_file: Annotated[
        Path, typer.Option("--key-file", help="The ETC's pseudonym key (clave_etc_CODE.txt).")
    ],
    out_path: Annotated[Path, typer.Option("--out", help="The CSV to write (names included).")],
    as_json: JsonOption = False,
) -> None:
    """On the ETC's own machine: its export with each listed student's risk score added,
    matched by hashing the export with the ETC's key (no warehouse, no installation key)."""
    from trayecto.importers import simat_reidentify

    for path in (simat_file, list_path, key_file):
        if not path.exists():
            raise usage_error(f"{path}: no such file")
    if key_file.stat().st_mode & 0o077:
        err.print(
            f"warning: {key_file.name} can be read by other users of this machine; "
            f"keep it like a password (chmod 600 {key_file.name})",
            markup=False,
        )
    try:
        result = simat_reidentify.reidentify(simat_file, list_path, key_file, out_path)
    except simat_reidentify.ReidentifyProblem as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from exc
    if as_json:
        emit_json(result)
        return
    out.print(
        f"{result['rows']} rows ({result['rows_of_year']} of {result['year']}), "
        f"{result['scored']} with a score; {result['listed_found']} of the "
        f"{result['listed']} students of the list found: {out_path}",
        markup=False,
    )
    if result["listed_without_pseudonym"]:
        err.print(
            f"{result['listed_without_pseudonym']} students of the list have no ETC pseudonym "
            "(imported before the ETC keys existed): the installation must import "
            f"{result['year']} again",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(trajectory_app, name="trajectory")
