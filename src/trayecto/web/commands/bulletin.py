"""`trayecto report bulletin`: the monthly bulletin, national or of one department, as HTML
or PDF, archived with the warehouse version it read (docs/methodology/bulletin.md).

The command joins the `report` group of report.py (`report etc`), found by name in the
application, so `trayecto report --help` lists both.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import JsonOption, emit_json, err, group, out, usage_error
from trayecto.web.commands.start import ready

PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
DEPARTMENT = re.compile(r"\d{2}")


def bulletin(
    period: Annotated[str, typer.Option("--period", help="Month, YYYY-MM.")],
    out_path: Annotated[Path, typer.Option("--out", help="The file to write.")],
    department: Annotated[
        str, typer.Option("--department", help="Department DANE code (none: national).")
    ] = "",
    fmt: Annotated[str, typer.Option("--format", help="pdf | html")] = "pdf",
    language: Annotated[str, typer.Option("--language", help="es | en")] = "es",
    as_json: JsonOption = False,
) -> None:
    """Write the monthly bulletin (published data only) and keep it in the archive."""
    if not PERIOD.fullmatch(period):
        raise usage_error("--period must be YYYY-MM (e.g. 2026-03)")
    if department and not DEPARTMENT.fullmatch(department):
        raise usage_error("--department is a two-digit DANE code (e.g. 81)")
    if fmt not in {"pdf", "html"}:
        raise usage_error("--format must be pdf or html")
    if language not in {"es", "en"}:
        raise usage_error("--language must be es or en")
    ready()
    from trayecto.web.coordination.bulletin import bulletin_issue
    from trayecto.web.coordination.bulletin_sections import BulletinScope

    started = time.perf_counter()
    err.print(f"bulletin {period} {department or 'national'}: rendering {fmt}…")
    record = bulletin_issue(
        BulletinScope(period, department, language), fmt, user=None, source="cli"
    )
    out_path.write_bytes(bytes(record.content))
    result = {
        "period": period, "department": department or None, "format": fmt,
        "file": str(out_path), "bytes": record.size, "sha256": record.sha256,
        "manifest_version": record.manifest_version, "archive_id": record.pk,
        "seconds": round(time.perf_counter() - started, 2),
    }  # fmt: skip
    if as_json:
        emit_json(result)
    else:
        out.print(
            f"bulletin {period} {department or 'national'}: {out_path} ({record.size} bytes, "
            f"warehouse version {record.manifest_version}, archive #{record.pk})",
            markup=False, soft_wrap=True,
        )  # fmt: skip


def bulletins_schedule(as_json: JsonOption = False) -> None:
    """Queue the monthly bulletins (the 15th, 06:00 Bogotá; each run queues the next)."""
    ready()
    from trayecto.web.coordination.bulletin_task import bulletins_schedule as schedule

    when = schedule()
    if when is None:
        err.print("[red]error:[/red] the task backend cannot defer tasks (use the database one)")
        raise typer.Exit(1)
    if as_json:
        emit_json({"next_run": when})
    else:
        out.print(f"monthly bulletins queued for {when}")


def register(app: typer.Typer) -> None:
    report = group(app, "report")  # web/commands/report.py's, registered before
    report.command("bulletin")(bulletin)
    report.command("bulletins-schedule")(bulletins_schedule)
