"""`trayecto ...`: the command line, calling the same functions as the web app.

Contract (DESIGN.md): every command creates and migrates $TRAYECTO_HOME itself; results go to
stdout (as JSON with --json), progress to stderr; exit 0 done, 1 refused, 2 usage error.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from trayecto import paths
from trayecto.domain import indicators
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

    return Warehouse.for_root(paths.warehouse_dir())


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
    for p in report.problems:
        where = f"row {p.row}" + (f", column {p.column}" if p.column else "")
        out.print(f"  [{p.severity}] {where}: {p.value!r}: {p.message}", markup=False)


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
            help="5W only: the month reported, YYYY-MM (gives the year to months like 'Marzo').",
        ),
    ] = None,
) -> None:
    """Import one file: prints rows read / imported / rejected and every problem."""
    from trayecto.importers import registry

    try:
        entry = registry.get(source)
    except KeyError as exc:
        raise usage_error(str(exc.args[0])) from exc
    if not path.exists():
        raise usage_error(f"{path}: no such file")
    if (org or period) and source != "5w":
        raise usage_error("--org and --period apply to 5W reports only")
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    ready()
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
    ready()
    unplaced: list[dict[str, Any]] = []
    try:
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
            r["unit"],
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

    ready()
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
    ready()
    from trayecto.importers.synthetic_sedes import generate_synthetic_sedes

    report = generate_synthetic_sedes(warehouse(), seed=seed)
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


# --------------------------------------------------------------------------- 5W
org_app = typer.Typer(no_args_is_help=True, help="Organisations (partners, agencies, donors).")
app.add_typer(org_app, name="org")
template_app = typer.Typer(no_args_is_help=True, help="Excel templates partners fill in.")
app.add_typer(template_app, name="template")


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    code: Annotated[str, typer.Option("--code", help="Short code (slug), e.g. nrc.")],
    type_: Annotated[str, typer.Option("--type", help="un | ingo | ngo | government | donor")],
    as_json: JsonOption = False,
) -> None:
    """Register an organisation (running it again updates the name and type)."""
    ready()
    from trayecto.web.response.services import organization_register

    try:
        organization, created = organization_register(name=name, code=code, type_=type_)
    except ValueError as exc:
        raise usage_error(str(exc)) from exc
    result = {"code": organization.code, "name": organization.name, "type": organization.type,
              "created": created}  # fmt: skip
    if as_json:
        emit_json(result)
    else:
        out.print(f"{'created' if created else 'updated'}: {organization.code} {organization.name}")


@template_app.command("5w")
def template_5w(
    period: Annotated[str, typer.Option("--period", help="Month reported, YYYY-MM.")],
    org: Annotated[str, typer.Option("--org", help="The organisation's code.")],
    out_path: Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")],
    prefill: Annotated[
        bool, typer.Option("--prefill", help="Lines of the last approved report, recurrent.")
    ] = False,
    prefill_plan: Annotated[
        bool,
        typer.Option(
            "--prefill-plan", help="Lines of the organisation's planned activities, counts empty."
        ),
    ] = False,
) -> None:
    """Write the monthly 5W workbook for one organisation (dropdowns, hidden HXL row)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    if prefill and prefill_plan:
        raise usage_error("choose --prefill or --prefill-plan, not both")
    ready()
    from trayecto.reports.five_w_template import write_five_w_template
    from trayecto.web.accounts.models import Organization
    from trayecto.web.response.selectors import (
        plan_prefill_lines,
        prefill_lines,
        template_municipalities,
    )

    municipalities = template_municipalities(warehouse())
    if not municipalities:
        err.print("[red]error:[/red] import the geography first (trayecto import divipola ...)")
        raise typer.Exit(1)
    organization = Organization.objects.filter(code=org).first()
    if organization is None:
        raise usage_error(f"unknown organisation {org!r}: add it with `trayecto org add`")
    lines = prefill_lines(organization=organization, month=period) if prefill else []
    if prefill_plan:
        lines = plan_prefill_lines(
            organization=organization, month=period, municipalities=municipalities
        )
    write_five_w_template(
        out_path, period=period, org_code=org, municipalities=municipalities, prefill=lines
    )
    err.print(f"written: {out_path}")


@app.command()
def reach(
    period: Annotated[str, typer.Option("--period", help="Cumulative up to YYYY-MM.")],
    level: Annotated[str, typer.Option(help="nation | department | municipality")] = "nation",
    status: Annotated[
        str, typer.Option(help="Count reports at this status or further.")
    ] = "published",
    rule: Annotated[
        str | None,
        typer.Option(
            help="Consolidation rule: max_activity_then_sum_municipality, max_department, "
            "max_site or sum_new (default: the configured one)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """People reached without double counting, from January of the plan year to PERIOD."""
    from trayecto.analytics.reach import LEVELS
    from trayecto.domain.five_w import ConsolidationRule, Status

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    if level not in LEVELS:
        raise usage_error(f"--level must be one of {', '.join(LEVELS)}")
    if status not in {s.value for s in Status} - {"draft", "rejected"}:
        raise usage_error("--status must be submitted, validated, approved or published")
    if rule is not None and rule not in {r.value for r in ConsolidationRule}:
        raise usage_error(f"--rule must be one of {', '.join(r.value for r in ConsolidationRule)}")
    ready()
    from trayecto.web.response.selectors import reach_figures

    figures = reach_figures(
        warehouse=warehouse(), period=period, level=level, status=Status(status),
        rule=ConsolidationRule(rule) if rule else None,
    )  # fmt: skip
    if as_json:
        emit_json(figures)
        return
    table = Table("area", "name", "people reached", title=f"Reach {period} ({status}+)")
    for figure in figures:
        table.add_row(figure["area_code"], figure["area_name"], f"{figure['value']:,}")
    out.print(table)


@app.command()
def snapshot(as_json: JsonOption = False) -> None:
    """Rebuild the published 5W lines (warehouse table five_w_line) from the database, for
    recovery; approvals, publications and reopenings update it report by report."""
    ready()
    from trayecto.web.response.services import snapshot_publish
    from trayecto.web.response.snapshot import snapshot_summary

    summary = snapshot_summary(warehouse(), snapshot_publish(warehouse=warehouse()))
    if as_json:
        emit_json(summary)
        return
    out.print(f"five_w_line v{summary['manifest_version']}: {summary['rows']:,} rows, "
              f"{summary['reports']:,} reports in {summary['months']:,} months")  # fmt: skip


@app.command()
def reminders(
    on: Annotated[
        str | None, typer.Option("--date", help="As of this day, YYYY-MM-DD (default today).")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="Mail each partner focal point its reminders.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Partners × periods whose 5W report is due soon, due today or overdue (not submitted)."""
    from datetime import date

    try:
        today = date.fromisoformat(on) if on else None
    except ValueError as exc:
        raise usage_error("--date must be YYYY-MM-DD") from exc
    ready()
    from trayecto.web.response.selectors import local_today, reminders_due
    from trayecto.web.response.services import reminders_send

    today = today or local_today()
    due = reminders_due(today=today)
    result: dict[str, Any] = {"date": today.isoformat(), "reminders": due}
    if send:
        result.update(reminders_send(reminders=due))
    if as_json:
        emit_json(result)
        return
    table = Table(
        "organisation", "period", "due", "reminder", title=f"5W reminders {result['date']}"
    )
    for row in due:
        table.add_row(row["organization"], row["period"], row["due"], row["reminder"])
    out.print(table)
    for mail in result.get("sent", []):
        err.print(f"sent to {mail['to']} ({mail['organization']}): {', '.join(mail['periods'])}")
    for missing in result.get("no_email", []):
        err.print(
            f"[yellow]no email[/yellow] for {missing['username']} ({missing['organization']})"
        )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
