"""No input gives a 500: hypothesis drives every view's query parameters and form fields.

Every URL pattern of the site (Django's admin aside) is listed in PARAMETERS with the names
its view reads; a test fails when a new pattern is added without its entry. Each view is
then called, as a national IM officer and as a partner, with generated values: hostile
periods and years, template syntax, huge and signed numbers, NUL bytes, long text.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.plan_services import etpv_plan_ensure
from trayecto.web.coordination.services import workspaces_ensure_priority
from trayecto.web.emergencies.models import Event

GET, POST = "GET", "POST"
EVENT_FILTERS = ("estado", "tipo", "departamento", "anio")
EVENT_FIELDS = ("tipo", "subtipo", "titulo", "fecha", "fecha_fin", "departamentos", "municipios",
                "fuente", "narrativa", "dias_alerta")  # fmt: skip
NEEDS_RUN_FIELDS = ("name", "year", "access", "learning_conditions", "aggravating",
                    "aggravating_raises_from", "learning_in_need_from",
                    "migrant_school_age_share", "migrant_out_of_school_rate")  # fmt: skip
SEDE_FIELDS = ("codigo_dane", "sede", "municipio", "severidad", "dano", "aulas_afectadas",
               "albergue", "ocupada", "materiales_perdidos", "reabierta", "dias_perdidos",
               "matricula", "estudiantes_mujeres", "estudiantes_hombres", "docentes_mujeres",
               "docentes_hombres", "latitud", "longitud")  # fmt: skip
# url name -> (method, path with {pk}/{code} placeholders, parameter names the view reads)
PARAMETERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "home": (GET, "/", ()),
    "indicators": (
        GET, "/indicadores/",
        ("indicador", "nivel", "area", "anio", "sexo", "grupo", "estimar", "formato"),
    ),
    "methodology-index": (GET, "/metodologia/", ()),
    "methodology": (GET, "/metodologia/{slug}/", ()),
    "etc": (GET, "/etc/{slug}/", ()),
    "priority-map-data": (GET, "/mapa/prioritarios.json", ()),
    "department": (GET, "/departamento/{code}/", ()),
    "municipality": (GET, "/municipio/{code}/", ()),
    "sede": (GET, "/sede/154001000123/", ()),
    "organization": (GET, "/organizacion/{slug}/", ()),
    "login": (POST, "/accounts/login/", ("username", "password", "next")),
    "logout": (POST, "/accounts/logout/", ()),
    "set_language": (POST, "/i18n/setlang/", ("language", "next")),
    "response:list": (GET, "/5w/", ()),
    "response:upload": (POST, "/5w/subir/", ("org", "period", "dry_run")),
    "response:upload-progress": (GET, "/5w/subir/{slug}/", ()),
    "response:upload-confirm": (POST, "/5w/subir/confirmar/", ("token",)),
    "response:template": (GET, "/5w/plantilla/", ("org", "period", "prefill")),
    "response:form": (GET, "/5w/formulario.xlsx", ("org", "period")),
    "response:copy-last-month": (POST, "/5w/copiar-mes-anterior/", ("org", "period")),
    "response:review": (GET, "/5w/revision/", ()),
    "response:bulk-approve": (POST, "/5w/revision/aprobar/", ("submission",)),
    "response:period-lock": (POST, "/5w/periodo/{code}/cierre/", ("reason", "lock")),
    "response:dashboard": (
        GET, "/5w/alcance/",
        ("period", "department", "municipality", "org", "activity", "group", "sex", "age",
         "rows", "columns"),
    ),
    "response:dashboard-map": (GET, "/5w/alcance/mapa.json", ("period", "department", "org")),
    "response:export-xlsx": (GET, "/5w/exportar.xlsx", ()),
    "response:pivot-xlsx": (GET, "/5w/alcance/tabla.xlsx", ("period", "rows", "columns", "sex")),
    "response:export-hxl": (GET, "/5w/exportar-hxl.csv", ()),
    "response:export-activityinfo": (
        GET, "/5w/exportar-activityinfo.xlsx", ("period", "department", "org")
    ),
    "response:export-activityinfo-csv": (
        GET, "/5w/exportar-activityinfo.csv", ("period", "municipality", "activity")
    ),
    "response:completeness": (GET, "/5w/completitud/", ("year",)),
    "response:plans": (
        POST, "/5w/plan/",
        ("year", "org", "activity", "department", "municipality", "group", "planned"),
    ),
    "response:plan-delete": (POST, "/5w/plan/{pk}/borrar/", ()),
    "response:bulk-publish": (POST, "/5w/revision/publicar/", ("submission",)),
    "response:line-places": (GET, "/5w/lineas/lugares/", ("department", "municipality")),
    "response:line-add": (
        POST, "/5w/{pk}/lineas/nueva/",
        ("department", "municipality", "sede", "activity", "population_group",
         "beneficiary_type", "beneficiaries", "quantity", "cell:f:6-11", "of:discapacidad"),
    ),
    "response:line-edit": (
        POST, "/5w/{pk}/lineas/{pk}/",
        ("department", "municipality", "activity", "beneficiaries", "cell:m:12-17"),
    ),
    "response:line-delete": (POST, "/5w/{pk}/lineas/{pk}/borrar/", ()),
    "response:detail": (GET, "/5w/{pk}/", ()),
    "response:action": (POST, "/5w/{pk}/{slug}/", ("comment",)),
    "coordination:list": (GET, "/coordinacion/", ()),
    "coordination:list-xlsx": (GET, "/coordinacion/gel.xlsx", ()),
    "coordination:open": (POST, "/coordinacion/abrir/", ("department_code", "name")),
    "coordination:workspace": (GET, "/coordinacion/{code}/", ()),
    "coordination:members-xlsx": (GET, "/coordinacion/{code}/organizaciones.xlsx", ()),
    "coordination:reports-xlsx": (GET, "/coordinacion/{code}/informes.xlsx", ()),
    "coordination:report-start": (POST, "/coordinacion/{code}/informes/nuevo/", ("period",)),
    "coordination:report": (
        POST, "/coordinacion/{code}/informes/{slug}/",
        ("summary", "achievements", "challenges", "next_steps"),
    ),
    "coordination:report-action": (
        POST, "/coordinacion/{code}/informes/2026-03/{slug}/", ("comment",),
    ),
    "coordination:meeting-new": (
        POST, "/coordinacion/{code}/reuniones/nueva/", ("held_on", "title", "notes", "attendees"),
    ),
    "coordination:meetings-xlsx": (GET, "/coordinacion/{code}/reuniones.xlsx", ()),
    "coordination:meeting": (GET, "/coordinacion/{code}/reuniones/{pk}/", ()),
    "coordination:decision-add": (
        POST, "/coordinacion/{code}/reuniones/{pk}/decisiones/", ("text",),
    ),
    "coordination:follow-up-add": (
        POST, "/coordinacion/{code}/reuniones/{pk}/compromisos/",
        ("text", "organization", "due_date"),
    ),
    "coordination:follow-up-done": (POST, "/coordinacion/compromisos/{pk}/cumplido/", ()),
    "coordination:announcements": (
        POST, "/coordinacion/anuncios/", ("title", "body", "workspaces"),
    ),
    "coordination:announcements-xlsx": (GET, "/coordinacion/anuncios.xlsx", ()),
    "coordination:accountability": (GET, "/coordinacion/rendicion/", ("year",)),
    "coordination:accountability-xlsx": (GET, "/coordinacion/rendicion.xlsx", ("year",)),
    "coordination:bulletins": (
        POST, "/coordinacion/boletines/", ("period", "department", "format"),
    ),
    "coordination:bulletins-xlsx": (GET, "/coordinacion/boletines.xlsx", ()),
    "coordination:bulletin-file": (GET, "/coordinacion/boletines/{pk}/archivo/", ()),
    "coordination:bulletin-rebuild": (POST, "/coordinacion/boletines/{pk}/reconstruir/", ()),
    "coordination:plans": (
        POST, "/coordinacion/planes/", ("code", "name", "description", "workspace"),
    ),
    "coordination:plans-xlsx": (GET, "/coordinacion/planes.xlsx", ()),
    "coordination:donors": (GET, "/coordinacion/donantes/", ("period",)),
    "coordination:donors-xlsx": (GET, "/coordinacion/donantes.xlsx", ("period",)),
    "coordination:plan": (GET, "/coordinacion/planes/etpv/", ()),
    "coordination:plan-xlsx": (GET, "/coordinacion/planes/etpv/plan.xlsx", ()),
    "coordination:plan-import": (POST, "/coordinacion/planes/etpv/importar/", ("file", "dry_run")),
    "coordination:action-new": (
        POST, "/coordinacion/planes/etpv/acciones/nueva/",
        ("code", "title", "lead", "supporting", "department", "etc_code", "municipality",
         "start_date", "due_date", "indicator", "unit", "baseline", "target"),
    ),
    "coordination:action": (GET, "/coordinacion/planes/etpv/acciones/{pk}/", ()),
    "coordination:action-status": (
        POST, "/coordinacion/planes/etpv/acciones/{pk}/estado/", ("status",),
    ),
    "coordination:action-progress": (
        POST, "/coordinacion/planes/etpv/acciones/{pk}/avance/", ("on", "value", "note"),
    ),
    "coordination:action-comment": (
        POST, "/coordinacion/planes/etpv/acciones/{pk}/comentario/", ("text",),
    ),
    "needs:list": (POST, "/necesidades/", NEEDS_RUN_FIELDS),
    "needs:detail": (GET, "/necesidades/{pk}/", ("departamento",)),
    "needs:compare": (GET, "/necesidades/comparar/", ("a", "b", "departamento")),
    "needs:supply": (GET, "/necesidades/oferta/", ("departamento", "anio", "urbana", "rural")),
    "needs:etc-report": (
        GET, "/necesidades/informe-etc/", ("etc", "departamento", "anio", "formato", "idioma"),
    ),
    "needs:publish": (POST, "/necesidades/{pk}/publicar/", ()),
    "needs:sede-ranking": (
        GET, "/necesidades/oferta/sedes/",
        ("departamento", "municipio", "anio", "urbana", "rural", "pagina", "formato"),
    ),
    "api-tokens": (POST, "/cuenta/tokens/", ("name", "expires_days")),
    "api-token-revoke": (POST, "/cuenta/tokens/{pk}/revocar/", ()),
    "emergencies:list": (GET, "/emergencias/", EVENT_FILTERS),
    "emergencies:list-map": (GET, "/emergencias/mapa.json", EVENT_FILTERS),
    "emergencies:create": (POST, "/emergencias/nueva/", EVENT_FIELDS),
    "emergencies:detail": (GET, "/emergencias/{pk}/", ("pagina", "sin_respuesta")),
    "emergencies:edit": (POST, "/emergencias/{pk}/editar/", EVENT_FIELDS),
    "emergencies:status": (POST, "/emergencias/{pk}/estado/", ("estado", "nota")),
    "emergencies:upload": (POST, "/emergencias/{pk}/lista/", ("solo_validar",)),
    "emergencies:map": (GET, "/emergencias/{pk}/mapa.json", ()),
    "emergencies:template": (GET, "/emergencias/{pk}/plantilla.xlsx", ()),
    "emergencies:export": (GET, "/emergencias/{pk}/sedes/", ("formato",)),
    "emergencies:sede-create": (POST, "/emergencias/{pk}/sedes/nueva/", SEDE_FIELDS),
    "emergencies:sede-edit": (POST, "/emergencias/{pk}/sedes/{pk}/", SEDE_FIELDS),
    "emergencies:assessment-form": (GET, "/emergencias/{pk}/evaluacion.xlsx", ()),
    "emergencies:assessment-upload": (POST, "/emergencias/{pk}/evaluaciones/", ("solo_validar",)),
    "trajectory:flows": (GET, "/trayectorias/", ("area", "anio", "pagina")),
    "trajectory:early-warning": (GET, "/trayectorias/alerta/", ("area", "anio", "pagina")),
    "trajectory:pseudonymous-list": (GET, "/trayectorias/alerta/seudonimos.csv", ("area", "anio")),
    "trajectory:etc-key": (POST, "/trayectorias/alerta/clave-etc.txt", ("area",)),
}  # fmt: skip
# GET views that also take a form by POST
ALSO_GET = {"response:plans": ("year",)}

HOSTILE = (
    "", "abc", "abcdefg", "9999-12", "2026-13", "2026-00", "0000-01", "2026-3", "{{7*7}}",
    "${7*7}", "1e20", "-1", "0", "99999999999999999999", "2.5", "nan", "inf", "\x00",
    "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%", "_", "81", "81001",
    "2026-03", "2026", "f", "m", "nrc", "EDU-04", "transito", "department", "1", "plan",
    "x" * 5000,
)  # fmt: skip
EXAMPLES = 15  # per view and persona: about 900 requests in all
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))


def all_url_names(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's own admin
            if pattern.namespace == "api-v1":
                continue  # schemathesis drives the API's schema: tests/web/api/test_schema_fuzz.py
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from all_url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_pattern_is_driven() -> None:
    assert set(all_url_names()) == set(PARAMETERS)


@pytest.fixture
def site(
    db: None, reference_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    settings: Any, people: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """The real geography in a copy of the warehouse (the views may publish into it), NRC's
    approved February and submitted March, and the personas."""
    home = tmp_path / "home"
    shutil.copytree(reference_warehouse.root, home / "warehouse")
    monkeypatch.setenv("TRAYECTO_HOME", str(home))
    settings.WAREHOUSE_DIR = home / "warehouse"
    approved = SubmissionFactory(period__month="2026-02", status=Status.APPROVED)
    LineFactory(submission=approved)
    submitted = SubmissionFactory(period__month="2026-03")
    LineFactory(submission=submitted)
    workspaces_ensure_priority()  # the LEG pages of the departments in HOSTILE ("81")
    etpv_plan_ensure()
    Event.objects.create(pk=submitted.pk, type="armed_conflict", title="Paro armado",
                         start_date="2026-03-01", department_codes=["81"])  # fmt: skip
    return {"people": people, "pk": submitted.pk}


def call(client: Client, name: str, params: dict[str, str], path_value: str, pk: int) -> int:
    method, template, _ = PARAMETERS[name]
    path = template.format(pk=pk, slug=path_value or "x", code=path_value or "x")
    response = client.post(path, params) if method == POST else client.get(path, params)
    status: int = response.status_code
    return status


@pytest.mark.parametrize("persona", ["im_officer", "partner"])
@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_no_input_gives_a_server_error(site: dict[str, Any], persona: str, name: str) -> None:
    user: User = site["people"][persona]
    names = PARAMETERS[name][2]

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    @given(
        values=st.fixed_dictionaries(dict.fromkeys(names, VALUES)),
        path_value=st.sampled_from(HOSTILE[:30]).filter(lambda v: "/" not in v and "%" not in v),
    )
    def drive(values: dict[str, str], path_value: str) -> None:
        client = Client(raise_request_exception=True)
        client.force_login(user)
        status = call(client, name, values, path_value, site["pk"])
        assert status < 500, (name, values, path_value)
        for get_name in ALSO_GET.get(name, ()):
            response = client.get(PARAMETERS[name][1], {get_name: values[get_name]})
            assert response.status_code < 500

    drive()
