"""The seed catalogue against the GIFMM reference catalogue it copies."""

from __future__ import annotations

import csv
from pathlib import Path

from trayecto.domain.catalogue import (
    EIE_ACTIVITIES,
    GIFMM_EDUCATION_INDICATORS,
    GIFMM_EDUCATION_SECTOR_ID,
    Unit,
    activity_index,
)


def test_education_indicators_are_those_of_the_gifmm_catalogue(shared_data: Path) -> None:
    path = shared_data / "gifmm_reference_catalogs" / "indicadorgifmm.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["sectorgifmm_id"]) == 6]
    assert GIFMM_EDUCATION_SECTOR_ID == 6
    assert [(int(r["id"]), r["nombre"], r["fechadeshabilitacion"]) for r in rows] == [
        (i.id, i.name, i.disabled_from) for i in GIFMM_EDUCATION_INDICATORS
    ]


def test_every_activity_has_a_unit_and_an_active_indicator() -> None:
    active = {i.id for i in GIFMM_EDUCATION_INDICATORS if not i.disabled_from}
    codes = [a.code for a in EIE_ACTIVITIES]
    assert len(set(codes)) == len(codes)
    for activity in EIE_ACTIVITIES:
        assert isinstance(activity.unit, Unit)
        assert activity.gifmm_indicator in active
    assert {a.unit for a in EIE_ACTIVITIES} == set(Unit)


def test_activities_are_found_by_code_name_or_label() -> None:
    index = activity_index()
    assert index["edu-04"].name_en == "School feeding"
    assert index["alimentacion escolar"].code == "EDU-04"
    assert index["edu-04 - alimentacion escolar"].code == "EDU-04"
