"""`trayecto trajectory`: what became of the students of year t, linked to year t+1."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from trayecto.cli.console import JsonOption, emit_json, err, out, ready, usage_error, warehouse

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
    con = warehouse().connect()
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


def register(app: typer.Typer) -> None:
    app.add_typer(trajectory_app, name="trajectory")
