"""The protected environment of a needs run, from the real Chocó earthquake list (2026):
the sedes an event left unsafe, attacked, occupied or used as shelters, over MEN's count of
the municipality's sedes, give its phase; municipalities without event data stay without."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from tests.web.emergencies.conftest import read_rows
from tests.web.needs.conftest import sede_warehouse  # noqa: F401 (fixture)
from trayecto.domain.needs import NeedsParameters, affected_share
from trayecto.warehouse import Warehouse, engine
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.protected import protected_environment
from trayecto.web.emergencies.services import EventInput, affected_list_import, event_create
from trayecto.web.needs.services import needs_run_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(earthquake: Event, choco_list: Path, geography: Warehouse) -> Event:
    assert affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    return earthquake


def test_the_earthquakes_critical_sedes_count_by_municipality(
    listed: Event, choco_list: Path
) -> None:
    _header, rows = read_rows(choco_list)
    critical = [r for r in rows if r["Departamento"] == "Chocó" and r["Severidad"] == "3"]
    found = protected_environment(2026)
    assert sum(r["sedes_affected"] for r in found) == len(critical) == 66
    # the earthquake was not under way in 2025
    assert protected_environment(2025) == []


def test_an_attack_counts_every_sede_it_lists(listed: Event, geography: Warehouse) -> None:
    attack = event_create(
        data=EventInput(
            type="armed_conflict",
            subtype="attack_on_school",
            title="Ataque",
            start_date=dt.date(2026, 3, 1),
            department_codes=("54",),
        ),
        user=None,
        store=geography,
    )
    for code in ("154001000001", "154001000002"):
        AffectedSede.objects.create(
            event=attack, sede_code=code, sede_name=code, municipality_code="54001",
            department_code="54",
        )  # fmt: skip
    cucuta = [r for r in protected_environment(2026) if r["municipality_code"] == "54001"]
    assert cucuta == [{"municipality_code": "54001", "sedes_affected": 2}]


def test_a_run_gives_the_protected_phase_from_the_share_of_sedes_hit(
    listed: Event,
    sede_warehouse: Warehouse,  # noqa: F811
) -> None:
    params = NeedsParameters(year=2026)
    run = needs_run_create(name="con sismo", parameters=params, user=None,
                           warehouse=sede_warehouse)  # fmt: skip
    assert "protected_environment" not in run.missing
    hit = Counter(
        s.municipality_code for s in AffectedSede.objects.filter(event=listed, severity=3)
    )
    con, _ = sede_warehouse.reader()
    men = {
        r["municipality_code"]: r["sedes"]
        for r in engine.rows(con, "select municipality_code, sedes from sede_summary_municipality")
    }
    rows = {r["code"]: r for r in run.results}
    checked = 0
    for code, affected in hit.items():
        row = rows[code]
        assert row["sedes_affected"] == affected
        assert row["sedes"] == men.get(code)
        share = affected_share(men.get(code), affected)
        assert row["protected_phase"] == params.protected_environment.phase(share)
        checked += row["protected_phase"] is not None
    assert checked >= 10
    assert max(rows[c]["protected_phase"] or 0 for c in hit) >= 3
    # no event data: no phase, not phase 1 (docs/methodology/needs.md)
    assert rows["54001"]["protected_phase"] is None
    assert rows["54001"]["sedes"] is not None


def test_the_department_report_reads_the_years_emergencies(
    listed: Event,
    sede_warehouse: Warehouse,  # noqa: F811
) -> None:
    from trayecto.analytics import etc_report

    without = etc_report.gather_department(sede_warehouse, "27", 2026)
    assert "protected_environment: sin datos" in without["needs"]["missing"]
    data = etc_report.gather_department(sede_warehouse, "27", 2026, protected_environment(2026))
    assert "protected_environment: sin datos" not in data["needs"]["missing"]
    # an unsafe share of sedes can only keep or raise a municipality's own severity
    before = {r["code"]: r["severity"] or 0 for r in without["needs"]["municipalities"]}
    after = {r["code"]: r["severity"] or 0 for r in data["needs"]["municipalities"]}
    assert all(after[c] >= before[c] for c in before)
    assert any(after[c] > before[c] for c in before)
