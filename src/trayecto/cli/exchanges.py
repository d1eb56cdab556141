"""`trayecto export hdx --out DIR`: the published official indicators as an HDX package;
`trayecto export activityinfo --month YYYY-MM --out FILE`: the published 5W of a month in
the GIFMM 5W v2 layout for ActivityInfo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import JsonOption, emit_json, err, out, usage_error, warehouse

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


def register(app: typer.Typer) -> None:
    """Add this topic's commands to the `trayecto` application."""
    app.add_typer(export_app, name="export")
