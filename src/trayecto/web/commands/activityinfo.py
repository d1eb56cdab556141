"""`trayecto export activityinfo --month YYYY-MM --out FILE`: the published 5W of a month in
the GIFMM 5W v2 layout for ActivityInfo. It joins the core's `export` group (`export hdx`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import JsonOption, emit_json, err, group, out, usage_error, warehouse
from trayecto.web.commands.start import ready


def export_activityinfo(
    month: Annotated[str, typer.Option("--month", help="Reporting month, YYYY-MM.")],
    out_file: Annotated[
        Path, typer.Option("--out", help="File to write: .xlsx (with the note) or .csv.")
    ],
    rule: Annotated[
        str | None, typer.Option(help="Consolidation rule (default: the configured one).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The month's published 5W lines in the GIFMM 5W v2 layout, with reach at GIFMM's bands."""
    from trayecto.domain.five_w import ConsolidationRule

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise usage_error("--month must be YYYY-MM")
    if out_file.suffix.lower() not in (".xlsx", ".csv"):
        raise usage_error("--out must end in .xlsx or .csv")
    if rule is not None and rule not in {r.value for r in ConsolidationRule}:
        raise usage_error(f"--rule must be one of {', '.join(r.value for r in ConsolidationRule)}")
    ready()
    from trayecto.reports import activityinfo
    from trayecto.web.api.activityinfo import activityinfo_export

    export, body, _ = activityinfo_export(
        month, warehouse(), ConsolidationRule(rule) if rule else None
    )
    if not export.rows:
        err.print(f"[red]error:[/red] no published 5W line in {month}; publish reports first")
        raise typer.Exit(1)
    if out_file.suffix.lower() == ".csv":
        out_file.write_bytes(activityinfo.to_csv(body))
    else:
        activityinfo.write_xlsx(out_file, export, body)
    summary = {
        "file": str(out_file),
        "month": month,
        "rows": len(export.rows),
        "rule": export.rule.value,
        "reach_gifmm_bands": export.reach_gifmm,
        "reach_platform_bands": export.reach_platform,
        "manifest_version": export.manifest_version,
    }
    if as_json:
        emit_json(summary)
        return
    out.print(f"{out_file}: {len(export.rows):,} rows of {month} ({export.rule.value})")
    out.print(f"reach at GIFMM's bands (<18 / 18+): {export.reach_gifmm:,}; "
              f"at the platform's bands: {export.reach_platform:,}")  # fmt: skip


def register(app: typer.Typer) -> None:
    group(app, "export").command("activityinfo")(export_activityinfo)
