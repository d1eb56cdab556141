"""`trayecto ...`: the command line, calling the same functions as the web app.

Contract (DESIGN.md): every command creates what it needs of $TRAYECTO_HOME itself; results
go to stdout (as JSON with --json), progress to stderr; exit 0 done, 1 refused, 2 usage error.

Here are the commands on the warehouse, which run without Django. Those on the operational
database (organisations and the 5W cycle, events, tokens, documents, `serve`, `demo`) are the
web app's: it adds them through the `trayecto.commands` entry point (web/commands), so the
core names no web module (docs/architecture.md, Import direction).
"""

from __future__ import annotations

import os
import re
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from trayecto import paths
from trayecto.cli import exchanges, trajectory
from trayecto.cli.console import (
    PLUGGED,
    EngineOption,
    JsonOption,
    database,
    emit_json,
    err,
    on_engine,
    out,
    print_report,
    usage_error,
    warehouse,
)
from trayecto.domain import indicators

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Trayecto: EiE Colombia.")
sources_app = typer.Typer(no_args_is_help=True, help="Official datasets: list and fetch.")
app.add_typer(sources_app, name="sources")


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
            "reader": s.reader,
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
@app.command("import")
def import_(
    source: Annotated[str, typer.Argument(help="Source id (see `trayecto sources list`).")],
    path: Annotated[Path, typer.Argument(help="The file to import.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only.")] = False,
    as_json: JsonOption = False,
    org: Annotated[
        str | None, typer.Option("--org", help="5W only: the reporting organisation's code.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="5W and activityinfo: the month reported, YYYY-MM (gives the year to "
            "months like 'Marzo').",
        ),
    ] = None,
    event: Annotated[
        int | None,
        typer.Option("--event", help="affected-schools and damage-assessment: the event's id."),
    ] = None,
) -> None:
    """Import one file: prints rows read / imported / rejected and every problem."""
    from trayecto.importers import registry

    def into_event() -> typer.Exit:  # the exit of an import into the event's records
        return typer.Exit(
            database().import_into_event(source, path, event, dry_run=dry_run, as_json=as_json)
        )

    if PLUGGED and source in database().event_sources:  # damage-assessment
        raise into_event()
    try:
        entry = registry.get(source)
    except KeyError as exc:
        raise usage_error(str(exc.args[0])) from exc
    if not path.exists():
        raise usage_error(f"{path}: no such file")
    if (org and source != "5w") or (period and source not in {"5w", "activityinfo"}):
        raise usage_error("--org applies to 5W reports, --period to 5W and ActivityInfo only")
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    if event is not None and source != "affected-schools":
        raise usage_error("--event applies to affected-schools lists only")
    if event is not None:
        raise into_event()
    if entry.loaded_by_web:  # its loader writes the operational database
        database().start()
    extra: dict[str, str] = {"org": org} if org else {}
    if period:
        extra["period"] = period
    report = entry.load_function()(path, warehouse(), dry_run=dry_run, **extra)
    print_report(report, as_json)
    raise typer.Exit(1 if report.refused else 0)


# --------------------------------------------------------------------------- indicators
LEVEL_CHOICES = indicators.LEVELS


@app.command("indicator")
def indicator_(
    code: Annotated[str, typer.Argument(help="Indicator code, or `list` for the registry.")],
    level: Annotated[
        str, typer.Option(help="nation | department | etc | municipality | sede")
    ] = "nation",
    area: Annotated[str | None, typer.Option(help="DANE code of the area (prefix ok).")] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    sex: Annotated[str | None, typer.Option(help="f | m")] = None,
    group: Annotated[
        str | None,
        typer.Option(help="Population group (sede data only): COL | VEN | OTH (nationality)."),
    ] = None,
    estimate: Annotated[
        str | None,
        typer.Option(help="Fill gaps with: linear | carry_forward | dane_ratio (stored apart)."),
    ] = None,
    engine: EngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """An indicator at one level, with provenance (`trayecto indicator list` for codes)."""
    from trayecto.analytics import aggregation, compute, estimates, registry

    if code == "list":
        items: list[dict[str, Any]] = [
            {
                "code": i.code,
                "family": i.family,
                "name_es": i.name_es,
                "name_en": i.name_en,
                "unit": i.unit,
                "levels": list(i.levels),
                "source": list(i.source),
            }
            for i in registry.indicators().values()
        ]
        if as_json:
            emit_json(items)
            return
        table = Table("code", "family", "nombre", "unit", "levels")
        for item in items:
            table.add_row(
                str(item["code"]),
                str(item["family"]),
                str(item["name_es"]),
                str(item["unit"]),
                ", ".join(item["levels"]),
            )
        out.print(table)
        return
    if level not in LEVEL_CHOICES:
        raise usage_error(f"--level must be one of {', '.join(LEVEL_CHOICES)}")
    if sex not in (None, "f", "m"):
        raise usage_error("--sex must be f or m")
    if estimate is not None and estimate not in estimates.METHODS:
        raise usage_error(f"--estimate must be one of {', '.join(estimates.METHODS)}")
    if group not in (None, *compute.GROUPS):
        raise usage_error(f"--group must be one of {', '.join(compute.GROUPS)}")
    query = compute.Query(code=code, level=level, area=area, year=year, sex=sex, group=group)
    unplaced: list[dict[str, Any]] = []
    try:
        with on_engine(engine):
            if estimate is None:
                rolled = compute.rollup(warehouse(), query)
                results, unplaced = rolled.rows, rolled.unplaced
            else:
                results = estimates.estimate(warehouse(), query, method=estimate)
    except registry.UnknownIndicator as exc:
        raise usage_error(str(exc.args[0])) from exc
    except (aggregation.LevelNotAvailable, compute.GroupNotAvailable) as exc:
        raise usage_error(str(exc)) from exc
    except compute.MissingData as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    for u in unplaced:  # on stderr: the JSON on stdout keeps its contract (a list of rows)
        err.print(
            f"[yellow]warning:[/yellow] {u['units']} units of {u['year']} could not be placed "
            f"at level {level} (municipalities {', '.join(u['municipalities'])}); they are "
            "in no row above"
        )
    if as_json:
        emit_json(results)
        return
    table = Table("area", "name", "year", "value", "unit", "status", "published", "source")
    for r in results:
        table.add_row(
            r["area_code"],
            r["area_name"],
            str(r["year"]),
            "—" if r["value"] is None else f"{r['value']:,.2f}",
            r["unit"] + "".join(f"\n{p}: {n}" for p, n in r.get("distribution", {}).items()),
            r["provenance"]["status"],
            "" if r["published_value"] is None else f"{r['published_value']:,.2f}",
            f"{r['provenance']['source']} {r['provenance']['vintage']}",
        )
    out.print(table)


@app.command("gaps")
def gaps_(
    code: Annotated[str, typer.Argument(help="Indicator code.")],
    as_json: JsonOption = False,
) -> None:
    """The gap report of an indicator: missing years and areas, failed identities, outliers."""
    from trayecto.analytics import compute, gaps, registry

    try:
        report = gaps.gap_report(warehouse(), code)
    except registry.UnknownIndicator as exc:
        raise usage_error(str(exc.args[0])) from exc
    except compute.MissingData as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        emit_json(report)
        return
    out.print(f"[bold]{code}[/bold]: {report['summary']}")
    for flag in report["flags"]:
        out.print(
            f"  [{flag['kind']}] {flag['area_code']} {flag.get('year') or ''}: {flag['message']}",
            markup=False,
        )


# --------------------------------------------------------------------------- generate
generate_app = typer.Typer(no_args_is_help=True, help="Generate synthetic data for the demo.")
app.add_typer(generate_app, name="generate")


@generate_app.command("sedes")
def generate_sedes(
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Required: the data is synthetic, never real.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 2025,
    as_json: JsonOption = False,
) -> None:
    """Synthetic sedes whose 2025 municipal totals equal MEN's (source `synthetic`)."""
    if not synthetic:
        raise usage_error("say --synthetic: this command only makes synthetic sede data")
    from trayecto.importers.synthetic_sedes import generate_synthetic_sedes

    report = generate_synthetic_sedes(warehouse(), seed=seed)
    print_report(report, as_json)
    raise typer.Exit(1 if report.refused else 0)


# --------------------------------------------------------------------------- topics
# Each topic keeps its commands in a module of its own and adds them here with one line.
exchanges.register(app)
trajectory.register(app)
# The web app's commands (web/commands/__init__.py), and any other package's that declares
# the entry point: `register(app)` adds them.
for plugin in entry_points(group="trayecto.commands"):
    plugin.load()(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
