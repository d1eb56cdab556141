"""Place lists for the 5W importer tests, read from the real data mirror."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from trayecto.domain.geography import Municipality
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w_places import CodeTableMatcher, municipalities_from_divipola


@pytest.fixture(scope="session")
def colombia(shared_data: Path) -> list[Municipality]:
    return municipalities_from_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")))


@pytest.fixture(scope="session")
def colombia_matcher(colombia: list[Municipality]) -> PlaceMatcher:
    """The geography's matcher (codes, names, short forms) over the real DIVIPOLA list."""
    departments = {m.department_code: m.department_name for m in colombia}
    return PlaceMatcher(
        [{"code": m.code, "name": m.name, "department_code": m.department_code} for m in colombia],
        [{"code": code, "name": name} for code, name in departments.items()],
    )


@pytest.fixture(scope="session")
def venezuela_matcher(shared_data: Path) -> CodeTableMatcher:
    """Venezuelan municipalities (OCHA P-codes) from the cluster's cleaned file."""
    path = shared_data / "education_cluster_5w_venezuela" / "240506_1625_unique_ben.csv"
    with path.open(encoding="utf-8") as fh:
        places = {
            r["pcode2"]: Municipality(r["pcode2"], r["municipality"], r["pcode1"], r["state"])
            for r in csv.DictReader(fh)
        }
    return CodeTableMatcher(list(places.values()))
