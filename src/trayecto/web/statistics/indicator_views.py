"""Indicator explorer, methodology pages and ETC pages. Official aggregates are public;
school-level rows (level sede) only for the roles and territories that may see them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page

from trayecto.analytics import estimates, registry
from trayecto.domain.indicators import LEVELS
from trayecto.reports import indicator_chart, indicator_export
from trayecto.web.accounts import access
from trayecto.web.api.indicators import page_download_links
from trayecto.web.statistics import explorer, selectors
from trayecto.web.statistics.forms import explorer_filters
from trayecto.web.statistics.labels import (
    GROUP_LABELS,
    METHOD_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
)
from trayecto.web.statistics.numbers import decimals_for, number_text

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-excel": ("text/csv; charset=utf-8", "excel-es.csv"),
    "hxl": ("text/csv; charset=utf-8", "hxl.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


FLAG_LABELS = {
    "incomplete": _("incompleto"),
    "over_100": _("> 100"),
    "estimated": _("estimado"),
    "outlier": _("atípico"),
    "identity": _("identidad ≠ 100"),
    "missing_area": _("sin dato"),
    "negative": _("negativo"),
    "differs": _("≠ publicado"),
    "synthetic": _("SINTÉTICO"),
    "publisher_inconsistency": _("MEN se contradice"),
}
FLAG_HELP = {
    "synthetic": _(
        "Datos por sede SINTÉTICOS de la demostración, no reales: reproducen los totales "
        "municipales MEN 2025 (sedes y matrícula por sector y zona)."
    ),
    "incomplete": _("Algunas unidades del área no tienen dato: el agregado es parcial."),
    "over_100": _(
        "Cobertura > 100: la matrícula se cuenta donde está la sede y la población "
        "donde vive la gente."
    ),
    "estimated": _("Valor estimado a pedido, no observado."),
    "outlier": _("Cambio anual atípico (puntaje z modificado > 3,5)."),
    "identity": _("Aprobación + reprobación + deserción no suman 100."),
    "missing_area": _("MEN lista este municipio este año pero no tiene valor."),
    "negative": _("Negativo: la matrícula supera la población residente."),
    "differs": _(
        "El valor recalculado difiere de la cifra publicada por MEN (p. ej. la serie "
        "departamental 2011–2015 se calculó con otro método)."
    ),
    "publisher_inconsistency": _(
        "Las propias tablas de MEN no coinciden: la cifra departamental que publica MEN "
        "difiere de sus cifras municipales re-agregadas con sus mismos pesos (todos los "
        "municipios presentes). Se muestran ambas: «Publicado» y «Valor»."
    ),
}


def shows_school_level_rows(filters: explorer.ExplorerFilters) -> bool:
    """Level sede of an indicator computed per sede (coverage, say, only explains why not)."""
    if filters.level != "sede":
        return False
    indicator = registry.get(filters.code)  # the filters only keep codes of the registry
    return "sede" in indicator.levels or bool(indicator.school_level)


def indicators_view(request: HttpRequest) -> HttpResponseBase:
    filters, download, view = explorer_filters(request.GET)
    if shows_school_level_rows(filters) and not access.can_view_school_level_area(
        request.user, filters.area, selectors.latest_etc_code, selectors.etc_municipality_codes
    ):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(access.school_level_refusal(request.user, selectors.area_name))
    result = explorer.explore(filters)
    if download:
        return download_view(request, result, download)
    # The gap report and the downloads cover every row of the filters; the page shows one
    # page of them, so that its size and time never grow with the country.
    page = Paginator(explorer.ordered_rows(result, view.order), explorer.PAGE_SIZE).get_page(
        view.page
    )
    english = (get_language() or "es").startswith("en")
    charts = explorer.charts(result, chart_labels(), english=english)
    grouped: dict[str, list[object]] = {}
    for indicator in registry.indicators().values():
        grouped.setdefault(indicator.family, []).append(indicator)
    return render(
        request,
        "statistics/indicators/explorer.html",
        {
            "result": result,
            "charts": charts,
            "chart_title": result.indicator.name("en" if english else "es"),
            "rows": table_rows(result, page.object_list, english=english),
            "page": page,
            "shown": {
                name: number_text(count, decimals=0, spanish=not english)
                for name, count in (
                    ("first", page.start_index()),
                    ("last", page.end_index()),
                    ("total", page.paginator.count),
                )
            },
            "order": view.order,
            "filters": filters,
            "families": grouped,
            "levels": LEVELS,
            "methods": [(m, METHOD_LABELS[m]) for m in estimates.METHODS],
            "unit_label": result.indicator.unit_label("en" if english else "es"),
            "estimate_label": METHOD_LABELS.get(filters.estimate, ""),
            "english": english,
            # the glossary names each flag as the table shows it, never by its code
            "flag_help": [(kind, FLAG_LABELS[kind], text) for kind, text in FLAG_HELP.items()],
            # the gap report in the user's words, not the report's flag codes
            "gap_counts": [
                (FLAG_LABELS.get(kind, kind), count)
                for kind, count in sorted(result.gap_counts.items())
            ],
            "has_group": explorer.has_group(result.indicator),
            "groups": GROUP_LABELS,
            "sexes": SEX_LABELS,
            "area_choices": explorer.area_choices(),
            "versioned": versioned_links(request, result),
        },
    )


def versioned_links(request: HttpRequest, result: explorer.ExplorerResult) -> dict[str, str]:
    """The API's fixed-version downloads of these rows (estimates are not stored: none)."""
    f = result.filters
    if f.estimate:
        return {}
    return page_download_links(
        request, result.rows, code=f.code, level=f.level, area=f.area, year=f.year, sex=f.sex,
        group=f.group,
    )  # fmt: skip


def chart_labels() -> indicator_chart.ChartLabels:
    """The words of the charts in the active language."""
    return indicator_chart.ChartLabels(
        area=str(_("área")),
        year=str(_("año")),
        value=str(_("valor")),
        status=str(_("estado")),
        published=str(_("publicado")),
        code=str(_("código")),
        name=str(_("nombre")),
        statuses={key: str(label) for key, label in STATUS_LABELS.items()},
    )


def table_rows(
    result: explorer.ExplorerResult, rows: Iterable[dict[str, Any]], *, english: bool
) -> list[dict[str, Any]]:
    """The rows of one page, with their numbers formatted and links resolved here, once, and
    not cell by cell in the template (which took 93 % of a large table's time)."""
    decimals = decimals_for(result.indicator.unit)
    level = result.filters.level
    link = {"sede": "sede", "etc": "etc"}.get(level)
    return [
        {
            **r,
            "link": reverse(link, args=[r["area_code"]]) if link else "",
            "value_text": number_text(r["value"], decimals=decimals, spanish=not english),
            "status_text": STATUS_LABELS.get(r["provenance"]["status"], r["provenance"]["status"]),
            "published_text": number_text(
                r["published_value"], decimals=decimals, spanish=not english
            ),
            "difference_text": number_text(r["difference"], decimals=decimals, spanish=not english),
            "distribution_text": " · ".join(
                f"{phase if english else phase.replace('.', ',')}: {count}"
                for phase, count in r.get("distribution", {}).items()
            ),
            "flags": [
                (kind, FLAG_LABELS.get(kind, kind))
                for kind in result.flags.get((r["area_code"], r["year"]), [])
            ],
        }
        for r in rows
    ]


def download_view(
    request: HttpRequest, result: explorer.ExplorerResult, kind: str
) -> HttpResponseBase:
    """CSV and HXL stream every row, compressed when the browser accepts it: a download holds
    public figures (or school-level ones for those allowed) and no secret or CSRF token, so
    compression leaks nothing (BREACH needs both). XLSX is a zip already."""
    response = download_response(result, kind)
    if kind == "xlsx":
        return response
    return compressed(request, response)


@gzip_page
def compressed(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    return response


def download_response(result: explorer.ExplorerResult, kind: str) -> HttpResponseBase:
    filters = result.filters
    name = "_".join(
        str(part)
        for part in (
            filters.code,
            filters.level,
            filters.area,
            filters.year,
            filters.sex,
            filters.group,
            filters.estimate,
        )
        if part
    )
    content_type, extension = DOWNLOADS[kind]
    response: HttpResponseBase
    if kind == "xlsx":
        body = indicator_export.to_xlsx(explorer.export_rows(result), result.indicator, title=name)
        response = HttpResponse(body, content_type=content_type)
    else:
        rows = explorer.export_rows(result)
        chunks = (
            indicator_export.excel_csv_chunks(rows)
            if kind == "csv-excel"
            else indicator_export.csv_chunks(
                rows, hxl_level=filters.level if kind == "hxl" else None
            )
        )
        response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def methodology_index_view(request: HttpRequest) -> HttpResponse:
    grouped: dict[str, list[object]] = {}
    for indicator in registry.indicators().values():
        grouped.setdefault(indicator.family, []).append(indicator)
    return render(
        request,
        "statistics/indicators/methodology_index.html",
        {"families": grouped, "english": (get_language() or "es").startswith("en")},
    )


def methodology_view(request: HttpRequest, code: str) -> HttpResponse:
    try:
        context = explorer.methodology(code)
    except registry.UnknownIndicator:
        raise Http404(code) from None
    context["english"] = (get_language() or "es").startswith("en")
    context["unit_label"] = context["indicator"].unit_label("en" if context["english"] else "es")
    return render(request, "statistics/indicators/methodology.html", context)


def etc_view(request: HttpRequest, code: str) -> HttpResponse:
    context = explorer.etc_page(code)
    if context is None:
        raise Http404(code)
    context["area_code"] = code
    context["school_level"] = access.can_view_school_level_area(
        request.user, code, selectors.latest_etc_code, selectors.etc_municipality_codes
    )
    return render(request, "statistics/indicators/etc.html", context)
