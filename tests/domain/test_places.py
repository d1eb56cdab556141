"""The place matcher on real spellings: codes, names, aliases, ambiguity, suggestions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.geography import strip_accents
from trayecto.domain.places import (
    PlaceMatcher,
    affix_words,
    long_form,
    name_score,
    same_words,
    short_form,
)
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


@pytest.fixture(scope="module")
def matcher(reference_warehouse: Warehouse) -> PlaceMatcher:
    return matcher_from_warehouse(reference_warehouse.connect())


@pytest.fixture(scope="module")
def municipalities(reference_warehouse: Warehouse) -> list[dict[str, str]]:
    return rows(
        reference_warehouse.connect(),
        "select code, name, department_code, department_name from municipality "
        "where status = 'current'",
    )


# --------------------------------------------------------------------------- codes
@pytest.mark.parametrize(
    "written", [5001, 5001.0, "5001", "05001", " 05001 ", "CO05001", "co05001"]
)
def test_a_code_is_found_however_it_is_written(matcher: PlaceMatcher, written: object) -> None:
    match = matcher.match_municipality(code=written)
    assert (match.code, match.method, match.name) == ("05001", "code", "Medellín")


def test_a_sede_code_gives_the_municipality_that_issued_it(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(code="127001003453")  # a Quibdó school, Chocó 2026 list
    assert (match.code, match.method) == ("27001", "code")
    assert "Código de sede" in match.message


def test_the_known_changes_are_matched_and_explained(matcher: PlaceMatcher) -> None:
    new = matcher.match_municipality(code="27493")
    assert (new.code, new.method) == ("27493", "code")
    assert "27615" in new.message
    old = matcher.match_municipality(code=94663)
    assert old.code == "94663"
    assert "integrado a 94343" in old.message


def test_a_code_and_name_that_disagree_keep_the_code_and_say_so(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(code="05001", name="Bello")
    assert match.code == "05001"
    assert "no corresponde" in match.message


def test_an_unknown_code_falls_back_to_the_name(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(code="99999", name="Medellín", department="Antioquia")
    assert (match.code, match.method) == ("05001", "name")
    assert "99999" in match.message


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("name", "department", "code"),
    [
        ("Cúcuta", None, "54001"),
        ("San Jose De Cucuta", "Norte_De_Santander", "54001"),
        ("Tumaco", "Nariño", "52835"),
        ("Villa Maria", None, "17873"),
        ("Bogotá, D.C.", None, "11001"),
        ("BOGOTA D.C.", "Bogotá_D.C.", "11001"),
        ("Carmen De Viboral", "05", "05148"),
        ("Tolú Viejo", "Sucre", "70823"),
        ("La Uribe", "Meta", "50370"),
        ("La Unión", "Nariño", "52399"),
        ("Manaure", "Cesar", "20443"),
    ],
)
def test_real_spellings_match_by_name(
    matcher: PlaceMatcher, name: str, department: str | None, code: str
) -> None:
    match = matcher.match_municipality(name=name, department=department)
    assert (match.code, match.method) == (code, "name"), match.message


def test_an_ambiguous_name_lists_the_candidates(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(name="La Unión")
    assert match.code is None
    assert {c for c, _, _ in match.candidates} == {"05400", "52399", "70400", "76400"}
    assert "indique el departamento" in match.message


def test_buga_is_never_coded_from_the_wrong_alias(matcher: PlaceMatcher) -> None:
    for department in (None, "Valle del Cauca", "76"):
        match = matcher.match_municipality(name="Buga", department=department)
        assert match.code is None
        assert {c for c, _, _ in match.candidates} == {"76111", "76113"}
        assert "76111 Guadalajara de Buga" in match.message
    assert matcher.match_municipality(name="Guadalajara de Buga").code == "76111"
    assert matcher.match_municipality(code=76111, name="Buga").code == "76111"


def test_an_ok_alias_is_applied(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    municipalities = rows(con, "select * from municipality")
    departments = rows(con, "select * from department")
    alias = {
        "alias_normalised": "mompos",  # how OCHA and GIFMM write Santa Cruz de Mompox
        "department_code": "13",
        "municipality_code": "13468",
        "status": "ok",
    }
    assert PlaceMatcher(municipalities, departments).match_municipality(name="Mompós").code is None
    match = PlaceMatcher(municipalities, departments, [alias]).match_municipality(
        name="Mompós", department="Bolívar"
    )
    assert (match.code, match.method) == ("13468", "alias")


def test_a_name_from_another_department_is_not_applied(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(name="Medellín", department="Chocó")
    assert match.code is None
    assert match.candidates[0][0] == "05001"
    assert "no es un municipio de Chocó" in match.message


def test_typos_get_suggestions_that_are_not_applied(matcher: PlaceMatcher) -> None:
    match = matcher.match_municipality(name="Itsmina", department="Chocó")
    assert match.code is None
    assert match.method is None
    assert match.candidates[0][:2] == ("27361", "Istmina")
    assert "¿Quiso decir" in match.message


def test_departments_as_gifmm_writes_them(matcher: PlaceMatcher, shared_data: Path) -> None:
    with open(shared_data / "gifmm_reference_catalogs/depgifmm.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert matcher.match_department(name=row["nombre"]).code == row["id"].zfill(2)
    assert matcher.match_department(name="Norte_De_Santander").code == "54"
    assert matcher.match_department(code="CO08").code == "08"
    assert matcher.match_department(code=5).code == "05"


def test_gifmm_municipality_spellings_nearly_all_match(
    matcher: PlaceMatcher, shared_data: Path
) -> None:
    """mungifmm.csv: 1,119 GIFMM spellings with their codes (figures in the methodology)."""
    methods: dict[str | None, int] = {}
    wrong = []
    with open(shared_data / "gifmm_reference_catalogs/mungifmm.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["id"].zfill(5)
            match = matcher.match_municipality(name=row["nombre"], department=code[:2])
            methods[match.method] = methods.get(match.method, 0) + 1
            if match.code is not None and match.code != code:
                wrong.append((code, row["nombre"], match.code))
    assert methods == {"name": 1112, None: 7}
    # The only 'wrong' one is GIFMM's own retired code for Belén de Bajirá.
    assert wrong == [("27086", "Belén De Bajira", "27493")]


def test_the_5w_extract_spellings_match_their_codes(
    matcher: PlaceMatcher, shared_data: Path
) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(shared_data / "gifmm_5w_immap_extract/final.xlsx"))
    sheet = book.get_sheet_by_name("5w_sector_mes.xlsx").to_python()
    header = sheet[0]
    total = matched = 0
    for values in sheet[1:]:
        row = dict(zip(header, values, strict=True))
        match = matcher.match_municipality(
            name=row["Admin Municipio"], department=row["Admin Departamento"]
        )
        total += 1
        assert match.code in (None, f"{int(row['mpio']):05d}"), (row, match)
        matched += match.code is not None
    assert total == 708
    assert matched == 708


# --------------------------------------------------------------------------- properties
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_official_name_stripped_and_upper_cased_matches_its_code(
    matcher: PlaceMatcher, municipalities: list[dict[str, str]], data: st.DataObject
) -> None:
    unit = data.draw(st.sampled_from(municipalities))
    spelling = data.draw(
        st.sampled_from(
            [
                unit["name"],
                unit["name"].upper(),
                strip_accents(unit["name"]).upper(),
                strip_accents(unit["name"]).lower().replace(" ", "_"),
                f"  {unit['name'].title()}  ",
            ]
        )
    )
    match = matcher.match_municipality(name=spelling, department=unit["department_name"])
    assert match.code == unit["code"], (spelling, match)
    without_department = matcher.match_municipality(name=spelling)
    assert without_department.code in (unit["code"], None)
    if without_department.code is None:  # a name shared by several departments
        assert unit["code"] in {c for c, _, _ in without_department.candidates}


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_code_written_as_int_or_pcode_matches(
    matcher: PlaceMatcher, municipalities: list[dict[str, str]], data: st.DataObject
) -> None:
    unit = data.draw(st.sampled_from(municipalities))
    written = data.draw(
        st.sampled_from([unit["code"], int(unit["code"]), float(unit["code"]), "CO" + unit["code"]])
    )
    assert matcher.match_municipality(code=written).code == unit["code"]


@given(st.text(max_size=30))
def test_matching_never_fails_on_any_text(text: str) -> None:
    matcher = PlaceMatcher(
        [{"code": "05001", "name": "Medellín", "department_code": "05"}],
        [{"code": "05", "name": "Antioquia"}],
    )
    match = matcher.match_municipality(code=text, name=text, department=text)
    assert match.code in (None, "05001")
    assert isinstance(match.message, str)


def test_scores_rank_exact_over_short_forms_over_fuzzy() -> None:
    assert name_score("cucuta", "cucuta") == 1.0
    assert name_score("cucuta", "san jose de cucuta") == 0.9
    assert name_score("buga", "bugalagrande") < 0.85
    assert same_words("san pablo borbur", "san pablo de borbur")
    assert affix_words("piendamo", "piendamo tunia")
    assert not affix_words("rosa", "santa rosa de osos")
    assert not short_form("san", "san andres de cuerquia")
    assert long_form("san jose de cucuta", "cucuta")
    assert long_form("cartagena de indias", "cartagena")
    assert not long_form("san rosa viterbo", "viterbo")


def test_a_longer_name_is_matched_only_around_a_connector(matcher: PlaceMatcher) -> None:
    assert matcher.match_municipality(name="Santiago de Cali", department="Valle").code == "76001"
    assert matcher.match_municipality(name="Santiago de Cali", department="76").code == "76001"
    # Without a department it could also be Santiago (Norte de Santander or Putumayo).
    assert len(matcher.match_municipality(name="Santiago de Cali").candidates) == 3
    assert matcher.match_municipality(name="San Juan de Pasto").code == "52001"
    assert matcher.match_municipality(name="San Rosa Viterbo").code is None
