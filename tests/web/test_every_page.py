"""Every page of the site, as every persona, in Spanish and in English, with demo-like data:
no page errors, and no page shows a key or a string the catalogue left untranslated.

Every URL pattern is listed below, as a page to open or as a form's target (POST only) or a
download; a test fails when a new pattern is added without its entry. What counts as shown
is the text a person reads: text nodes and the title, aria-label, placeholder and alt
attributes, not scripts, styles, <code> and <pre> (where a key beside its name belongs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from pytest_django.fixtures import Settings

from tests.web.conftest import PERSONAS
from tests.web.site_data import Site, site_create
from tests.web.test_i18n import po_entries
from tests.web.test_no_server_error import all_url_names
from trayecto.domain.five_w import Status
from trayecto.domain.indicators import UNITS
from trayecto.web.problem_words import known_wording
from trayecto.web.response import labels

pytestmark = pytest.mark.django_db

# url name -> the page's path, with the site's records ({submission}, {event}...)
PAGES: dict[str, str] = {
    "home": "/",
    "indicators": "/indicadores/?indicador=cobertura_neta&nivel=department&area=54",
    "methodology-index": "/metodologia/",
    "methodology": "/metodologia/cobertura_neta/",
    "etc": "/etc/3802/",
    "department": "/departamento/54/",
    "municipality": "/municipio/54001/",
    "sede": "/sede/154001000123/",
    "organization": "/organizacion/nrc/",
    "login": "/accounts/login/",
    "response:list": "/5w/",
    "response:detail": "/5w/{published}/",
    "response:review": "/5w/revision/",
    "response:dashboard": "/5w/alcance/?period=2026-02",
    "response:completeness": "/5w/completitud/?year=2026",
    "response:plans": "/5w/plan/",
    "coordination:list": "/coordinacion/",
    "coordination:workspace": "/coordinacion/81/",
    "coordination:report": "/coordinacion/81/informes/2026-03/",
    "coordination:meeting": "/coordinacion/81/reuniones/{meeting}/",
    "coordination:accountability": "/coordinacion/rendicion/",
    "coordination:bulletins": "/coordinacion/boletines/",
    "coordination:plans": "/coordinacion/planes/",
    "coordination:donors": "/coordinacion/donantes/",
    "coordination:plan": "/coordinacion/planes/etpv/",
    "coordination:action": "/coordinacion/planes/etpv/acciones/{action}/",
    "needs:list": "/necesidades/",
    "needs:detail": "/necesidades/{needs_run}/",
    "needs:compare": "/necesidades/comparar/?a={needs_run}&b={needs_run}",
    "needs:supply": "/necesidades/oferta/?departamento=81",
    "api-tokens": "/cuenta/tokens/",
    "emergencies:list": "/emergencias/",
    "emergencies:create": "/emergencias/nueva/",
    "emergencies:detail": "/emergencias/{event}/",
    "emergencies:edit": "/emergencias/{event}/editar/",
    "emergencies:sede-create": "/emergencias/{event}/sedes/nueva/",
    "emergencies:sede-edit": "/emergencias/{event}/sedes/999999/",
    "needs:sede-ranking": "/necesidades/oferta/sedes/?departamento=81",
    "trajectory:flows": "/trayectorias/",
    "trajectory:early-warning": "/trayectorias/alerta/",
}
# Files and fragments: opened too, for their status only.
DOWNLOADS: dict[str, str] = {
    "priority-map-data": "/mapa/prioritarios.json",
    "response:template": "/5w/plantilla/?org=nrc&period=2026-03",
    "response:form": "/5w/formulario.xlsx?org=nrc&period=2026-03",
    "response:dashboard-map": "/5w/alcance/mapa.json?period=2026-02",
    "response:export-xlsx": "/5w/exportar.xlsx",
    "response:pivot-xlsx": "/5w/alcance/tabla.xlsx?period=2026-02",
    "response:export-hxl": "/5w/exportar-hxl.csv",
    "response:export-activityinfo": "/5w/exportar-activityinfo.xlsx?period=2026-02",
    "response:export-activityinfo-csv": "/5w/exportar-activityinfo.csv?period=2026-02",
    "response:line-places": "/5w/lineas/lugares/?department=81",
    "coordination:list-xlsx": "/coordinacion/gel.xlsx",
    "coordination:members-xlsx": "/coordinacion/81/organizaciones.xlsx",
    "coordination:reports-xlsx": "/coordinacion/81/informes.xlsx",
    "coordination:meetings-xlsx": "/coordinacion/81/reuniones.xlsx",
    "coordination:announcements-xlsx": "/coordinacion/anuncios.xlsx",
    "coordination:accountability-xlsx": "/coordinacion/rendicion.xlsx",
    "coordination:bulletins-xlsx": "/coordinacion/boletines.xlsx",
    "coordination:plans-xlsx": "/coordinacion/planes.xlsx",
    "coordination:donors-xlsx": "/coordinacion/donantes.xlsx",
    "coordination:plan-xlsx": "/coordinacion/planes/etpv/plan.xlsx",
    "emergencies:list-map": "/emergencias/mapa.json",
    "emergencies:map": "/emergencias/{event}/mapa.json",
    "emergencies:template": "/emergencias/{event}/plantilla.xlsx",
    "emergencies:export": "/emergencias/{event}/sedes/?formato=xlsx",
    "emergencies:assessment-form": "/emergencias/{event}/evaluacion.xlsx",
    "trajectory:pseudonymous-list": "/trayectorias/alerta/seudonimos.csv?area=3802",
    "needs:etc-report": "/necesidades/informe-etc/?etc=3802&anio=2022&formato=xlsx",
    "response:upload-progress": "/5w/subir/x/",
    "coordination:bulletin-file": "/coordinacion/boletines/999999/archivo/",
}
# Forms' targets: POST only, driven by tests/web/test_no_server_error.py and the apps' tests.
POST_ONLY = {
    "logout", "set_language", "response:upload", "response:upload-confirm",
    "response:copy-last-month", "response:bulk-approve", "response:period-lock",
    "response:plan-delete", "response:bulk-publish", "response:line-add", "response:line-edit",
    "response:line-delete", "response:action", "coordination:open", "coordination:report-start",
    "coordination:report-action", "coordination:meeting-new", "coordination:decision-add",
    "coordination:follow-up-add", "coordination:follow-up-done", "coordination:announcements",
    "coordination:bulletin-rebuild", "coordination:plan-import", "coordination:action-new",
    "coordination:action-status", "coordination:action-progress", "coordination:action-comment",
    "api-token-revoke", "emergencies:status", "emergencies:upload", "needs:publish",
    "emergencies:assessment-upload", "trajectory:etc-key",
}  # fmt: skip

# A stored key shown as it is: snake_case words (`max_activity_then_sum_municipality`,
# `carry_forward`, `copy_last_month`).
SNAKE_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# English keys a Spanish page must never show as words: statuses, units, history actions.
ENGLISH_KEYS = {str(s) for s in Status} | set(UNITS) | set(labels.ACTIONS)
ENGLISH_KEYS |= {"observed", "computed", "estimated", "linear"}
# an indicator's levels and disaggregations, as its TOML names them
ENGLISH_KEYS |= {"nation", "department", "municipality", "sex", "nationality"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SILENT = {"script", "style", "code", "pre", "textarea", "template"}


class ShownText(HTMLParser):
    """The text a person reads on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SILENT:
            self._silent += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and not self._silent:
                self.shown.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent and data.strip():
            self.shown.append(" ".join(data.split()))


NAMED_BY_ITSELF = frozenset({"hidden", "submit", "button", "reset", "image"})


class FieldLabels(HTMLParser):
    """The form fields a screen reader cannot name: neither inside a <label>, nor named by a
    label's `for`, nor by aria-label(ledby). A placeholder is not a label: it vanishes once
    the field is typed in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._labels = 0
        self._for: set[str] = set()
        self._loose: list[tuple[str, str]] = []  # (id, name) of fields outside any label

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "label":
            self._labels += 1
            if found.get("for"):
                self._for.add(found["for"])
        elif tag in {"input", "select", "textarea"}:
            if found.get("type", "text") in NAMED_BY_ITSELF:
                return
            if self._labels or "aria-label" in found or "aria-labelledby" in found:
                return
            self._loose.append((found.get("id", ""), found.get("name", tag)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._labels:
            self._labels -= 1

    def unlabelled(self) -> list[str]:
        return [name for id_, name in self._loose if not id_ or id_ not in self._for]


def unlabelled_fields(html: str) -> list[str]:
    parser = FieldLabels()
    parser.feed(html)
    return parser.unlabelled()


def shown_text(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    return parser.shown


def catalogue() -> dict[str, str]:
    root = Path(__file__).resolve().parents[2] / "src" / "trayecto" / "web"
    found: dict[str, str] = {}
    for path in sorted(root.glob("**/locale/en/LC_MESSAGES/django.po")):
        found |= po_entries(path)
    return found


CATALOGUE = catalogue()
# Whole texts the catalogue translates: a Spanish one on an English page was not looked up;
# an English one on a Spanish page came from somewhere else than the catalogue.
SPANISH_ONLY = {es for es, en in CATALOGUE.items() if en and en != es and len(es) > 3}
ENGLISH_ONLY = {en for es, en in CATALOGUE.items() if en and en != es and len(en) > 3}
# Proper names that are also catalogue words: Meta is a department (50) as well as "target".
SPANISH_ONLY -= {"Meta"}
ENGLISH_ONLY -= set(CATALOGUE)  # words both languages share ("Total", "ETC")


MENUS = re.compile(r'<nav class="main-nav"[^>]*>(.*?)</nav>|<p class="subnav">(.*?)</p>', re.DOTALL)


def offered_links(html: str) -> set[str]:
    """The pages the header and the 5W sub-navigation offer."""
    menus = "".join(a + b for a, b in MENUS.findall(html))
    return set(re.findall(r'href="([^"]+)"', menus))


def problems_in(url: str, html: str, language: str) -> Iterator[str]:
    for text in shown_text(html):
        for key in SNAKE_KEY.findall(text):
            yield f"{url}: key {key!r} in {text[:120]!r}"
        if language == "es":
            words = set(re.findall(r"[a-z_]+", text))
            for key in sorted(words & ENGLISH_KEYS):
                if re.search(rf"(^|[\s·:(]){key}($|[\s·:),.])", text):
                    yield f"{url}: English key {key!r} in {text[:120]!r}"
            if text in ENGLISH_ONLY:
                yield f"{url}: English on a Spanish page: {text!r}"
        elif text in SPANISH_ONLY:
            yield f"{url}: untranslated: {text!r}"
        if known_wording(text, language):  # an import's problem left in the other language
            yield f"{url}: problem not in the page's language: {text!r}"
    for name in unlabelled_fields(html):
        yield f"{url}: the field {name!r} has no label (a placeholder is not one)"


@pytest.fixture
def site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings,
    people: dict[str, Any], trayecto_home: Path,
) -> Site:  # fmt: skip
    made = site_create(shared_data, tmp_path_factory.getbasetemp(), trayecto_home, people)
    settings.WAREHOUSE_DIR = made.warehouse.root
    return made


def test_every_url_pattern_is_listed() -> None:
    listed = set(PAGES) | set(DOWNLOADS) | POST_ONLY
    assert set(all_url_names()) == listed
    assert not set(PAGES) & set(DOWNLOADS)
    assert not (set(PAGES) | set(DOWNLOADS)) & POST_ONLY


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_page_opens_in_words_for_every_persona(
    site: Site, people: dict[str, Any], language: str
) -> None:
    found: list[str] = []
    opened: dict[int, int] = {}
    for persona in PERSONAS:
        client = Client()
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        if not isinstance(people[persona], AnonymousUser):
            client.force_login(people[persona])
        offered: set[str] = set()
        for name, template in {**PAGES, **DOWNLOADS}.items():
            url = template.format(**vars(site))
            response = client.get(url)
            status = response.status_code
            opened[status] = opened.get(status, 0) + 1
            assert status in {200, 302, 400, 403, 404}, (persona, name, url, status)
            if name in PAGES and status != 302:
                html = response.content.decode()
                assert f'lang="{language}"' in html, (persona, url)
                found += [f"{persona} {problem}" for problem in problems_in(url, html, language)]
                offered |= offered_links(html)
        # every link offered to this persona opens for it (nothing offered that refuses)
        for link in sorted(offered):
            status = client.get(link).status_code
            if status != 200:
                found.append(f"{persona}: offered {link}, which answers {status}")
        assert "/indicadores/" in offered
    # the site showed real pages, not only refusals
    assert opened[200] > len(PAGES) * 3, opened
    assert found == [], "\n".join(sorted(set(found)))


def test_the_checks_find_what_they_look_for() -> None:
    """Not vacuous: a key, an English status on a Spanish page, an untranslated label."""
    spanish = "<p>Regla: max_activity_then_sum_municipality</p><td>published</td>"
    said = "\n".join(problems_in("/x/", spanish, "es"))
    assert "key 'max_activity_then_sum_municipality'" in said
    assert "English key 'published'" in said
    assert list(problems_in("/x/", "<code>max_site</code><p>publicado</p>", "es")) == []
    assert list(problems_in("/x/", "<th>Departamento</th>", "en")) == [
        "/x/: untranslated: 'Departamento'"
    ]
    assert list(problems_in("/x/", '<label><input placeholder="AAAA-MM"></label>', "en")) == [
        "/x/: untranslated: 'AAAA-MM'"
    ]
    labelled = '<label><input placeholder="YYYY-MM"></label><td>Meta</td>'
    assert list(problems_in("/x/", labelled, "en")) == []
    problem = "<td>la cantidad no es un número: escriba solo cifras</td>"
    assert list(problems_in("/x/", problem, "en")) == [
        "/x/: problem not in the page's language: "
        "'la cantidad no es un número: escriba solo cifras'"
    ]
    assert list(problems_in("/x/", problem, "es")) == []
    assert (
        list(
            problems_in(
                "/x/", "<td>count: not a whole number: write digits only (1234 or 1.234)</td>", "en"
            )
        )
        == []
    )
    unnamed = '<input name="comment" placeholder="Motivo"><input type="hidden" name="h">'
    assert list(problems_in("/x/", unnamed, "es")) == [
        "/x/: the field 'comment' has no label (a placeholder is not one)"
    ]
    named = ('<label>Motivo <input name="a"></label><label for="b">B</label><select id="b">'
             '</select><input name="c" aria-label="C"><button>Enviar</button>')  # fmt: skip
    assert list(problems_in("/x/", named, "es")) == []
    menus = '<nav class="main-nav" aria-label="x"><a href="/5w/">5W</a></nav><a href="/y/">y</a>'
    assert offered_links(menus + '<p class="subnav"><a href="/5w/revision/">R</a></p>') == {
        "/5w/",
        "/5w/revision/",
    }
