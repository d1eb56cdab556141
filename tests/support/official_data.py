"""One warehouse with every official statistics source imported from the real data mirror,
shared by the analytics, CLI and web tests (built once per test session)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from trayecto.importers import (
    dane_proyecciones,
    men_departamento,
    men_municipio,
    migracion_venezolanos,
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


def load_official(data: Path, warehouse: Warehouse) -> None:
    for loader, relative in (
        (men_municipio.load, MEN_MUNICIPIO),
        (men_departamento.load, MEN_DEPARTAMENTO_2023),
        (men_departamento.load, MEN_DEPARTAMENTO_2024),
        (dane_proyecciones.load, DANE.format("municipio")),
        (dane_proyecciones.load, DANE.format("departamento")),
        (dane_proyecciones.load, DANE.format("nacional")),
        (migracion_venezolanos.load, MIGRANTS),
    ):
        report = loader(data / relative, warehouse, dry_run=False)
        assert not report.refused, report.problems[:3]
    if not warehouse.has("municipality_etc"):
        publish_geography_from_men(data, warehouse)


def publish_geography_from_men(data: Path, warehouse: Warehouse) -> None:
    """The ETC of each municipality per year, as the MEN file states it.

    Stand-in for the shared geography tables (`municipality_etc`, `etc`) for as long as
    the geography import is not part of this branch; same table and column names.
    """
    men = pl.read_csv(data / MEN_MUNICIPIO, infer_schema=False, encoding="utf8-lossy")
    men = men.rename({men.columns[0]: "AÑO"})
    rows = men.filter(pl.col("MUNICIPIO") != "NACIONAL").select(
        pl.col("AÑO").str.replace_all(",", "").cast(pl.Int16).alias("year"),
        pl.col("CÓDIGO_MUNICIPIO").str.replace_all(",", "").str.zfill(5).alias("municipality_code"),
        pl.col("CÓDIGO_ETC").str.replace_all(",", "").alias("etc_code"),
        pl.col("ETC").alias("etc_name"),
    )
    etc = (
        rows.group_by("etc_code")
        .agg(
            pl.col("etc_name").last().alias("name"),
            pl.col("municipality_code").first().str.slice(0, 2).alias("department_code"),
        )
        .rename({"etc_code": "code"})
    )
    warehouse.publish_many({"municipality_etc": rows.to_arrow(), "etc": etc.to_arrow()})
