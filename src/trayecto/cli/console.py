"""What every command shares: the consoles, the --json option, the home and the warehouse.

Contract (DESIGN.md): results go to stdout (as JSON with --json), progress to stderr; exit 0
done, 1 refused, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

from trayecto import paths
from trayecto.domain.problems import ImportReport

out = Console()
err = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
EngineOption = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Run the SQL on duckdb or spark (default: TRAYECTO_ENGINE, else duckdb; "
        "docs/scale.md).",
    ),
]


@contextmanager
def on_engine(name: str | None) -> Iterator[None]:
    """The block's analytics on the engine `--engine` names; a query Spark cannot take is
    a refusal (exit 1) naming its SQL file and construct."""
    from trayecto.warehouse import engine, spark

    try:
        chosen = name or engine.default_engine()
    except ValueError as exc:
        raise usage_error(str(exc)) from exc
    if chosen not in engine.ENGINES:
        raise usage_error(f"--engine must be one of {', '.join(engine.ENGINES)}")
    try:
        with engine.using(chosen):
            yield
    except spark.Untranslatable as exc:
        err.print(f"[red]error:[/red] {str(exc).splitlines()[0]}", markup=True)
        raise typer.Exit(1) from exc


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def ready() -> None:
    """Create and migrate $TRAYECTO_HOME (harmless when done) and start Django: for the
    commands on the operational database (organisations, 5W, events, tokens, documents)
    only. A command on the warehouse alone does not call it: it cost 1.6 s of each."""
    from trayecto.web.bootstrap import ensure_home

    ensure_home()


def warehouse() -> Any:
    from trayecto.warehouse import Warehouse

    return Warehouse.for_root(paths.warehouse_dir())


def usage_error(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(2)


def print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.as_dict())
        return
    verb = "would import" if report.dry_run else "imported"
    outcome = " — REFUSED" if report.refused else ""
    if report.details.get("unchanged"):  # the same words for every loader, on one line
        outcome = f" — {report.details['message']} (manifest version "
        outcome += f"{report.details['manifest_version']})"
    out.print(
        f"{report.source}: rows read {report.rows_read}, {verb} {report.rows_imported}, "
        f"rejected {report.rows_rejected}{outcome}",
        markup=False,
        soft_wrap=True,  # one line, however narrow the terminal
    )
    if report.details.get("message") and not report.details.get("unchanged"):
        out.print(f"  {report.details['message']}", markup=False)
    for line in report_lines(report):
        out.print(line, markup=False, soft_wrap=True)


FIRST_ROWS = 10  # rows shown of a group of the same problem; --json lists every one


def report_lines(report: ImportReport) -> list[str]:
    """One line per problem, or per group of the same problem on several rows ("N rows:
    first 10 ..."), so a file with thousands of bad rows prints a readable report."""
    lines = []
    for group in report.grouped_problems():
        column = f", column {group.column}" if group.column else ""
        if group.count == 1:
            p = group.problems[0]
            lines.append(f"  [{p.severity}] row {p.row}{column}: {p.value!r}: {p.message}")
            continue
        shown = ", ".join(f"{p.row} ({p.value!r})" for p in group.first(FIRST_ROWS))
        more = f", … (first {FIRST_ROWS}; --json lists all)" if group.count > FIRST_ROWS else ""
        lines.append(
            f"  [{group.severity}] {group.count} rows{column}: {group.message}: rows {shown}{more}"
        )
    return lines
