"""Every dataset Trayecto knows, by its stable id (DESIGN.md, CLI contract: never rename one)."""

from __future__ import annotations

from trayecto.importers.registry import Source, register

register(
    Source(
        id="divipola",
        title="DIVIPOLA – códigos de departamentos y municipios geolocalizados",
        publisher="DANE",
        url="https://www.datos.gov.co/api/views/gdxc-w37w/rows.csv?accessType=DOWNLOAD",
        folder="divipola",
        filename="DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv",
        loader="trayecto.importers.geography:load_divipola",
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
        loader="trayecto.importers.geography:load_pcodes",
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
        loader="trayecto.importers.boundaries:load_mgn2018",
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
        loader="trayecto.importers.etc:load_etc",
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
        loader="trayecto.importers.places:load_place_aliases",
    )
)
