"""The gap report on the real official data."""

from __future__ import annotations

from trayecto.analytics import gaps
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


def kinds(report: dict, kind: str) -> list[dict]:
    return [f for f in report["flags"] if f["kind"] == kind]


def test_coverage_over_100_is_flagged_for_every_such_municipality_year(
    official: Warehouse,
) -> None:
    report = gaps.gap_report(official, "cobertura_neta")
    [expected] = rows(
        official.connect(),
        "select count(*) as n from official_indicator where level = 'municipality' "
        "and indicator_code = 'cobertura_neta' and value > 100",
    )
    flagged = kinds(report, "over_100")
    assert len(flagged) == expected["n"] > 1000
    assert "donde está la sede" in flagged[0]["message"]
    assert sum(1 for f in flagged if f["year"] == 2022) == 145  # README: 145 in 2022


def test_merged_municipalities_are_not_missing_after_their_last_year(
    official: Warehouse,
) -> None:
    report = gaps.gap_report(official, "cobertura_neta")
    mapiripana = [f["year"] for f in kinds(report, "missing_area") if f["area_code"] == "94663"]
    assert all(year <= 2019 for year in mapiripana)  # merged into 94343 after 2019
    assert kinds(report, "missing_year") == []


def test_migrant_file_gaps_are_the_seven_absent_municipalities(official: Warehouse) -> None:
    report = gaps.gap_report(official, "migrantes_venezolanos")
    missing = {(f["area_code"], f["year"]) for f in kinds(report, "missing_area")}
    absent = {"13655", "15114", "15550", "15778", "94888", "97777", "97889"}
    assert missing == {(code, year) for code in absent for year in (2021, 2022)}


def test_identity_failures_kept_at_import_are_listed(official: Warehouse) -> None:
    report = gaps.gap_report(official, "aprobacion")
    failed = kinds(report, "identity")
    assert failed
    for flag in failed:
        assert abs(flag["value"] - 100) > 1


def test_outliers_use_the_modified_z_score_of_year_on_year_changes(official: Warehouse) -> None:
    report = gaps.gap_report(official, "cobertura_neta")
    outliers = kinds(report, "outlier")
    assert outliers
    assert all("modified z" in f["message"] for f in outliers)
    # Vigía del Fuerte: 183.52 (2017) -> 77.93 (2018), when MEN changed population series.
    assert any(f["area_code"] == "05873" and f["year"] == 2018 for f in outliers)


def test_out_of_school_rate_below_zero_is_flagged(official: Warehouse) -> None:
    report = gaps.gap_report(official, "uis_tasa_fuera_escuela")
    negative = kinds(report, "negative")
    assert negative
    assert all(f["value"] < 0 for f in negative)
