"""What every command shares: the consoles, the --json option, the home and the warehouse.

Contract (DESIGN.md): results go to stdout (as JSON with --json), progress to stderr; exit 0
done, 1 refused, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Protocol

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


class Database(Protocol):
    """What the web app adds to the core's commands: the records only Django holds
    (organisations, 5W reports, events). Its commands module plugs it in when the
    `trayecto.commands` entry point loads it, so the core names no web module."""

    # sources imported into an event's records, not the warehouse (damage-assessment)
    event_sources: frozenset[str]

    def start(self) -> None:
        """Create and migrate $TRAYECTO_HOME and start Django (harmless when done)."""

    def import_into_event(
        self, source: str, path: Path, event: int | None, *, dry_run: bool, as_json: bool
    ) -> int:
        """Import an event's file (`import affected-schools --event`); the exit code."""


PLUGGED: list[Database] = []  # the web app's side (one), once its commands are loaded


def database() -> Database:
    """The web app's side, for a core command that reaches the operational database."""
    if not PLUGGED:
        raise usage_error(
            "this needs the web app's commands (entry point `trayecto.commands`), which are "
            "not installed: reinstall Trayecto (`make .venv/bin/.installed`)"
        )
    return PLUGGED[0]


def group(app: typer.Typer, name: str) -> typer.Typer:
    """The app's group `name`, registered before, for a module that adds its command to
    another's group (`export activityinfo` beside `export hdx`)."""
    for registered in app.registered_groups:
        if registered.name == name and isinstance(registered.typer_instance, typer.Typer):
            return registered.typer_instance
    raise LookupError(f"no command group {name!r}: register it first")


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
