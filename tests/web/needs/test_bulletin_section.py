"""The bulletin's needs section on the real OCHA data: OCHA's PiN and severity of the
territory, labelled official; the cluster's own run beside it only once published, labelled
as ours; Spanish numbers; the figures stored with the bulletin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from tests.web.conftest import PERSONAS
from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.bulletin import collect_inputs, render_html
from trayecto.web.coordination.bulletin_sections import SECTIONS, BulletinScope
from trayecto.web.needs import bulletin
from trayecto.web.needs.models import NeedsRun
from trayecto.web.needs.services import needs_run_create, needs_run_publish
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
RUNNERS = {"im_officer", "cluster_admin"}


@pytest.fixture
def official(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Warehouse:
    found = official_warehouse(shared_data, tmp_path_factory.getbasetemp())
    settings.WAREHOUSE_DIR = found.root
    return found


@pytest.fixture
def run(official: Warehouse) -> NeedsRun:
    return needs_run_create(
        name="Umbrales por defecto", parameters=NeedsParameters(), user=None, warehouse=official
    )


def section(scope: BulletinScope, warehouse: Warehouse) -> str:
    page = render_html(
        scope, warehouse=warehouse, version=warehouse.manifest().version,
        inputs=collect_inputs(scope),
    )  # fmt: skip
    return page.split('class="section-needs"')[1].split("</section>")[0]


def test_the_needs_app_fills_the_bulletins_section() -> None:
    assert SECTIONS["needs"].collect is bulletin.collect
    assert SECTIONS["needs"].template == bulletin.TEMPLATE


def test_ochas_figures_of_the_nation_and_of_a_department(official: Warehouse) -> None:
    con = official.connect(official.manifest().version)
    national = bulletin.build(BulletinScope("2026-04"), con, None)
    assert national is not None
    assert national["own"] is None
    assert national["official"]["vintage"] == "HNO 2025"  # the latest cycle up to 2026
    assert round(national["official"]["pin"]) == 3_003_411
    # 92 and 538, not the data README's 91 and 537: it leaves out 94663 and 97777
    assert national["official"]["phases"] == {"1": 92, "2": 538, "3": 396, "4": 96}
    norte = bulletin.build(BulletinScope("2026-04", "54"), con, None)
    assert norte is not None
    assert round(norte["official"]["pin"]) == 100_506  # the README's Norte de Santander
    assert sum(norte["official"]["phases"].values()) == 40  # its 40 municipalities
    top = norte["top"]
    assert len(top) == bulletin.TOP
    assert top[0]["code"] == "54001"  # Cúcuta holds the most PiN of the department
    assert [r["official_pin"] for r in top] == sorted(
        (r["official_pin"] for r in top), reverse=True
    )


@translation.override("es")
def test_without_a_published_run_the_bulletin_shows_ochas_figure_only(
    official: Warehouse, run: NeedsRun
) -> None:
    assert bulletin.collect(BulletinScope("2026-04")) is None  # a working run stays out
    needs = section(BulletinScope("2026-04"), official)
    assert "Sin datos" not in needs
    assert "OCHA, HNO 2025: cifra oficial" in needs
    assert '<td class="num">3.003.411</td>' in needs  # Spanish thousands
    assert "fase 2: 538" in needs
    assert "Todavía no hay un cálculo propio publicado" in needs
    assert "Cálculo propio" not in needs


@translation.override("es")
def test_a_published_run_stands_beside_ochas_labelled_as_ours(
    official: Warehouse, run: NeedsRun
) -> None:
    needs_run_publish(run=run, user=None)
    scope = BulletinScope("2026-04", "54")
    collected = bulletin.collect(scope)
    assert collected is not None
    rows = [r for r in run.results if r["code"].startswith("54")]
    assert collected["pin"] == pytest.approx(sum(r["total_pin"] for r in rows))
    assert sum(collected["phases"].values()) + collected["without_phase"] == len(rows)
    needs = section(scope, official)
    assert "Cálculo propio del clúster «Umbrales por defecto» (datos de 2022" in needs
    assert "no es una cifra oficial" in needs
    cucuta = next(r for r in rows if r["code"] == "54001")
    own_pin = f"{round(cucuta['total_pin']):,}".replace(",", ".")
    cucuta_row = needs.split("(54001)</td>")[1].split("</tr>")[0]
    assert f'<td class="num">{own_pin}</td>' in cucuta_row  # our PiN beside OCHA's


def test_the_latest_published_run_is_the_one_shown(official: Warehouse, run: NeedsRun) -> None:
    needs_run_publish(run=run, user=None)
    later = needs_run_create(
        name="Acceso más estricto",
        parameters=NeedsParameters.from_dict({"access": [2, 5, 10, 20]}),
        user=None,
        warehouse=official,
    )
    assert bulletin.collect(BulletinScope("2026-04"))["name"] == "Umbrales por defecto"  # type: ignore[index]
    needs_run_publish(run=later, user=None)
    assert bulletin.collect(BulletinScope("2026-04"))["name"] == "Acceso más estricto"  # type: ignore[index]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_im_team_publishes_a_run(
    persona: str, as_persona: Callable[[str], Client], run: NeedsRun
) -> None:
    response = as_persona(persona).post(f"/necesidades/{run.pk}/publicar/")
    run.refresh_from_db()
    if persona in RUNNERS:
        assert response.status_code == 302
        assert run.published_at is not None
        log = AuditLog.objects.get(action="needs_run.publish")
        assert (log.object_type, log.object_id) == ("needsrun", run.pk)
        return
    assert run.published_at is None
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
        text = response.content.decode()
        assert (
            "calculan necesidades" in text
            or "explorador de indicadores" in text
            or (persona == "outsider")
        )


def test_the_run_page_offers_publication_to_the_im_team_only(
    as_persona: Callable[[str], Client], run: NeedsRun
) -> None:
    assert (
        "Publicar en el boletín"
        in as_persona("im_officer").get(f"/necesidades/{run.pk}/").content.decode()
    )
    page = as_persona("leg_coordinator").get(f"/necesidades/{run.pk}/").content.decode()
    assert "Publicar en el boletín" not in page
    assert "no entra en el boletín" in page


@translation.override("es")
def test_a_run_on_synthetic_sedes_says_so_in_the_bulletin(
    official: Warehouse, run: NeedsRun
) -> None:
    run.sources = {**run.sources, "teachers": "synthetic (seed-2025)"}  # as in the demo
    run.save()
    needs_run_publish(run=run, user=None)
    assert "SINTÉTICO" in section(BulletinScope("2026-04"), official)


def test_the_figures_the_methodology_quotes_for_the_bulletin(official: Warehouse) -> None:
    """docs/methodology/needs.md §3 quotes these, in Spanish and in English."""
    doc = " ".join((ROOT / "docs" / "methodology" / "needs.md").read_text("utf-8").split())
    con = official.connect(official.manifest().version)
    national = bulletin.build(BulletinScope("2026-04"), con, None)
    norte = bulletin.build(BulletinScope("2026-04", "54"), con, None)
    assert national is not None
    assert norte is not None
    for figure in (national["official"]["pin"], norte["official"]["pin"]):
        assert f"{round(figure):,}".replace(",", ".") in doc
        assert f"{round(figure):,}" in doc
    phases = national["official"]["phases"]
    assert (
        f"{phases['1']} municipios en fase 1, {phases['2']} en fase 2, {phases['3']} en fase 3 "
        f"y {phases['4']} en fase 4"
    ) in doc
    assert (
        f"{phases['1']} municipalities in phase 1, {phases['2']} in phase 2, {phases['3']} in "
        f"phase 3 and {phases['4']} in phase 4"
    ) in doc
    municipalities = sum(norte["official"]["phases"].values())
    assert f"en sus {municipalities} municipios" in doc
    assert f"in its {municipalities} municipalities" in doc


def test_without_ochas_table_the_published_run_alone_is_shown(run: NeedsRun) -> None:
    needs_run_publish(run=run, user=None)
    scope = BulletinScope("2026-04", "81")
    built = bulletin.build(scope, None, bulletin.collect(scope))  # an empty warehouse
    assert built is not None
    assert built["official"] is None
    assert built["own"]["name"] == "Umbrales por defecto"
    pins = [r["pin"] for r in built["top"]]
    assert pins == sorted(pins, reverse=True)
    assert {r["code"][:2] for r in built["top"]} == {"81"}
