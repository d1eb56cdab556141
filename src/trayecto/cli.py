"""`trayecto ...`: the command line, calling the same functions as the web app.

Contract (DESIGN.md): every command creates and migrates $TRAYECTO_HOME itself; results go to
stdout (as JSON with --json), progress to stderr; exit 0 done, 1 refused, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from trayecto import paths
from trayecto.domain.problems import ImportReport

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Trayecto: EiE Colombia.")
sources_app = typer.Typer(no_args_is_help=True, help="Official datasets: list and fetch.")
app.add_typer(sources_app, name="sources")

out = Console()
err = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def ready() -> None:
    """Create and migrate $TRAYECTO_HOME (harmless when done) and start Django."""
    from trayecto.web.bootstrap import ensure_home

    ensure_home()


def warehouse() -> Any:
    from trayecto.warehouse import Warehouse

    return Warehouse(paths.warehouse_dir())


def usage_error(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(2)


# --------------------------------------------------------------------------- sources
@sources_app.command("list")
def sources_list(as_json: JsonOption = False) -> None:
    """The registry of official datasets."""
    from trayecto.importers import registry

    items: list[dict[str, str]] = [
        {
            "id": s.id,
            "publisher": s.publisher,
            "title": s.title,
            "url": s.url,
            "file": f"{s.folder}/{s.filename}",
            "reader": s.loader,
            "official": "yes" if s.official else "no",
        }
        for s in registry.SOURCES.values()
    ]
    if as_json:
        emit_json(items)
        return
    table = Table("id", "publisher", "file", "official URL")
    for item in items:
        table.add_row(item["id"], item["publisher"], item["file"], item["url"] or "—")
    out.print(table)


@sources_app.command("fetch")
def sources_fetch(
    from_dir: Annotated[
        Path | None,
        typer.Option(
            "--from", help="A local mirror laid out like shared/data (or TRAYECTO_SOURCES)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Download the official files into $TRAYECTO_HOME/sources (or copy them from a mirror)."""
    from trayecto.importers import fetch

    mirror = from_dir or (
        Path(os.environ["TRAYECTO_SOURCES"]) if os.environ.get("TRAYECTO_SOURCES") else None
    )
    try:
        fetched = fetch.fetch_all(paths.sources_dir(), mirror=mirror, console=err, refresh=True)
    except fetch.FetchError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        emit_json([{"id": sid, "path": str(p)} for sid, p in fetched.items()])
    else:
        for sid, path in fetched.items():
            out.print(f"{sid}: {path}")


# --------------------------------------------------------------------------- import
def print_report(report: ImportReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.as_dict())
        return
    verb = "would import" if report.dry_run else "imported"
    out.print(
        f"{report.source}: rows read {report.rows_read}, {verb} {report.rows_imported}, "
        f"rejected {report.rows_rejected}" + (" — REFUSED" if report.refused else "")
    )
    if report.details.get("message"):
        out.print(f"  {report.details['message']}", markup=False)
    for p in report.problems:
        where = f"row {p.row}" + (f", column {p.column}" if p.column else "")
        out.print(f"  [{p.severity}] {where}: {p.value!r}: {p.message}", markup=False)


@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(help="Source id (see `trayecto sources list`).")],
    path: Annotated[Path, typer.Argument(help="The file to import.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Import one file: prints rows read / imported / rejected and every problem."""
    from trayecto.importers import registry

    try:
        entry = registry.get(source)
    except KeyError as exc:
        raise usage_error(str(exc.args[0])) from exc
    if not path.exists():
        raise usage_error(f"{path}: no such file")
    ready()
    report = entry.load_function()(path, warehouse(), dry_run=dry_run)
    print_report(report, as_json)
    raise typer.Exit(1 if report.refused else 0)


# --------------------------------------------------------------------------- demo / serve
@app.command()
def serve(port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000) -> None:
    """Serve what $TRAYECTO_HOME holds on http://127.0.0.1:PORT."""
    ready()
    from trayecto.web.server import serve as run_server

    run_server(port)


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Stop after loading.")] = False,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    as_json: JsonOption = False,
) -> None:
    """Load the official sources, create demo organisations and logins, then serve."""
    ready()
    from trayecto.web.demo import load_demo

    mirror = os.environ.get("TRAYECTO_SOURCES") or None
    summary = load_demo(mirror=Path(mirror) if mirror else None, console=err)
    if as_json:
        emit_json(summary)
    else:
        table = Table("usuario / user", "contraseña / password", "rol / role", title="Demo logins")
        table.add_column("organización / organisation")
        table.add_column("ámbito / scope")
        for login in summary["logins"]:
            table.add_row(
                login["username"],
                login["password"],
                login["role"],
                login["organization"],
                login["scope"],
            )
        out.print(table)
    if not no_serve:
        out.print(f"Trayecto: http://127.0.0.1:{port}/")
        from trayecto.web.server import serve as run_server

        run_server(port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
