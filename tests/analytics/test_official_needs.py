"""OCHA's education PiN and severity as registry indicators, at every level, checked
against the real JIAF files: the national PiN stays OCHA's 3,003,411, each department is
the sum of its municipalities, severity above the municipality is the population-weighted
mean beside the distribution of municipalities by phase."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.support.official_data import JIAF
from trayecto.analytics import compute
from trayecto.warehouse import Warehouse

SEVERITY = JIAF.replace("pin_by_municipality", "severity_by_municipality")


@pytest.fixture(scope="module")
def ocha(shared_data: Path) -> dict[str, dict[str, float | None]]:
    """The two CSV files read with nothing but csv: code -> population, pin, severity."""
    with (shared_data / JIAF).open(encoding="utf-8") as fh:
        pin = {r["admin_2_pcode"][2:]: r for r in csv.DictReader(fh)}
    with (shared_data / SEVERITY).open(encoding="utf-8") as fh:
        sev = {r["admin_2_pcode"][2:]: r for r in csv.DictReader(fh)}
    return {
        code: {
            "population": float(row["population"]) if row["population"] else None,
            "pin": float(row["pin_education"]) if row["pin_education"] else None,
            "severity": float(sev[code]["sev_education"]),
        }
        for code, row in pin.items()
    }


def run(official: Warehouse, code: str, level: str, area: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    return compute.run(official, compute.Query(code, level, area=area, year=2025))


def test_the_national_pin_stays_ochas(official: Warehouse) -> None:
    [nation] = run(official, "pin_education", "nation")
    assert round(nation["value"]) == 3_003_411
    assert nation["units_with_value"] == 1120  # two áreas no municipalizadas have no PiN
    assert nation["provenance"]["source"] == "jiaf-hno"
    assert nation["provenance"]["vintage"] == "HNO 2025"
    assert nation["unit"] == "persons"


def test_each_department_is_the_sum_of_its_municipalities(
    official: Warehouse, ocha: dict[str, dict[str, float | None]]
) -> None:
    expected: dict[str, float] = defaultdict(float)
    for code, row in ocha.items():
        expected[code[:2]] += row["pin"] or 0.0
    departments = {r["area_code"]: r["value"] for r in run(official, "pin_education", "department")}
    assert set(departments) == set(expected)
    for code, value in departments.items():
        assert value == pytest.approx(expected[code], abs=1e-6), code
    # the README's figures for two priority departments
    assert round(departments["81"]) == 23_749
    assert round(departments["54"]) == 100_506
    municipalities = run(official, "pin_education", "municipality", area="81")
    assert sum(r["value"] or 0 for r in municipalities) == pytest.approx(departments["81"])
    assert {r["area_name"] for r in municipalities} >= {"Arauca", "Saravena"}


def test_every_etc_adds_up_to_the_nation(official: Warehouse) -> None:
    etcs = run(official, "pin_education", "etc")
    assert len(etcs) > 90
    assert round(sum(r["value"] or 0 for r in etcs)) == 3_003_411


def test_severity_above_the_municipality_is_the_population_weighted_mean(
    official: Warehouse, ocha: dict[str, dict[str, float | None]]
) -> None:
    rows = {r["area_code"]: r for r in run(official, "severidad_educacion", "department")}
    chocó = [row for code, row in ocha.items() if code.startswith("27")]
    weights = [(r["severity"] or 0.0, r["population"] or 0.0) for r in chocó]
    weighted = sum(s * p for s, p in weights) / sum(p for _, p in weights)
    assert rows["27"]["value"] == pytest.approx(weighted, abs=1e-4)
    assert rows["27"]["unit"] == "severity"
    assert rows["27"]["distribution"] == {
        f"{phase:g}": n for phase, n in Counter(r["severity"] for r in chocó).items()
    }


def test_the_national_distribution_of_municipalities_by_phase(official: Warehouse) -> None:
    [nation] = run(official, "severidad_educacion", "nation")
    # (the data README says 91 and 537: it left out the two áreas no municipalizadas,
    # which have a severity but no PiN)
    assert nation["distribution"] == {"1": 92, "2": 538, "3": 396, "4": 96}
    assert 1 <= nation["value"] <= 5
    [medellin] = run(official, "severidad_educacion", "municipality", area="05001")
    assert medellin["value"] == 2.0
    assert "distribution" not in medellin


def test_etc_distributions_count_every_municipality_once(official: Warehouse) -> None:
    etcs = run(official, "severidad_educacion", "etc")
    total: Counter[str] = Counter()
    for row in etcs:
        total.update(row["distribution"])
    assert total == Counter({"1": 92, "2": 538, "3": 396, "4": 96})
