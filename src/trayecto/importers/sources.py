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
