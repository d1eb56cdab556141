"""`trayecto trajectory etc-key ETC --out FILE`: one ETC's pseudonym key for its analyst,
audited in the operational database. It joins the core's `trajectory` group."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import err, group, usage_error, warehouse
from trayecto.web.commands.start import ready


def trajectory_etc_key(
    etc_code: Annotated[str, typer.Argument(help="The ETC's code (3802, 10850).")],
    out_path: Annotated[Path, typer.Option("--out", help="The key file to write (mode 600).")],
) -> None:
    """Where the students were imported: write one ETC's pseudonym key for its analyst
    (audited). It turns that ETC's own export into its list's pseudonyms, nothing more."""
    from trayecto.analytics import geography
    from trayecto.importers import student_key

    if not geography.is_etc_code(etc_code):
        raise usage_error(f"{etc_code!r} is not an ETC code (four digits, or five from 10)")
    if out_path.exists():
        raise usage_error(f"{out_path}: exists; the key file is never overwritten")
    ready()
    from trayecto.web.trajectory import services

    try:
        text = services.etc_key_file(warehouse().root.parent, etc_code, None, via="cli")
    except student_key.KeyProblem as exc:
        raise usage_error(str(exc)) from exc
    except services.NoKey as exc:
        err.print(
            "[red]error:[/red] no pseudonym key in this home: it is made by the first "
            f"`trayecto import simat-estudiantes` (or set {student_key.ENV})"
        )
        raise typer.Exit(1) from exc
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)
    err.print(f"key of ETC {etc_code} written to {out_path} (audited); give it to its analyst")


def register(app: typer.Typer) -> None:
    group(app, "trajectory").command("etc-key")(trajectory_etc_key)
