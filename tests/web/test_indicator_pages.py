"""Indicator explorer, downloads, methodology and ETC pages on the real imported data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import hxl
import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from tests.web.test_every_page import SNAKE_KEY
from trayecto.analytics import registry


@pytest.fixture
def official_site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_site")]


def test_explorer_shows_values_provenance_and_published_figures(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "department", "area": "81"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Arauca" in html
    assert '<td class="num">92,67</td>' in html  # 2022, re-aggregated, decimal comma
    assert "men-municipio (2022)" in html  # source and vintage
    assert "computed" in html
    assert "≠ publicado" in html  # 2014: MEN's old departmental series differs
    assert 'id="trend-spec"' in html
    assert '<option value="3824">' in html  # area suggestions: departments and ETCs
    assert "trayecto/vendor/vega-embed.js" in html


def test_explorer_maps_one_year_of_a_department_level(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "department", "anio": "2022"}
    )
    spec = response.context["charts"].map
    assert spec is not None
    features = spec["data"]["values"]
    assert len(features) == 33
    valued = [f for f in features if f["properties"]["value"] is not None]
    assert len(valued) == 33
    assert 'id="map-spec"' in response.content.decode()


def test_explorer_maps_the_municipalities_of_one_department(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "migrantes_por_1000", "nivel": "municipality", "area": "54"}
    )
    assert response.context["result"].map_year == 2022
    spec = response.context["charts"].map
    codes = {f["properties"]["code"] for f in spec["data"]["values"]}
    assert len(codes) == 40  # Norte de Santander
    cucuta = next(f for f in spec["data"]["values"] if f["properties"]["code"] == "54001")
    assert cucuta["properties"]["value"] > 200  # Oct 2022: 217,897 migrants


def test_explorer_flags_coverage_above_100_with_its_cause(client: Client) -> None:
    response = client.get(
        "/indicadores/",
        {"indicador": "cobertura_neta", "nivel": "municipality", "area": "05", "anio": "2022"},
    )
    html = response.content.decode()
    assert 'class="flag over_100"' in html
    assert "la matrícula se cuenta donde está la sede" in html


def test_coverage_is_never_shown_below_the_municipality(client: Client) -> None:
    response = client.get("/indicadores/", {"indicador": "cobertura_bruta", "nivel": "sede"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no se calcula por sede" in html
    assert 'id="indicator-table"' not in html


def test_sex_is_offered_only_where_the_sources_have_it(client: Client) -> None:
    response = client.get("/indicadores/", {"indicador": "cobertura_neta", "sexo": "f"})
    assert "no tiene desagregación por sexo" in response.content.decode()
    response = client.get(
        "/indicadores/",
        {"indicador": "poblacion_5_16", "sexo": "f", "nivel": "nation", "anio": "2024"},
    )
    [row] = response.context["rows"]
    assert row["sex"] == "f"
    assert row["provenance"]["source"] == "dane-proyecciones"


def test_estimates_are_labelled_on_the_page(client: Client) -> None:
    response = client.get(
        "/indicadores/",
        {
            "indicador": "poblacion_5_16",
            "nivel": "department",
            "area": "81",
            "estimar": "carry_forward",
        },
    )
    html = response.content.decode()
    assert "incluye valores ESTIMADOS" in html
    assert 'class="flag estimated"' in html
    # the method and the status by their names, never their keys
    assert "(último valor conocido)" in html
    assert '<option value="carry_forward" selected>último valor conocido</option>' in html
    assert ">estimado</span>" in html
    assert ">estimated</span>" not in html
    assert "Población de 5 a 16 años" in html
    assert "MEN · personas</small>" in html


def test_csv_download_carries_provenance(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "desercion", "nivel": "nation", "formato": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    years = {int(r["anio"]) for r in rows}
    assert {2011, 2022} <= years
    assert all(r["fuente"] == "men-municipio" and r["estado"] == "computed" for r in rows)
    # the words beside the codes, in the page's language
    assert {(r["estado_texto"], r["unidad_texto"]) for r in rows} == {("calculado", "%")}
    header = list(rows[0])
    assert header[header.index("estado") + 1] == "estado_texto"
    assert all(not SNAKE_KEY.search(r["metodo_texto"]) for r in rows)


@pytest.mark.parametrize(
    ("language", "status", "estimated", "unit"),
    [("es", "calculado", "estimado", "personas"), ("en", "computed", "estimated", "persons")],
)
def test_downloads_say_status_method_and_unit_in_the_pages_language(
    client: Client, language: str, status: str, estimated: str, unit: str
) -> None:
    """Estimated years filled by carrying the last value forward: their method in words."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    asked = {"indicador": "poblacion_5_16", "nivel": "department", "area": "81",
             "estimar": "carry_forward", "formato": "xlsx"}  # fmt: skip
    response = client.get("/indicadores/", asked)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["datos"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    found = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r["estado_texto"] for r in found} == {status, estimated}
    assert {r["unidad_texto"] for r in found} == {unit}
    methods = {r["metodo_texto"] for r in found if r["estado"] == "estimated"}
    assert methods
    assert all(not SNAKE_KEY.search(m or "") for m in methods), methods


def test_hxl_download_is_read_by_libhxl(client: Client, tmp_path: Path) -> None:
    response = client.get(
        "/indicadores/",
        {"indicador": "cobertura_neta", "nivel": "department", "anio": "2022", "formato": "hxl"},
    )
    path = tmp_path / "x.hxl.csv"
    path.write_bytes(response.getvalue())
    dataset = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in dataset.columns]
    assert "#adm1+code" in tags
    assert "#indicator+value+num" in tags
    values = [row.get("#adm1+code") for row in dataset]
    assert len(values) == 33


def test_xlsx_download_has_data_and_methodology(client: Client, tmp_path: Path) -> None:
    response = client.get(
        "/indicadores/",
        {"indicador": "cobertura_neta", "nivel": "etc", "anio": "2022", "formato": "xlsx"},
    )
    path = tmp_path / "x.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["datos", "metodologia"]
    data = list(book["datos"].iter_rows(values_only=True))
    assert data[0][0] == "codigo_area"
    assert 90 <= len(data) - 1 <= 100  # one row per ETC
    page = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "etc", "anio": "2022"}
    ).content.decode()
    assert '<a href="/etc/3824/">' in page
    about = {row[0]: row[1] for row in book["metodologia"].iter_rows(values_only=True)}
    assert about["nombre / name"] == "Cobertura neta"
    english = {row[0]: row[2] for row in book["metodologia"].iter_rows(values_only=True)}
    indicator = registry.get("cobertura_neta")
    assert about["numerador / numerator"] == indicator.numerator
    assert english["numerador / numerator"] == indicator.numerator_en != indicator.numerator


@pytest.mark.parametrize("code", sorted(registry.indicators()))
def test_every_indicator_has_a_methodology_page(client: Client, code: str) -> None:
    response = client.get(f"/metodologia/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    indicator = registry.get(code)
    assert escape(indicator.definition_es) in html
    assert escape(indicator.definition_en) in html
    assert "select" in html.lower()  # the SQL is shown


def test_methodology_in_english(client: Client) -> None:
    client.cookies["django_language"] = "en"  # the ES | EN switch; Accept-Language is not followed
    response = client.get("/metodologia/cobertura_neta/")
    assert "<h1>Net enrolment rate (MEN)" in response.content.decode()


@pytest.mark.parametrize("code", ["desercion", "uis_tasa_neta_matricula_sedes", "pin_education"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_methodology_gives_numerator_and_denominator_in_the_page_language(
    client: Client, code: str, language: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/metodologia/{code}/").content.decode()
    indicator = registry.get(code)
    shown, hidden = (
        (
            (indicator.numerator, indicator.denominator),
            (indicator.numerator_en, indicator.denominator_en),
        )
        if language == "es"
        else (
            (indicator.numerator_en, indicator.denominator_en),
            (indicator.numerator, indicator.denominator),
        )
    )
    for text in shown:
        assert f"<dd>{escape(text)}</dd>" in html
    for text in hidden:
        assert escape(text) not in html


@pytest.mark.parametrize(
    ("language", "levels", "cuts"),
    [("es", "nación, departamento, ETC, municipio, sede", "sexo, nacionalidad"),
     ("en", "nation, department, ETC, municipality, sede", "sex, nationality")],
)  # fmt: skip
def test_the_levels_and_cuts_of_an_indicator_read_in_words(
    client: Client, language: str, levels: str, cuts: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/metodologia/desercion_sede/").content.decode()
    assert f"<dd>{levels}</dd>" in html
    assert f"<dd>{cuts}</dd>" in html


def test_unknown_pages_are_404(client: Client) -> None:
    assert client.get("/metodologia/no_existe/").status_code == 404
    assert client.get("/etc/99999/").status_code == 404


def test_etc_page_lists_its_indicators_and_municipalities(client: Client) -> None:
    response = client.get("/etc/3824/")  # Arauca (ETC)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arauca (ETC)" in html
    assert "81794" in html  # Tame
    assert "Cobertura neta" in html
    # The ETC covers all 7 municipalities: the department's value (decimal comma in Spanish).
    assert "92,67" in html


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_official_statistics_are_public(client: Client, role: str, django_user_model: type) -> None:
    if role == "staff":
        user = django_user_model.objects.create_user("ana", password="x-long-password")
        client.force_login(user)
    assert client.get("/indicadores/").status_code == 200
    assert client.get("/etc/3824/").status_code == 200


def test_explorer_in_english(client: Client) -> None:
    client.cookies["django_language"] = "en"  # the ES | EN switch; Accept-Language is not followed
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "department", "area": "81"}
    )
    html = response.content.decode()
    assert "Indicator explorer" in html
    assert "Net enrolment rate (MEN)" in html
    assert "≠ published" in html
    assert "Gap report" in html
    # the chart's words too: axis, legend and tooltip titles, statuses
    assert '"title": "year"' in html
    assert '"observed", "computed", "estimated"' in html
    assert '"title": "a\\u00f1o"' not in html


def test_the_gap_report_speaks_the_users_words(client: Client) -> None:
    response = client.get("/indicadores/", {"indicador": "cobertura_neta", "nivel": "municipality"})
    html = response.content.decode()
    assert "Informe de vacíos: " in html
    assert "&gt; 100: " in html  # coverage over 100, labelled as in the table's flags
    assert "over_100" not in html.split('class="gaps"')[1].split("</p>")[0]


@pytest.mark.parametrize(
    "query",
    [
        {"indicador": "cobertura_neta", "nivel": "municipality", "area": "81"},
        {"indicador": "cobertura_bruta", "nivel": "municipality", "area": "81", "anio": "2019"},
        {"indicador": "desercion", "nivel": "department"},  # 396 rows: four pages
    ],
)
def test_the_gap_report_counts_the_rows_of_the_table_beside_it(
    client: Client, query: dict[str, str]
) -> None:
    response = client.get("/indicadores/", query)
    pages = response.context["page"].paginator.num_pages
    shown: dict[str, int] = {}
    for number in range(1, pages + 1):  # the report covers every page of the table
        for row in client.get("/indicadores/", {**query, "pagina": number}).context["rows"]:
            for _kind, label in row["flags"]:
                shown[str(label)] = shown.get(str(label), 0) + 1
    assert shown  # the table shows flags…
    # …and the report above it counts exactly those, under the same filters
    assert {str(label): count for label, count in response.context["gap_counts"]} == shown
    html = response.content.decode()
    report = html.split('class="gaps"')[1].split("</p>")[0]
    for label, count in shown.items():
        assert f"{escape(label)}: {count}" in report


def test_counts_are_whole_numbers_with_the_languages_separators(client: Client) -> None:
    query = {"indicador": "migrantes_venezolanos", "nivel": "department", "orden": "-valor"}
    response = client.get("/indicadores/", query)
    top = response.context["rows"][0]
    assert top["area_name"] == "Bogotá, D.C."  # the most migrants, first when sorted so
    count = round(top["value"])
    assert count > 100_000
    spanish = f"{count:,}".replace(",", ".")  # 181.557, not 181557,00
    assert f'<td class="num">{spanish}</td>' in response.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/indicadores/", query).content.decode()
    assert f'<td class="num">{count:,}</td>' in english  # 181,557


def test_the_flag_glossary_names_flags_as_the_table_does(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "municipality", "area": "81"}
    )
    glossary = response.content.decode().split('id="flag-help"')[1].split("</dl>")[0]
    for code in ("over_100", "incomplete", "missing_area", "differs"):
        assert f">{code}<" not in glossary
    assert "&gt; 100</span></dt>" in glossary
    assert "incompleto</span></dt>" in glossary
    client.cookies["django_language"] = "en"
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta", "nivel": "municipality", "area": "81"}
    )
    glossary = response.content.decode().split('id="flag-help"')[1].split("</dl>")[0]
    assert "incomplete</span></dt>" in glossary  # the English catalogue's label


def test_mens_own_inconsistency_is_named_with_both_figures(client: Client) -> None:
    response = client.get(
        "/indicadores/",
        {"indicador": "tasa_matriculacion_5_16", "nivel": "department", "anio": "2018"},
    )
    [choco] = [r for r in response.context["rows"] if r["area_code"] == "27"]
    assert [kind for kind, _label in choco["flags"]] == ["publisher_inconsistency"]
    assert (choco["published_value"], round(choco["value"], 2)) == (79.81, 89.79)
    html = response.content.decode()
    assert "MEN se contradice" in html
    assert "Las propias tablas de MEN no coinciden" in html  # the glossary says what it means


def test_the_weighting_behind_a_different_published_figure_is_explained(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "cobertura_neta_primaria", "nivel": "department"}
    )
    html = response.content.decode()
    assert "≠ publicado" in html
    assert 'id="differs-note"' in html
    assert "CNPV 2005" in html
    # A total weighted by MEN's own population carries no such note.
    response = client.get("/indicadores/", {"indicador": "cobertura_neta", "nivel": "department"})
    assert 'id="differs-note"' not in response.content.decode()


def test_csv_for_excel_in_spanish_uses_semicolons_and_decimal_commas(client: Client) -> None:
    query = {"indicador": "desercion", "nivel": "department", "area": "81"}
    plain = client.get("/indicadores/", {**query, "formato": "csv"})
    excel = client.get("/indicadores/", {**query, "formato": "csv-excel"})
    assert excel.status_code == 200
    assert excel["Content-Disposition"].endswith('.excel-es.csv"')
    body = excel.getvalue()
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel keeps the accents
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    reference = list(csv.DictReader(io.StringIO(plain.getvalue().decode("utf-8-sig"))))
    assert len(rows) == len(reference) > 0  # the same rows and columns as the plain CSV
    assert rows[0].keys() == reference[0].keys()
    for mine, theirs in zip(rows, reference, strict=True):
        assert float(mine["valor"].replace(",", ".")) == pytest.approx(float(theirs["valor"]))
        assert "." not in mine["valor"]
    assert any("," in r["valor"] for r in rows)  # rates keep their decimals, with a comma
    html = client.get("/indicadores/", query).content.decode()
    assert html.index("formato=xlsx") < html.index("formato=csv-excel") < html.index('formato=csv"')
