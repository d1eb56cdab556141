"""`trayecto report ...`: documents generated on demand. One Typer group, `report`, that
each document adds its command to (`report etc` here; `report bulletin` joins the same
group): `report_app.command("bulletin")(...)` in its own module, registered the same way."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from trayecto.cli.console import JsonOption, emit_json, err, out, usage_error, warehouse
from trayecto.web.commands.start import ready

report_app = typer.Typer(help="Reports: the ETC analysis report (HTML, PDF, XLSX).")
FORMATS = ("html", "pdf", "xlsx")
LANGUAGES = ("es", "en")
# The options every report takes (`report etc`, `report department`), as `console.JsonOption`.
YearOption = Annotated[int, typer.Option("--year", help="Year of the analysis.")]
FormatOption = Annotated[str, typer.Option("--format", help=" | ".join(FORMATS))]
OutOption = Annotated[Path | None, typer.Option("--out", help="File to write.")]
LanguageOption = Annotated[str, typer.Option("--lang", help=" | ".join(LANGUAGES))]


@report_app.command("etc")
def report_etc(
    code: Annotated[str, typer.Argument(help="ETC code (MEN), e.g. 3798.")],
    year: YearOption,
    output_format: FormatOption = "pdf",
    out_file: OutOption = None,
    language: LanguageOption = "es",
    as_json: JsonOption = False,
) -> None:
    """The analysis report of one ETC: demand, supply, gaps, trend, needs, cooperation."""
    write_report("etc", code, year, output_format, out_file, language, as_json)


@report_app.command("department")
def report_department(
    code: Annotated[str, typer.Argument(help="DANE department code, e.g. 52.")],
    year: YearOption,
    output_format: FormatOption = "pdf",
    out_file: OutOption = None,
    language: LanguageOption = "es",
    as_json: JsonOption = False,
) -> None:
    """The same analysis report for a department (all its municipalities, whichever ETC)."""
    write_report("department", code, year, output_format, out_file, language, as_json)


def write_report(
    kind: str,
    code: str,
    year: int,
    output_format: str,
    out_file: Path | None,
    language: str,
    as_json: bool,
) -> None:
    from trayecto.analytics import compute, etc_report
    from trayecto.reports import etc_report as render

    if output_format not in FORMATS:
        raise usage_error(f"--format must be one of {', '.join(FORMATS)}")
    if language not in LANGUAGES:
        raise usage_error(f"--lang must be one of {', '.join(LANGUAGES)}")
    if not 2000 <= year <= 2100:
        raise usage_error("--year must be a year between 2000 and 2100")
    prefix = "informe_etc" if kind == "etc" else "informe_departamento"
    target = out_file or Path(f"{prefix}_{code}_{year}.{output_format}")
    ready()
    from trayecto.web.emergencies.protected import protected_environment

    start = time.perf_counter()
    try:
        protected = protected_environment(year)  # the emergencies recorded in the web app
        if kind == "etc":
            data = etc_report.gather(warehouse(), code, year, protected)
        else:
            data = etc_report.gather_department(warehouse(), code, year, protected)
    except (etc_report.UnknownEtc, etc_report.UnknownDepartment) as exc:
        raise usage_error(str(exc.args[0])) from exc
    except compute.MissingData as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if output_format == "html":
        target.write_text(render.render_html(data, language), encoding="utf-8")
    elif output_format == "pdf":
        target.write_bytes(render.render_pdf(data, language))
    else:
        render.render_xlsx(data, target, language)
    missing = {
        key: data[key]["missing"]
        for key in ("institutional", "trend", "needs", "supply", "cooperation")
        if data[key]["missing"]
    }
    summary = {
        kind: data["etc"] if kind == "etc" else data["area"],
        "year": year,
        "format": output_format,
        "file": str(target),
        "kb": round(target.stat().st_size / 1024, 1),
        "seconds": round(time.perf_counter() - start, 2),
        "manifest_version": data["manifest_version"],
        "missing": missing,
    }
    if as_json:
        emit_json(summary)
        return
    out.print(f"{target} ({summary['kb']} KB, {summary['seconds']} s)")
    for key, items in missing.items():
        for item in items:
            err.print(f"[yellow]missing[/yellow] {key}: {item}")


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
