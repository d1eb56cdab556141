"""Every figure docs/methodology/needs.md quotes about OCHA's published needs is measured
here on the real data, in Spanish and English formats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from trayecto.analytics import compute
from trayecto.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "needs.md"


def page() -> str:
    return " ".join(DOC.read_text(encoding="utf-8").split())


def es(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def en(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}"


def test_the_pin_by_severity_phase_the_page_quotes(official: Warehouse) -> None:
    rows = official.read("jiaf_hno").to_pylist()
    pin: Counter[float] = Counter()
    population: Counter[float] = Counter()
    for row in rows:
        pin[row["severity_education"]] += row["pin_education"] or 0.0
        population[row["severity_education"]] += row["population"] or 0.0
    # about half a million of OCHA's education PiN lies in municipalities at severity 1
    assert 500_000 < pin[1.0] < 600_000
    text = page()
    quoted = [
        round(sum(pin.values())),
        round(pin[1.0]),
        round(pin[2.0]),
        round(pin[3.0] + pin[4.0]),
        round(sum(population.values())),
    ]
    for value in quoted:
        assert es(value) in text, value
        assert en(value) in text, value
    for phase in (1.0, 4.0):
        share = pin[phase] / population[phase] * 100
        assert f"{es(share, 2)} %" in text
        assert f"{en(share, 2)} %" in text


def test_the_distribution_the_page_quotes(official: Warehouse) -> None:
    [nation] = compute.run(official, compute.Query("severidad_educacion", "nation", year=2025))
    counts = nation["distribution"]
    text = page()
    assert (
        f"{counts['1']} municipios en fase 1, {counts['2']} en fase 2, {counts['3']} en fase 3 "
        f"y {counts['4']} en fase 4" in text
    )
    assert (
        f"{counts['1']} municipalities in phase 1, {counts['2']} in phase 2, {counts['3']} in "
        f"phase 3 and {counts['4']} in phase 4" in text
    )
    assert "5" not in counts


def test_the_default_run_the_page_quotes(official: Warehouse) -> None:
    from trayecto.analytics import needs
    from trayecto.domain.needs import NeedsParameters

    result = needs.run(official, NeedsParameters(year=2022))
    totals = result.totals()
    with_population = sum(1 for r in result.rows if r["school_age_population"])
    negative = sum(1 for r in result.rows if (r["out_of_school_rate"] or 0) < 0)
    text = page()
    for value in (
        with_population,
        round(totals["pin"]),
        round(totals["migrant_pin"]),
        round(totals["host_pin"]),
        negative,
    ):
        assert es(value) in text, value
        assert en(value) in text, value
    # the defaults the page's table states are the code's
    defaults = NeedsParameters()
    for bounds in (defaults.access, defaults.learning_conditions, defaults.aggravating):
        assert "; ".join(f"{b:g}" for b in bounds.bounds) in text


def test_the_default_bounds_the_page_quotes_are_the_codes() -> None:
    from trayecto.domain.needs import THRESHOLD_NAMES, NeedsParameters

    text = page()
    defaults = NeedsParameters()
    for name in THRESHOLD_NAMES:
        bounds = "; ".join(f"{b:g}" for b in getattr(defaults, name).bounds)
        assert f"| {bounds}" in text, name  # in both tables (es and en)
        assert text.count(f"| {bounds}") >= 2, name
