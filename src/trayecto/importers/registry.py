"""The registry of datasets Trayecto imports: where each comes from and which loader reads it.

Every dataset has a stable id (DESIGN.md, CLI contract: never rename one), listed below in
this one module. A loader is `load(path, warehouse, *, dry_run=False, **options) ->
ImportReport`, the function `load` of its module (a source's `options` are passed to it), and
has one shape: read the file (a file it cannot read is refused with `report.refuse`), validate every
row (each one imported or rejected with a Problem), then publish its tables once, in one
manifest swap, only when the file was accepted: `finish.finish` with the strategy
`Replace` (reference tables), `Parts` (fact tables kept by vintage) or `Merge` (the
partitioned school tables). docs/architecture.md, "The importer kit".

Loaders of importers/ modules are named as "module:function" and imported on use, so listing
sources stays cheap. The source that writes the operational database (`5w`) is
loaded by the web app, which registers its loader with `register_loader` when Django starts
(web/response/apps.py): the core never hands control to Django by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trayecto.domain.problems import ImportReport
from trayecto.warehouse import Warehouse

IMPORTERS = "trayecto.importers."


class Loader(Protocol):
    def __call__(self, path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport: ...


class LoaderMissing(LookupError):
    """A source loaded by the web app, asked for before the web app registered its loader."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str  # the official download address; "" for formats partners or ETCs send
    folder: str  # folder of the local mirror laid out like shared/data
    filename: str  # file inside `folder` that the loader reads by default
    # "trayecto.importers.<module>:<function>"; "" when the web app registers the loader
    loader: str
    official: bool = True  # fetched and loaded by `sources fetch` / `demo`
    also: tuple[str, ...] = ()  # further files of `folder` the loader reads beside `filename`
    # keyword options the loader is called with (one module, two sources: men-departamento)
    options: tuple[tuple[str, str], ...] = ()

    @property
    def reader(self) -> str:
        """The loader as "module:function", for `sources list`."""
        registered = REGISTERED_LOADERS.get(self.id)
        if registered is not None:
            return f"{registered.__module__}:{getattr(registered, '__qualname__', registered)}"
        return self.loader or "registered by the web app"

    @property
    def loaded_by_web(self) -> bool:
        """Its loader is the web app's (it writes the operational database): Django starts
        before it is asked for."""
        return not self.loader

    def load_function(self) -> Loader:
        registered = REGISTERED_LOADERS.get(self.id)
        if registered is not None:
            return registered
        if not self.loader:
            raise LoaderMissing(
                f"source {self.id!r} is loaded by the web app: start Django first "
                "(`trayecto import` does), which registers its loader"
            )
        module_name, _, function = self.loader.partition(":")
        loader: Callable[..., ImportReport] = getattr(
            importlib.import_module(module_name), function
        )
        if not self.options:
            return loader
        options = dict(self.options)

        def with_options(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
            return loader(path, warehouse, dry_run=dry_run, **options)

        return with_options


SOURCES: dict[str, Source] = {}
REGISTERED_LOADERS: dict[str, Loader] = {}


def register(source: Source) -> Source:
    if source.id in SOURCES:
        raise ValueError(f"source id {source.id!r} registered twice")
    if source.loader and not source.loader.startswith(IMPORTERS):
        raise ValueError(
            f"source {source.id!r}: a loader named by string lives in {IMPORTERS}*; "
            "other packages register theirs with register_loader"
        )
    SOURCES[source.id] = source
    return source


def register_loader(source_id: str, loader: Loader) -> None:
    """Give a source listed here without a loader string (`5w`) its loader.

    The web app calls this when Django starts; registering the same function again is
    harmless, so an app that starts twice (tests) needs no guard.
    """
    source = get(source_id)
    if source.loader:
        raise ValueError(f"source {source_id!r} already has its loader {source.loader!r}")
    known = REGISTERED_LOADERS.get(source_id)
    if known is not None and known is not loader:
        raise ValueError(f"source {source_id!r}: another loader is registered already")
    REGISTERED_LOADERS[source_id] = loader


def get(source_id: str) -> Source:
    try:
        return SOURCES[source_id]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise KeyError(f"unknown source {source_id!r}; known sources: {known}") from None


# ---------------------------------------------------------------------------------- sources

register(
    Source(
        id="divipola",
        title="DIVIPOLA – códigos de departamentos y municipios geolocalizados",
        publisher="DANE",
        url="https://www.datos.gov.co/api/views/gdxc-w37w/rows.csv?accessType=DOWNLOAD",
        folder="divipola",
        filename="DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv",
        loader="trayecto.importers.divipola:load",
    )
)

register(
    Source(
        id="pcodes",
        title="OCHA Global P-codes, admin 1-2 (Colombia = CO + código DANE)",
        publisher="OCHA (HDX)",
        url=(
            "https://data.humdata.org/dataset/cb963915-d7d1-4ffa-90dc-31277e24406f/resource/"
            "f65bc260-4d8b-416f-ac07-f2433b4d5142/download/global_pcodes_adm_1_2.csv"
        ),
        folder="ocha_pcodes_col",
        filename="global_pcodes_adm1_adm2_COL.csv",
        loader="trayecto.importers.pcodes:load",
    )
)

# DANE publishes the MGN as shapefile/geodatabase; the simplified TopoJSON of its two layers
# (MGN_MPIO_POLITICO, MGN_DPTO_POLITICO) comes from the caticoa3/colombia_mapa project, pinned
# to the commit of the copy we checked. The loader also reads that project's GeoJSON files,
# whose Tumaco polygon is damaged. See docs/sources.md.
register(
    Source(
        id="mgn2018",
        title="DANE MGN 2018 – límites municipales y departamentales (simplificados)",
        publisher="DANE (simplificado por caticoa3/colombia_mapa)",
        url=(
            "https://raw.githubusercontent.com/caticoa3/colombia_mapa/"
            "a3e2a52aa2672f46fd222f2e06333a4ffd877a8b/colombia_2018_simplified.topojson"
        ),
        folder="mgn2018_boundaries",
        filename="colombia_2018_simplified.topojson",
        loader="trayecto.importers.boundaries:load",
    )
)

register(
    Source(
        id="etc",
        title="MEN – entidad territorial certificada (ETC) de cada municipio, por año",
        publisher="MEN",
        url="https://www.datos.gov.co/api/views/nudc-7mev/rows.csv?accessType=DOWNLOAD",
        folder="men_estadisticas_municipio",
        filename="MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv",
        loader="trayecto.importers.etc:load",
    )
)

register(
    Source(
        id="place-aliases",
        title="iMMAP – tabla de nombres de municipios para emparejar (hoja 'etiqueta')",
        publisher="iMMAP Colombia",
        url=(
            "https://raw.githubusercontent.com/colombia-immap/Divipola/"
            "b4ff5b9ed003e1caf222401cf36e5046ece638e2/divipolita.xlsx"
        ),
        folder="divipola",
        filename="immap_divipolita.xlsx",
        loader="trayecto.importers.places:load",
    )
)

register(
    Source(
        id="men-municipio",
        title="MEN – Estadísticas en educación preescolar, básica y media por municipio",
        publisher="Ministerio de Educación Nacional (MEN)",
        url="https://www.datos.gov.co/api/views/nudc-7mev/rows.csv?accessType=DOWNLOAD",
        folder="men_estadisticas_municipio",
        filename="MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv",
        loader="trayecto.importers.men_municipio:load",
    )
)

# The same dataset exported on 2023-10-22, before MEN swapped two columns: the importer keeps
# it as an older vintage, so cells the newer export drops fall back to it. Registered before
# the newer export so that `sources fetch` / `demo` load it first. datos.gov.co serves only
# the latest export; this one is fetched from a pinned, byte-for-byte public copy.
register(
    Source(
        id="men-departamento-2023",
        title="MEN – Estadísticas en educación preescolar, básica y media por departamento "
        "(export 2023-10-22)",
        publisher="Ministerio de Educación Nacional (MEN)",
        url="https://raw.githubusercontent.com/licantropusdraconis/VisualizacionMapaColombiaD3/"
        "078abdf738ca11ced5a9ba1a48a166ac64ac40d0/data/"
        "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_DEPARTAMENTO_20231022.csv",
        folder="men_estadisticas_departamento",
        filename="MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_DEPARTAMENTO"
        "_20231022.csv",
        loader="trayecto.importers.men_departamento:load",
        options=(("source", "men-departamento-2023"),),
    )
)

register(
    Source(
        id="men-departamento",
        title="MEN – Estadísticas en educación preescolar, básica y media por departamento",
        publisher="Ministerio de Educación Nacional (MEN)",
        url="https://www.datos.gov.co/api/views/ji8i-4anb/rows.csv?accessType=DOWNLOAD",
        folder="men_estadisticas_departamento",
        filename="MEN_estadisticas_departamento_2011_2024.csv",
        loader="trayecto.importers.men_departamento:load",
    )
)

register(
    Source(
        id="dane-proyecciones",
        title="DANE – Proyecciones de población municipal por edad simple y sexo (CNPV 2018)",
        publisher="Departamento Administrativo Nacional de Estadística (DANE)",
        url="https://www.dane.gov.co/files/censo2018/proyecciones-de-poblacion/Municipal/"
        "PPED-AreaSexoEdadMun-2018-2042_VP.xlsx",
        folder="dane_proyecciones_edad_simple",
        filename="dane_proyeccion_poblacion_municipio_edad_simple_sexo_2012_2024.csv",
        loader="trayecto.importers.dane_proyecciones:load",
    )
)

register(
    Source(
        id="migracion-venezolanos",
        title="Migración Colombia – Población migrante venezolana por municipio",
        publisher="Migración Colombia",
        url="https://www.datos.gov.co/api/views/ekd3-yb6h/rows.csv?accessType=DOWNLOAD",
        folder="migracion_venezolanos_municipio",
        filename="poblacion_migrante_venezolana_municipio_2021_2022.csv",
        loader="trayecto.importers.migracion_venezolanos:load",
    )
)

register(
    Source(
        id="5w",
        title="Reporte 5W de socios (plantilla Trayecto, GIFMM v1.1/v2, CSV HXL)",
        publisher="Socios del Clúster de Educación",
        url="",
        folder="",
        filename="",
        loader="",  # the web app registers it (web/response/apps.py)
        official=False,
    )
)
register(
    Source(
        id="activityinfo",
        title="Exportación de ActivityInfo (GIFMM 5W v2): reportes 5W de cada organización",
        publisher="GIFMM / R4V (ActivityInfo)",
        url="",
        folder="",
        filename="",
        loader="",  # the web app registers it (web/response/apps.py)
        official=False,
    )
)

# ---------------------------------------------------------------- school level (sedes)
register(
    Source(
        id="men-sedes-2025",
        title="MEN – sedes y matrícula 2025 por municipio, sector y zona (dataset ngw5-c5nw)",
        publisher="MEN",
        url="https://www.datos.gov.co/resource/ngw5-c5nw.json",
        folder="men_sedes_matricula_2025_municipio",
        filename="men_sedes_matricula_2025_municipios_departamentos_objetivo.csv",
        loader="trayecto.importers.men_sedes:load",
    )
)
register(
    Source(
        id="sede-matricula",
        title="Matrícula por sede, grado, sexo, edad y nacionalidad (exportación SIMAT de la ETC)",
        publisher="Secretarías de Educación (ETC)",
        url="",
        folder="",
        filename="",
        loader="trayecto.importers.sede_matricula:load",
        official=False,
    )
)
register(
    Source(
        id="simat-estudiantes",
        title="Estudiantes por año (exportación SIMAT de la ETC), seudonimizados al importar",
        publisher="Secretarías de Educación (ETC)",
        url="",
        folder="",
        filename="",
        loader="trayecto.importers.simat_students:load",
        official=False,
    )
)
register(
    Source(
        id="affected-schools",
        title="Sedes educativas afectadas por una emergencia (sismo Chocó, agosto 2026)",
        publisher="Fundación Éxito – Un millón de razones (MEN/SIMAT)",
        url="",
        folder="emergencia_sismo2026_sedes_choco",
        filename="sedes_educativas_afectadas_choco_ago2026.csv",
        loader="trayecto.importers.affected_schools:load",
        official=False,
    )
)

register(
    Source(
        id="jiaf-hno",
        title="OCHA JIAF (HNO) – personas con necesidad (PiN) y severidad de educación "
        "por municipio",
        publisher="OCHA",
        # The JIAF workbook on HDX/OCHA-DAP is global; the loader reads the Colombian
        # extraction laid out as in the mirror (docs/sources.md): it comes from a mirror only.
        url="",
        folder="ocha_jiaf_hno_colombia",
        filename="jiaf_global_2025_colombia_pin_by_municipality.csv",
        loader="trayecto.importers.jiaf_hno:load",
        also=("jiaf_global_2025_colombia_severity_by_municipality.csv",),
    )
)
