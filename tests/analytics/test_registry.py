"""Every indicator has complete metadata and its SQL runs on the real official data."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.analytics import compute, registry
from trayecto.domain.indicators import REQUIRED_FIELDS, Indicator, MetadataError
from trayecto.warehouse import Warehouse

CONTRACT_CODES = [
    "poblacion_5_16",
    "tasa_matriculacion_5_16",
    "cobertura_neta",
    "cobertura_bruta",
    *(
        f"cobertura_{k}_{lv}"
        for k in ("neta", "bruta")
        for lv in ("transicion", "primaria", "secundaria", "media")
    ),
    *(
        f"{f}{lv}"
        for f in ("desercion", "aprobacion", "reprobacion", "repitencia")
        for lv in ("", "_transicion", "_primaria", "_secundaria", "_media")
    ),
    "migrantes_venezolanos",
    "migrantes_por_1000",
    "uis_tasa_bruta_matricula",
    "uis_tasa_neta_matricula",
    "uis_tasa_neta_ajustada",
    "uis_tasa_fuera_escuela",
]


def test_the_codes_of_the_cli_contract_are_registered() -> None:
    missing = [code for code in CONTRACT_CODES if code not in registry.indicators()]
    assert missing == []


@pytest.mark.parametrize("code", sorted(registry.indicators()))
def test_every_indicator_has_its_metadata(code: str) -> None:
    indicator = registry.get(code)
    for name in REQUIRED_FIELDS:
        value = getattr(indicator, name)
        assert value or name == "disaggregations", f"{code}: {name} is empty"
    assert registry.sql_path(indicator).exists()
    assert indicator.family in ("MEN", "UIS", "GIFMM", "OCHA")


@pytest.mark.parametrize("code", sorted(registry.indicators()))
def test_every_numerator_and_denominator_is_translated(code: str) -> None:
    # Every text so far has Spanish words in it; one that were only a column name would
    # read the same in both languages and would be listed here as an exception.
    indicator = registry.get(code)
    assert indicator.numerator_en.strip()
    assert indicator.numerator_en != indicator.numerator
    assert indicator.denominator_en.strip()
    assert indicator.denominator_en != indicator.denominator


def test_metadata_without_an_english_numerator_is_refused() -> None:
    data = dict.fromkeys(REQUIRED_FIELDS, "x") | {"numerator_en": ""}
    with pytest.raises(MetadataError, match="missing numerator_en"):
        Indicator.from_mapping(data, where="x.toml")


OFFICIAL_CODES = sorted(
    c
    for c, i in registry.indicators().items()
    if not {"sede_enrolment", "sede_enrolment_grade", "sede"} & set(i.requires)
)


@pytest.mark.slow
# Indicators computed from sede data run on it: test_school_level_registry.py.
@pytest.mark.parametrize("code", OFFICIAL_CODES)
def test_every_indicator_runs_at_every_level_on_real_data(code: str, official: Warehouse) -> None:
    indicator = registry.get(code)
    year = 2022 if code.startswith("migrantes") else 2025 if indicator.family == "OCHA" else 2019
    for level in indicator.levels:
        rows = compute.run(official, compute.Query(code, level, year=year))
        assert rows, f"{code} has no rows at {level} in {year}"
        values = [r["value"] for r in rows if r["value"] is not None]
        assert values, f"{code} has no value at {level}"
        for r in rows:
            assert {"area_code", "area_name", "year", "value", "unit", "provenance"} <= r.keys()
            assert r["provenance"]["status"] in ("observed", "computed", "estimated", "missing")
            assert r["provenance"]["source"] or r["value"] is None


def test_metadata_without_a_field_is_refused(tmp_path: Path) -> None:
    data = {"code": "x", "family": "MEN", "name_es": "x", "name_en": "x"}
    with pytest.raises(MetadataError, match="missing definition_es"):
        Indicator.from_mapping(data, where="x.toml")


def test_an_unknown_aggregation_is_refused() -> None:
    data = dict.fromkeys(REQUIRED_FIELDS, "x") | {
        "family": "MEN",
        "unit": "percent",
        "levels": ["nation"],
        "disaggregations": [],
        "source": ["men-municipio"],
        "aggregation": "mean",
    }
    with pytest.raises(MetadataError, match="aggregation"):
        Indicator.from_mapping(data, where="x.toml")


def test_an_unknown_code_names_the_known_ones() -> None:
    with pytest.raises(registry.UnknownIndicator, match="cobertura_neta"):
        registry.get("cobertura_nada")


def test_every_indicator_is_documented() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "indicators.md"
    text = doc.read_text(encoding="utf-8")
    missing = [code for code in registry.indicators() if f"`{code}`" not in text]
    assert missing == []


def test_coverage_marks_exactly_the_enrolment_over_population_rates() -> None:
    """`coverage` (a value above 100 is flagged, with its cause) is set on the rates whose
    numerator is enrolment and whose denominator is resident population, and on no other:
    a rate over enrolment (dropout, promotion) or its complement (out of school) is not."""
    for code, indicator in registry.indicators().items():
        over_population = indicator.denominator.lower().startswith(("población", "poblacion"))
        of_enrolment = indicator.numerator.lower().startswith("matr")
        expected = indicator.unit == "percent" and over_population and of_enrolment
        assert indicator.coverage == expected, code
    assert not registry.get("uis_tasa_promocion").coverage  # the explorer flagged it before
    assert registry.get("uis_tasa_neta_ajustada").coverage
