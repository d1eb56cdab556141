"""Writes gifmm_5w_grupos_sintetico.xlsx: a SYNTHETIC GIFMM 5W v1.1 workbook (invented numbers,
a real layout) where one line splits its new beneficiaries over two population groups.

Cúcuta: 70 "con vocación de permanencia" (GIFMM-22), 60 host community (GIFMM-24) and one
line of 100 + 20 over both groups (GIFMM-23); Villa del Rosario: 80 in transit. Run with
`python tests/data/gifmm_5w_grupos_sintetico.py` from the repository root.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

HEADERS = [
    "Socio Principal", "Departamento", "Municipio", "Mes", "Indicador",
    "Beneficiarios mensuales", "Beneficiarios nuevos",
    "Beneficiarios con vocación de permanencia", "Beneficiarios en tránsito",
    "Beneficiarios pendulares", "Beneficiarios colombianos retornados",
    "Beneficiarios comunidades de acogida",
    "Niñas y Adolescentes <18", "Mujeres adultas >=18", "Niños y Adolescentes  <18",
    "Hombres adultos >=18", "Comentarios",
]  # fmt: skip
INDICATOR = {
    22: "# de niños en edad escolar (niñas y niños) de Venezuela inscritos en instituciones "
    "educativas apoyadas y escuelas nacionales",
    23: "# de refugiados y migrantes de Venezuela que acceden a servicios de educación de "
    "emergencia no formales y formales",
    24: "# de refugiados y migrantes de Venezuela que reciben asistencia para el "
    "reconocimiento de títulos académicos, títulos, etc.",
}
NOTE = "SINTÉTICO: datos inventados para las pruebas"
ROWS = [
    # municipality, indicator, new, {group column: people}, (girls, women, boys, men)
    ("Cúcuta", 22, 70, {"Beneficiarios con vocación de permanencia": 70}, None),
    ("Cúcuta", 24, 60, {"Beneficiarios comunidades de acogida": 60}, None),
    ("Cúcuta", 23, 120, {"Beneficiarios con vocación de permanencia": 100,
                         "Beneficiarios comunidades de acogida": 20}, None),
    ("Villa del Rosario", 23, 80, {"Beneficiarios en tránsito": 80}, (40, 0, 40, 0)),
]  # fmt: skip
CELLS = HEADERS[12:16]


def write(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": NOTE, "created": None})
    sheet = workbook.add_worksheet("5W GIFMM")
    sheet.write(0, 0, f"Reporte 5W GIFMM v1.1 – {NOTE}")
    sheet.write_row(1, 0, HEADERS)
    for i, (municipality, indicator, new, groups, cells) in enumerate(ROWS, start=2):
        values = {
            "Socio Principal": "Consejo Noruego para Refugiados",
            "Departamento": "Norte de Santander",
            "Municipio": municipality,
            "Mes": "2026-03",
            "Indicador": INDICATOR[indicator],
            "Beneficiarios mensuales": new,
            "Beneficiarios nuevos": new,
            **groups,
            **dict(zip(CELLS, cells or (0, 0, 0, 0), strict=True)),
            "Comentarios": NOTE,
        }
        sheet.write_row(i, 0, [values.get(h) for h in HEADERS])
    workbook.close()
    return path


if __name__ == "__main__":
    write(Path(__file__).with_suffix(".xlsx"))
