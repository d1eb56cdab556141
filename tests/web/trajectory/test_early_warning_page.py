"""The early warning per sede: school-level data, so only the IM team, the LEG of the
department and the ETC analyst of the ETC see it, for their territory; sede counts from 1 to 4
suppressed for every role; no page lists students; the pseudonymous list goes to the ETC
analyst and the national roles only, without names or documents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from tests.web.conftest import PERSONAS
from trayecto.analytics import risk
from trayecto.cli.main import app
from trayecto.domain import trajectory as rules
from trayecto.importers import student_key
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import AuditLog
from trayecto.web.trajectory import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("students")]
URL = "/trayectorias/alerta/"
LIST = "/trayectorias/alerta/seudonimos.csv"

# Cúcuta (54001): the ETC analyst's own municipality; the LEG covers Norte de Santander.
EXPECTED = {
    "anonymous": 302,
    "outsider": 403,
    "viewer": 403,
    "partner": 403,
    "etc_analyst": 200,
    "leg_coordinator": 200,
    "im_officer": 200,
    "cluster_admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_gets_the_early_warning_of_cucuta_as_its_access_allows(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get(URL, {"area": "54001"})
    assert response.status_code == EXPECTED[persona]
    if persona in ("viewer", "partner"):
        assert "transiciones agregadas" in response.content.decode()


def test_the_etc_analyst_is_refused_arauca_and_told_its_etc(
    as_persona: Callable[[str], Client],
) -> None:
    response = as_persona("etc_analyst").get(URL, {"area": "81"})
    assert response.status_code == 403
    assert "3802" in response.content.decode()


def test_sede_counts_are_the_scores_of_the_sql_with_small_cells_hidden(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    response = as_persona("im_officer").get(URL, {"area": "81", "anio": "2025"})
    assert response.status_code == 200
    raw = {
        r["area_code"]: r
        for r in risk.Risk(students.connect(), 2025).counts(level="sede", area="81")
    }
    shown = response.context["sedes"]
    assert {r["area_code"] for r in shown} == set(raw)
    for row in shown:
        assert row == rules.suppress_counts(raw[row["area_code"]], ("students", "high_risk"))
        assert not (isinstance(row["high_risk"], int) and 1 <= row["high_risk"] <= 4)
    html = response.content.decode()
    assert "SINTÉTICO" in html
    # 2025 has no 2026: the page shows the backtest of 2024 against 2025
    backtest = response.context["result"]["backtest"]
    assert backtest["year"] == 2024
    assert f"{backtest['roc_auc']:.3f}".replace(".", ",") in html
    assert "seudonimo" not in html  # no list on the page
    assert "student_id" not in html


def test_only_the_etc_analyst_and_the_national_roles_download_the_pseudonymous_list(
    as_persona: Callable[[str], Client], people: dict[str, object], client: Client
) -> None:
    for persona, status in {"anonymous": 302, "outsider": 403, "viewer": 403, "partner": 403,
                            "etc_analyst": 200, "leg_coordinator": 403, "im_officer": 200,
                            "cluster_admin": 200}.items():  # fmt: skip
        client.logout()
        response = as_persona(persona).get(LIST, {"area": "3802", "anio": "2025"})
        assert response.status_code == status, persona
        if persona == "leg_coordinator":  # sees the sedes, not the list: told who holds it
            assert "reidentify" in response.content.decode()
    client.logout()
    page = as_persona("etc_analyst").get(URL, {"area": "3802"})
    assert "seudonimos.csv" in page.content.decode()
    client.logout()
    assert (
        "seudonimos.csv"
        not in as_persona("leg_coordinator").get(URL, {"area": "3802"}).content.decode()
    )


def test_the_pseudonymous_list_holds_keys_and_scores_of_the_etc_only(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    response = as_persona("etc_analyst").get(LIST, {"area": "3802", "anio": "2025"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows
    assert list(rows[0]) == [
        "seudonimo", "etc", "anio", "sede", "grado", "puntos", "riesgo_alto", *rules.CONDITIONS
    ]  # fmt: skip
    assert {r["sede"] for r in rows} == {"154001000001"}
    assert {(r["etc"], r["anio"]) for r in rows} == {("3802", "2025")}
    # the first 128 bits of an HMAC-SHA-256, in hex: the one made with the ETC's key, not
    # the installation's pseudonym the linking uses
    assert all(len(r["seudonimo"]) == student_key.HEX_DIGITS for r in rows)
    con = students.connect()
    try:
        installation = {
            i for (i,) in con.execute("select student_id from student_enrolment").fetchall()
        }
    finally:
        con.close()
    assert not {r["seudonimo"] for r in rows} & installation
    assert len({r["seudonimo"] for r in rows}) == len(rows)
    points = [int(r["puntos"]) for r in rows]
    assert points == sorted(points, reverse=True)


KEY = "/trayectorias/alerta/clave-etc.txt"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_etcs_own_analyst_gets_its_key_and_each_time_is_audited(
    persona: str, as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    client = as_persona(persona)
    before = AuditLog.objects.filter(action=services.ACTION).count()
    response = client.post(KEY, {"area": "3802"})
    # the analyst of Cúcuta only; the national roles hold the list but no SIMAT export
    assert response.status_code == {"anonymous": 302, "etc_analyst": 200}.get(persona, 403)
    page = client.get(URL, {"area": "3802"})
    shows_button = 'action="/trayectorias/alerta/clave-etc.txt"' in page.content.decode()
    assert shows_button == (persona == "etc_analyst")
    if persona != "etc_analyst":
        assert AuditLog.objects.filter(action=services.ACTION).count() == before
        if persona in ("im_officer", "cluster_admin"):
            assert "trayecto trajectory etc-key" in response.content.decode()
        return
    assert response["Content-Disposition"] == 'attachment; filename="clave_etc_3802.txt"'
    assert response["Cache-Control"] == "no-store"
    path = students.root.parent / "given.txt"
    path.write_bytes(response.content)
    etc, key = student_key.read_etc_key(path)
    master = student_key.load_key(students.root.parent, create=False)
    assert master is not None
    assert (etc, key) == ("3802", student_key.etc_key(master, "3802"))
    entry = AuditLog.objects.filter(action=services.ACTION).latest("id")
    assert entry.user_id == response.wsgi_request.user.pk
    assert (entry.object_type, entry.object_id, entry.detail) == (
        "etc", 3802, {"etc": "3802", "via": "web"}
    )  # fmt: skip
    # a GET gives nothing (the key is handed out by a deliberate, audited request)
    assert client.get(KEY, {"area": "3802"}).status_code == 405
    # its analyst is refused another ETC's key
    assert client.post(KEY, {"area": "3824"}).status_code == 403


def test_the_list_and_the_key_downloaded_give_the_names_back_on_the_etcs_machine(
    as_persona: Callable[[str], Client], students: Warehouse, tmp_path: Path
) -> None:
    client = as_persona("etc_analyst")
    listed = tmp_path / "seudonimos.csv"
    listed.write_bytes(client.get(LIST, {"area": "3802", "anio": "2025"}).content)
    key = tmp_path / "clave.txt"
    key.write_bytes(client.post(KEY, {"area": "3802"}).content)
    export = students.root.parent / "files" / "simat_estudiantes_2025_SINTETICO.csv"
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(export), "--list", str(listed), "--key-file",
              str(key), "--out", str(out), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    with open(listed, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert summary["listed_found"] == summary["listed"] == len(rows) > 0
    assert summary["listed_without_pseudonym"] == 0
    with open(out, encoding="utf-8", newline="") as fh:
        named = [r for r in csv.DictReader(fh, delimiter=";") if r["riesgo_puntos"]]
    assert {r["primer_apellido"] for r in named}  # names, on the ETC's machine only
    # one student of the list per document of the export (its rows carry the same points)
    by_document = {r["numero_documento"]: int(r["riesgo_puntos"]) for r in named}
    assert sorted(by_document.values()) == sorted(int(r["puntos"]) for r in rows)


@pytest.mark.parametrize(
    ("params", "says"),
    [({"area": "81", "anio": "2030"}, "2023, 2024, 2025"), ({"pagina": "x"}, "desde 1")],
)
def test_bad_parameters_are_refused_saying_what_is_allowed(
    params: dict[str, str], says: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona("im_officer").get(URL, params)
    assert response.status_code == 400
    assert says in response.content.decode()
