"""`trayecto org|template|reach|snapshot|reminders`: the partner 5W cycle from the shell."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from trayecto.cli.console import (
    EngineOption,
    JsonOption,
    emit_json,
    err,
    on_engine,
    out,
    usage_error,
    warehouse,
)
from trayecto.web.commands.start import ready

org_app = typer.Typer(no_args_is_help=True, help="Organisations (partners, agencies, donors).")
template_app = typer.Typer(no_args_is_help=True, help="Excel templates partners fill in.")


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    code: Annotated[str, typer.Option("--code", help="Short code (slug), e.g. nrc.")],
    type_: Annotated[str, typer.Option("--type", help="un | ingo | ngo | government | donor")],
    as_json: JsonOption = False,
) -> None:
    """Register an organisation (running it again updates the name and type)."""
    ready()
    from trayecto.web.accounts.selectors import organization_by_code
    from trayecto.web.accounts.services import organization_upsert

    existing = organization_by_code(code)
    try:  # an update keeps the demo mark (demo data stays labelled as such)
        organization = organization_upsert(
            code=code, name=name, type=type_, is_demo=existing is not None and existing.is_demo
        )
    except ValueError as exc:
        raise usage_error(str(exc)) from exc
    result = {"code": organization.code, "name": organization.name, "type": organization.type,
              "created": existing is None}  # fmt: skip
    if as_json:
        emit_json(result)
    else:
        done = "created" if existing is None else "updated"
        out.print(f"{done}: {organization.code} {organization.name}")


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
    from trayecto.web.accounts.selectors import organization_by_code
    from trayecto.web.response.selectors.places import template_municipalities
    from trayecto.web.response.selectors.prefill import plan_prefill_lines, prefill_lines

    municipalities = template_municipalities(warehouse())
    if not municipalities:
        err.print("[red]error:[/red] import the geography first (trayecto import divipola ...)")
        raise typer.Exit(1)
    organization = organization_by_code(org)
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


@template_app.command("5w-form")
def template_5w_form(
    out_path: Annotated[Path, typer.Option("--out", help="The XLSForm (.xlsx) to write.")],
    period: Annotated[
        str | None, typer.Option("--period", help="Default month of the answers, YYYY-MM.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Default organisation of the answers (code).")
    ] = None,
) -> None:
    """Write the 5W as an XLSForm for KoboToolbox/ODK: organisation and month, then a repeat
    group of activity lines (docs/formats/five-w-form.md)."""
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    ready()
    from trayecto.reports.five_w_form import write_five_w_form
    from trayecto.web.accounts.selectors import organization_by_code, organization_choices
    from trayecto.web.response.selectors.places import template_municipalities

    municipalities = template_municipalities(warehouse())
    if not municipalities:
        err.print("[red]error:[/red] import the geography first (trayecto import divipola ...)")
        raise typer.Exit(1)
    if org is not None and organization_by_code(org) is None:
        raise usage_error(f"unknown organisation {org!r}: add it with `trayecto org add`")
    write_five_w_form(
        out_path,
        municipalities=municipalities,
        organizations=organization_choices(),
        period=period or "",
        org_code=org or "",
    )
    err.print(f"written: {out_path}")


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
    engine: EngineOption = None,
    as_json: JsonOption = False,
) -> None:
    """People reached without double counting, from January of the plan year to PERIOD."""
    from trayecto.domain.five_w import REACH_LEVELS, ConsolidationRule, Status

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise usage_error("--period must be YYYY-MM")
    if level not in REACH_LEVELS:
        raise usage_error(f"--level must be one of {', '.join(REACH_LEVELS)}")
    if status not in {s.value for s in Status} - {"draft", "rejected"}:
        raise usage_error("--status must be submitted, validated, approved or published")
    if rule is not None and rule not in {r.value for r in ConsolidationRule}:
        raise usage_error(f"--rule must be one of {', '.join(r.value for r in ConsolidationRule)}")
    ready()
    from trayecto.web.response.selectors.reach import reach_figures

    with on_engine(engine):
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


def snapshot(as_json: JsonOption = False) -> None:
    """Rebuild the published 5W lines (warehouse table five_w_line) from the database, for
    recovery; approvals, publications and reopenings update it report by report."""
    ready()
    from trayecto.web.response.selectors.snapshot import snapshot_summary
    from trayecto.web.response.services.snapshot import snapshot_publish

    summary = snapshot_summary(warehouse(), snapshot_publish(warehouse=warehouse()))
    if as_json:
        emit_json(summary)
        return
    out.print(f"five_w_line v{summary['manifest_version']}: {summary['rows']:,} rows, "
              f"{summary['reports']:,} reports in {summary['months']:,} months")  # fmt: skip


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
    from trayecto.web.response.selectors.monitoring import local_today, reminders_due
    from trayecto.web.response.services.reminders import reminders_send

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


def register(app: typer.Typer) -> None:
    """Add this topic's commands to the `trayecto` application."""
    app.add_typer(org_app, name="org")
    app.add_typer(template_app, name="template")
    app.command()(reach)
    app.command()(snapshot)
    app.command()(reminders)
