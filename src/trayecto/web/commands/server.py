"""`trayecto serve` and `trayecto demo`: the web app on http://127.0.0.1:PORT, the second
after loading the official sources and the demo organisations and logins."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from trayecto.cli.console import JsonOption, emit_json, err, out
from trayecto.web.commands.start import ready


def serve(port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000) -> None:
    """Serve what $TRAYECTO_HOME holds on http://127.0.0.1:PORT."""
    ready()
    from trayecto.web.server import serve as run_server

    run_server(port)


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
        table = Table(title="Demo logins")
        # Usernames and passwords must be readable whole, however narrow the terminal.
        table.add_column("usuario / user", no_wrap=True)
        table.add_column("contraseña / password", no_wrap=True)
        table.add_column("rol / role", no_wrap=True)
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


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(demo)
