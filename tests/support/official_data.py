"""One warehouse with every official statistics source imported from the real data mirror,
shared by the analytics, CLI and web tests (built once per test session)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from trayecto.importers import (
    dane_proyecciones,
    jiaf_hno,
    men_departamento,
    men_municipio,
    migracion_venezolanos,
    registry,
)
from trayecto.warehouse import Warehouse

MEN_MUNICIPIO = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)
MEN_DEPARTAMENTO_2023 = (
    "men_estadisticas_departamento/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_DEPARTAMENTO_20231022.csv"
)
MEN_DEPARTAMENTO_2024 = "men_estadisticas_departamento/MEN_estadisticas_departamento_2011_2024.csv"
DANE = "dane_proyecciones_edad_simple/dane_proyeccion_poblacion_{}_edad_simple_sexo_2012_2024.csv"
MIGRANTS = "migracion_venezolanos_municipio/poblacion_migrante_venezolana_municipio_2021_2022.csv"
JIAF = "ocha_jiaf_hno_colombia/jiaf_global_2025_colombia_pin_by_municipality.csv"


_built: dict[Path, Warehouse] = {}


def official_warehouse(data: Path, scratch: Path) -> Warehouse:
    """The warehouse with every official source, built once per test session."""
    if data not in _built:
        warehouse = Warehouse(scratch / "official-warehouse")
        load_official(data, warehouse)
        _built[data] = warehouse
    return _built[data]


SOURCE_2023 = men_departamento.SOURCE_2023


def load_official(data: Path, warehouse: Warehouse) -> None:
    for loader, relative in (
        (men_municipio.load, MEN_MUNICIPIO),
        (
            partial(men_departamento.load, source=men_departamento.SOURCE_2023),
            MEN_DEPARTAMENTO_2023,
        ),
        (men_departamento.load, MEN_DEPARTAMENTO_2024),
        (dane_proyecciones.load, DANE.format("municipio")),
        (dane_proyecciones.load, DANE.format("departamento")),
        (dane_proyecciones.load, DANE.format("nacional")),
        (migracion_venezolanos.load, MIGRANTS),
        (jiaf_hno.load, JIAF),
    ):
        report = loader(data / relative, warehouse, dry_run=False)
        assert not report.refused, report.problems[:3]
    # The shared geography (names, ETC of each municipality) comes from its own imports.
    for source_id in ("divipola", "etc", "mgn2018"):
        source = registry.get(source_id)
        report = source.load_function()(
            data / source.folder / source.filename, warehouse, dry_run=False
        )
        assert not report.refused, report.problems[:3]
