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
