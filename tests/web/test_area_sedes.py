"""Department and municipality pages show school-level figures to the roles that may see the
area's sedes: the explorer's own rows at level sede for that area, and nothing of them (no
sede name or code) to the others. Real geography and MEN 2025 totals, synthetic sedes
generated from them (labelled SINTÉTICO)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_geography_with_etc
from trayecto.analytics import compute
from trayecto.importers import men_sedes, registry
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.statistics import selectors
from trayecto.web.statistics.area_sedes import RANKED_INDICATORS, TOP, area_sedes
from trayecto.web.statistics.numbers import number_text

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
Role = Membership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def school_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = Warehouse(tmp_path_factory.mktemp("area-sedes") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    boundaries = registry.get("mgn2018")  # the area pages need the municipal polygons too
    report = boundaries.load_function()(
        shared_data / boundaries.folder / boundaries.filename, warehouse, dry_run=False
    )
    assert not report.refused
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse, seed=7).refused
    return warehouse.root


@pytest.fixture
def store(settings: Settings, school_warehouse: Path) -> Warehouse:
    settings.WAREHOUSE_DIR = school_warehouse
    return Warehouse(school_warehouse)


def login(client: Client, role: str, *, departments: list[str] | None = None) -> Client:
    user = User.objects.create_user(f"{role}-{'-'.join(departments or [])}", password="x")
    organization, _ = Organization.objects.get_or_create(
        code="unicef", defaults={"name": "UNICEF", "type": Organization.Type.UN}
    )
    Membership.objects.create(
        user=user, organization=organization, role=role, department_codes=departments or []
    )
    client.force_login(user)
    return client


def block(html: str) -> str:
    found = re.search(r'<section id="area-sedes">.*?</section>', html, re.S)
    assert found, "no school-level block"
    return found.group(0)


def explorer_rows(store: Warehouse, code: str, area: str) -> list[dict[str, object]]:
    """What the explorer lists at level sede for the area (both sexes together)."""
    rows = compute.run(store, compute.Query(code, "sede", area=area))
    return [r for r in rows if r["sex"] is None and r["value"] is not None]


@pytest.mark.parametrize(
    ("url", "level", "area"),
    [("/departamento/27/", "department", "27"), ("/municipio/27001/", "municipality", "27001")],
)
def test_an_allowed_role_sees_the_explorers_sede_figures_for_the_area(
    client: Client, store: Warehouse, url: str, level: str, area: str
) -> None:
    login(client, Role.LEG_COORDINATOR, departments=["27"])
    html = block(client.get(url).content.decode())
    enrolment = explorer_rows(store, "estudiantes_venezolanos", area)
    year = max(int(r["year"]) for r in enrolment)  # type: ignore[call-overload]
    latest = [r for r in enrolment if r["year"] == year]
    enrolled = sum(int(r["denominator"]) for r in latest)  # type: ignore[call-overload]
    venezuelan = sum(int(r["numerator"]) for r in latest)  # type: ignore[call-overload]
    assert enrolled > 0
    assert venezuelan > 0
    assert f"<strong>{number_text(len(latest), decimals=0, spanish=True)}</strong> sedes" in html
    assert f"<strong>{number_text(enrolled, decimals=0, spanish=True)}</strong>" in html
    assert f"<strong>{number_text(venezuelan, decimals=0, spanish=True)}</strong>" in html
    assert "SINTÉTICO" in html  # the demo's synthetic sedes say so
    for code in RANKED_INDICATORS:
        rows = explorer_rows(store, code, area)
        year = max(int(r["year"]) for r in rows)  # type: ignore[call-overload]
        rows = [r for r in rows if r["year"] == year]
        own = next(
            float(r["value"])  # type: ignore[arg-type]
            for r in compute.run(store, compute.Query(code, level, area=area))
            if r["year"] == year and r["sex"] is None
        )
        above = sum(1 for r in rows if float(r["value"]) > own)  # type: ignore[arg-type]
        own_text = number_text(own, decimals=2, spanish=True)
        above_text = number_text(above, decimals=0, spanish=True)
        total = number_text(len(rows), decimals=0, spanish=True)
        assert f"<strong>{own_text}</strong>; <strong>{above_text}</strong> de {total}" in html
        top = sorted(rows, key=lambda r: (-float(r["value"]), r["area_code"]))[:TOP]  # type: ignore[arg-type]
        table = re.search(rf'id="area-sedes-{code}".*?</table>', html, re.S)
        assert table
        shown = re.findall(r'<a href="/sede/(\d+)/">', table.group(0))
        assert shown == [r["area_code"] for r in top]
        for r in top:
            value = number_text(float(r["value"]), decimals=2, spanish=True)  # type: ignore[arg-type]
            assert f'<td>{r["area_code"]}</td><td class="num">{value}</td>' in table.group(0)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_a_role_not_allowed_sees_no_sede_only_what_is_allowed(
    client: Client, store: Warehouse, role: str
) -> None:
    login(client, role, departments=["27"])
    sedes = {r["area_code"] for r in explorer_rows(store, "desercion_sede", "27001")}
    for url in ("/departamento/27/", "/municipio/27001/"):
        html = client.get(url).content.decode()
        assert 'id="area-sedes"' not in html
        assert "/sede/" not in html
        assert not any(code in html for code in sedes)
        assert "los datos por sede educativa son para el equipo nacional" in html


def test_a_leg_of_another_department_does_not_see_the_block(
    client: Client, store: Warehouse
) -> None:
    login(client, Role.LEG_COORDINATOR, departments=["54"])
    html = client.get("/municipio/27001/").content.decode()
    assert 'id="area-sedes"' not in html
    assert "/sede/" not in html


def test_english_pages_label_the_block_in_english(client: Client, store: Warehouse) -> None:
    login(client, Role.IM_OFFICER)
    client.cookies["django_language"] = "en"
    html = block(client.get("/municipio/27001/").content.decode())
    assert "School-level figures" in html
    assert "sedes with data" in html
    assert "Venezuelan" in html
    assert "The five highest" in html
    assert "Intra-annual dropout rate" in html
    assert "estudiantes matriculados" not in html
    enrolment = explorer_rows(store, "estudiantes_venezolanos", "27001")
    year = max(int(r["year"]) for r in enrolment)  # type: ignore[call-overload]
    enrolled = sum(int(r["denominator"]) for r in enrolment if r["year"] == year)  # type: ignore[call-overload]
    assert enrolled >= 1000
    assert f"<strong>{number_text(enrolled, decimals=0, spanish=False)}</strong>" in html


def test_the_figures_are_read_once_per_warehouse_version(store: Warehouse) -> None:
    """A page opened again reuses the memo's figures until the next publication."""
    shared = selectors.warehouse()
    first = area_sedes(shared, level="municipality", code="27001")
    assert first.sedes > 0
    assert area_sedes(shared, level="municipality", code="27001") is first
