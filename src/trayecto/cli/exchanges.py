"""`trayecto export hdx --out DIR`: the published official indicators as an HDX package;
`trayecto export activityinfo --month YYYY-MM --out FILE`: the published 5W of a month in
the GIFMM 5W v2 layout for ActivityInfo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import JsonOption, emit_json, err, out, ready, usage_error, warehouse

export_app = typer.Typer(no_args_is_help=True, help="Packages for the platforms the cluster uses.")
HDX_LEVELS = ("department", "municipality")


@export_app.command("hdx")
def export_hdx(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the package into.")],
    indicators: Annotated[
        str | None, typer.Option(help="Comma-separated codes (default: every indicator).")
    ] = None,
    level: Annotated[
        list[str] | None, typer.Option(help="department and/or municipality (default both).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """HXL-tagged CSVs (one per indicator and level) and dataset.json (CKAN shape)."""
    from trayecto.analytics import aggregation, compute, registry
    from trayecto.reports.hdx import Part, write_package

    levels = tuple(level or HDX_LEVELS)
    if any(lv not in HDX_LEVELS for lv in levels):
        raise usage_error(f"--level must be {' or '.join(HDX_LEVELS)}")
    chosen = (
        [c.strip() for c in indicators.split(",")] if indicators else list(registry.indicators())
    )
    try:
        found = [registry.get(code) for code in chosen]
    except registry.UnknownIndicator as exc:
        raise usage_error(str(exc.args[0])) from exc
    store = warehouse()
    parts: list[Part] = []
    for indicator in found:
        for lv in levels:
            if lv not in indicator.levels:
                continue
            try:
                rows = compute.rollup(store, compute.Query(code=indicator.code, level=lv)).rows
            except (compute.MissingData, aggregation.MissingGeography) as exc:
                err.print(f"[yellow]skipped[/yellow] {indicator.code} {lv}: {exc}")
                continue
            parts.append(Part(indicator, lv, rows))
    if not parts:
        err.print("[red]error:[/red] no indicator could be computed; import the sources first")
        raise typer.Exit(1)
    metadata = write_package(out_dir, parts, manifest_version=store.manifest().version)
    if as_json:
        emit_json(metadata)
        return
    for resource in metadata["resources"]:
        out.print(f"{out_dir / resource['url']}: {resource['rows']:,} rows")
    out.print(f"{out_dir / 'dataset.json'}: manifest version {store.manifest().version}")


@export_app.command("activityinfo")
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
    """Add this topic's commands to the `trayecto` application."""
    app.add_typer(export_app, name="export")
