"""Indicator explorer, methodology pages and ETC pages. Official aggregates are public;
school-level rows (level sede) only for the roles and territories that may see them."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trayecto.analytics import estimates, registry
from trayecto.domain.indicators import LEVELS
from trayecto.reports import indicator_export
from trayecto.web.accounts import access
from trayecto.web.statistics import explorer, selectors
from trayecto.web.statistics.forms import explorer_filters

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
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


GROUP_LABELS = {
    "COL": _("Colombianos (comunidad de acogida)"),
    "VEN": _("Venezolanos (migrantes)"),
    "OTH": _("Otra nacionalidad"),
}


SCHOOL_LEVEL_REFUSED = _(
    "Los datos por sede son datos a nivel de escuela: solo para el equipo de manejo de "
    "información, la coordinación GEL de su departamento y la Secretaría de Educación de su "
    "ETC. Elija un departamento o municipio de su territorio, o un nivel agregado."
)


def shows_school_level_rows(filters: explorer.ExplorerFilters) -> bool:
    """Level sede of an indicator computed per sede (coverage, say, only explains why not)."""
    if filters.level != "sede":
        return False
    indicator = registry.get(filters.code)  # the filters only keep codes of the registry
    return "sede" in indicator.levels or bool(indicator.school_level)


def indicators_view(request: HttpRequest) -> HttpResponse:
    filters, download = explorer_filters(request.GET)
    if shows_school_level_rows(filters) and not access.can_view_school_level_area(
        request.user, filters.area, selectors.latest_etc_code
    ):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(SCHOOL_LEVEL_REFUSED)
    result = explorer.explore(filters)
    if download:
        return download_response(result, download)
    rows = [
        {
            **r,
            "flags": [
                (kind, FLAG_LABELS.get(kind, kind))
                for kind in result.flags.get((r["area_code"], r["year"]), [])
            ],
        }
        for r in result.rows
    ]
    grouped: dict[str, list[object]] = {}
    for indicator in registry.indicators().values():
        grouped.setdefault(indicator.family, []).append(indicator)
    return render(
        request,
        "statistics/indicators/explorer.html",
        {
            "result": result,
            "rows": rows,
            "filters": filters,
            "families": grouped,
            "levels": LEVELS,
            "methods": estimates.METHODS,
            "query": request.GET.urlencode(),
            "english": (get_language() or "es").startswith("en"),
            # the glossary names each flag as the table shows it, never by its code
            "flag_help": [(kind, FLAG_LABELS[kind], text) for kind, text in FLAG_HELP.items()],
            # the gap report in the user's words, not the report's flag codes
            "gap_counts": [
                (FLAG_LABELS.get(kind, kind), count)
                for kind, count in sorted(result.gap_counts.items())
            ],
            "has_group": explorer.has_group(result.indicator),
            "groups": GROUP_LABELS,
            "area_choices": explorer.area_choices(),
        },
    )


def download_response(result: explorer.ExplorerResult, kind: str) -> HttpResponse:
    rows = explorer.export_rows(result)
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
    if kind == "xlsx":
        body = indicator_export.to_xlsx(rows, result.indicator, title=name)
    else:
        body = indicator_export.to_csv(rows, hxl_level=filters.level if kind == "hxl" else None)
    content_type, extension = DOWNLOADS[kind]
    response = HttpResponse(body, content_type=content_type)
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
    return render(request, "statistics/indicators/methodology.html", context)


def etc_view(request: HttpRequest, code: str) -> HttpResponse:
    context = explorer.etc_page(code)
    if context is None:
        raise Http404(code)
    return render(request, "statistics/indicators/etc.html", context)
