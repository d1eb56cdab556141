"""The columns of Trayecto's 5W template: field name, Spanish and English headers, HXL tag.

The template writer (reports/five_w_template.py) and the importer (importers/five_w/) both
read this list, so a column added here appears in the workbook and is read back.
Field names are the importer's canonical names: `cell:<sex>:<band>` for a sex × age cell,
`of:<attribute>` for an "of which" count.
"""

from __future__ import annotations

from dataclasses import dataclass

from trayecto.domain.five_w import CLUSTER_BANDS, OfWhich, Sex


@dataclass(frozen=True)
class Column:
    field: str
    header_es: str
    header_en: str
    hxl: str
    width: int = 14
    required: bool = False


def _cells(sex: Sex, es: str, en: str, tag: str) -> list[Column]:
    return [
        Column(
            f"cell:{sex.value}:{band.code}",
            f"{es} {band.code}",
            f"{en} {band.code}",
            f"#reached+{tag}+age{band.code.replace('-', '_').replace('+', 'plus')}",
            9,
        )
        for band in CLUSTER_BANDS
    ]


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("org", "Organización (código)", "Organisation (code)", "#org+code", 16, True),
    Column("month", "Mes (AAAA-MM)", "Month (YYYY-MM)", "#date+month", 11, True),
    Column("department", "Departamento", "Department", "#adm1+code", 22, True),
    Column("municipality", "Municipio", "Municipality", "#adm2+code", 34, True),
    Column("sede", "Código DANE de la sede (12 dígitos)", "School DANE code (12 digits)",
           "#loc+code", 18),
    Column("place_name", "Sede o lugar", "School or place", "#loc+name", 24),
    Column("activity", "Actividad", "Activity", "#activity+code", 40, True),
    Column("population_group", "Grupo poblacional", "Population group", "#population+type", 30,
           True),
    Column("beneficiary_type", "Nuevos o recurrentes", "New or recurrent", "#reached+type", 14,
           True),
    Column("beneficiaries", "Beneficiarios del mes (personas)", "People reached in the month",
           "#reached+total", 14, True),
    Column("quantity", "Cantidad en la unidad de la actividad", "Quantity in the activity's unit",
           "#output+num", 14),
    Column("households", "Hogares (medida aparte)", "Households (separate measure)",
           "#reached+hh", 12),
    *_cells(Sex.FEMALE, "Mujeres", "Female", "f"),
    *_cells(Sex.MALE, "Hombres", "Male", "m"),
    Column("cell:o:0-17", "Otros <18", "Other <18", "#reached+o+age0_17", 9),
    Column("cell:o:18+", "Otros ≥18", "Other ≥18", "#reached+o+age18plus", 9),
    Column(f"of:{OfWhich.DISABILITY}", "De los cuales: con discapacidad",
           "Of which: with disability", "#reached+disabled", 12),
    Column(f"of:{OfWhich.INDIGENOUS}", "De los cuales: indígenas", "Of which: indigenous",
           "#reached+indigenous", 12),
    Column(f"of:{OfWhich.AFRO_COLOMBIAN}", "De los cuales: afrocolombianos",
           "Of which: Afro-Colombian", "#reached+afro", 12),
    Column(f"of:{OfWhich.OTHER_ETHNIC}", "De los cuales: otra etnia", "Of which: other ethnic",
           "#reached+ethnic_other", 12),
    Column(f"of:{OfWhich.LGBTI}", "De los cuales: LGBTI", "Of which: LGBTI", "#reached+lgbti", 12),
    Column("funded_project", "Convenio o proyecto financiado", "Funded project (agreement)",
           "#activity+project", 24),
    Column("etpv_support", "Actividad en apoyo al ETPV (Sí/No)", "Supports the ETPV (yes/no)",
           "#activity+etpv", 12),
    Column("etpv_support_type", "Tipo de apoyo al ETPV", "Type of ETPV support",
           "#activity+etpv+type", 30),
    Column("comments", "Comentarios", "Comments", "#description+notes", 30),
)  # fmt: skip

HEADER_ROW = 1  # spreadsheet row of the Spanish headers
HXL_ROW = 2  # hidden row of HXL hashtags
FIRST_DATA_ROW = 3
DATA_SHEET = "5W"
