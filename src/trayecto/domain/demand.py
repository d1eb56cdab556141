"""Demand by age band, sex and population group, and the out-of-school estimate (no I/O).

The migrant children of school age of a municipality are the needs run's (domain/needs.py:
Venezuelan migrants × the share aged 5–16); this module spreads them over the age bands and
sexes. By default both follow DANE's projection of the municipality itself (the host
population's structure: Migración Colombia publishes no structure by municipality); the
parameter `migrant_female_share` replaces the sex split. docs/methodology/supply.md gives
the formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

# The school-age bands (ages inclusive): the ages of transición, primaria, secundaria and
# media in Colombia's system.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("5", 5, 5),
    ("6–10", 6, 10),
    ("11–14", 11, 14),
    ("15–16", 15, 16),
)
SEXES = ("f", "m")
OUT_OF_SCHOOL_METHOD = (
    "estimación: población DANE de la banda y el sexo (migrantes: la estimación de la "
    "corrida de necesidades repartida por edad y sexo) − matrícula por edad, sexo y "
    "nacionalidad de las sedes (sede_enrolment; venezolana = migrante)"
)


def band_of(age: int) -> str | None:
    for name, low, high in BANDS:
        if low <= age <= high:
            return name
    return None


@dataclass(frozen=True)
class DemandParameters:
    # share of migrant children of school age who are girls; None: DANE's share of the
    # municipality's band
    migrant_female_share: float | None = None

    def problems(self) -> list[str]:
        share = self.migrant_female_share
        if share is not None and not 0 <= share <= 1:
            return ["migrant_female_share: a share from 0 to 1 (0,5 = 50 %), or empty"]
        return []


def split_migrants(
    migrant_school_age: float,
    population: dict[tuple[str, str], float],
    params: DemandParameters,
) -> dict[tuple[str, str], float]:
    """Migrant children of school age by (band, sex): in proportion to DANE's population of
    each band, and within a band by sex as DANE's or as `migrant_female_share`; never more
    than the band-sex population (the rest, the host group, is never negative)."""
    total = sum(population.values())
    found = {(band, sex): 0.0 for band, _, _ in BANDS for sex in SEXES}
    if total <= 0:
        return found
    for band, _, _ in BANDS:
        band_people = sum(population.get((band, s), 0.0) for s in SEXES)
        band_migrants = migrant_school_age * band_people / total
        for sex in SEXES:
            people = population.get((band, sex), 0.0)
            if params.migrant_female_share is None:
                share = people / band_people if band_people else 0.0
            else:
                f = params.migrant_female_share
                share = f if sex == "f" else 1 - f
            found[(band, sex)] = min(people, band_migrants * share)
    return found
