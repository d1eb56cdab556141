"""Column-mapping profiles: which header (or HXL tag) of a partner file means which field.

Headers are compared normalised (no accents, lower case, `_x000D_` and line breaks removed),
so "Latitud_x000D_\\n(Ejemplo...)" and "latitud (ejemplo...)" are the same header. Column lists
of the GIFMM layouts come from the GIFMM reference catalogue (template v1.1 and export v2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from trayecto.domain.catalogue import EIE_ACTIVITIES, GIFMM_EDUCATION_INDICATORS, activity_index
from trayecto.domain.five_w import BeneficiaryType, OfWhich, PopulationGroup, normalise
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS

GROUP = "group:"  # group:<PopulationGroup> = count of that group ("of which" the new ones)


def _groups(headers: dict[str, PopulationGroup]) -> dict[str, str]:
    return {h: GROUP + g.value for h, g in headers.items()}


@dataclass(frozen=True)
class Profile:
    """One known layout. `cells_basis_is_new`: the sex × age cells split the new beneficiaries."""

    name: str
    title: str
    columns: dict[str, str]  # normalised header -> field
    cells_basis_is_new: bool = False
    # the population group columns split the month's beneficiaries, not the new ones (v2)
    groups_basis_is_month: bool = False
    # recurrent flag column: "yes" means recurrent (Venezuelan layout) instead of "Nuevo/Recurrente"
    recurrent_flag: bool = False
    activity_pattern: str = ""  # regex whose group 1 is the activity code in a free text
    keys: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {normalise(k): v for k, v in self.columns.items()})

    def field_for(self, header: object) -> str | None:
        return self.keys.get(normalise(header))

    def activity_code(
        self, text: str, activities: Mapping[str, str] | None = None
    ) -> tuple[str, bool]:
        """(code, known): a catalogue activity or GIFMM indicator, else the text as given.

        `activities` maps normalised names and codes to codes (the catalogue as the cluster
        admin edited it); the built-in seed catalogue when not given."""
        index = ACTIVITIES if activities is None else activities
        key = normalise(text)
        if not key:
            return "", False
        if self.activity_pattern:
            found = re.search(self.activity_pattern, text)
            if found:
                return found.group(1), True
        head = key.split(" (")[0]
        for candidate in (key, head, head.split(" - ")[0]):
            if candidate in index:
                return index[candidate], True
        return text.strip(), False


ACTIVITIES: dict[str, str] = {k: a.code for k, a in activity_index(EIE_ACTIVITIES).items()}
for _indicator in GIFMM_EDUCATION_INDICATORS:
    ACTIVITIES[normalise(_indicator.name)] = f"GIFMM-{_indicator.id}"
    ACTIVITIES[normalise(f"GIFMM-{_indicator.id}")] = f"GIFMM-{_indicator.id}"
    ACTIVITIES[str(_indicator.id)] = f"GIFMM-{_indicator.id}"

TRAYECTO = Profile(
    "trayecto",
    "Plantilla 5W de Trayecto",
    {
        **{c.header_es: c.field for c in TEMPLATE_COLUMNS},
        **{c.header_en: c.field for c in TEMPLATE_COLUMNS},
    },
)
HXL_FIELDS: dict[str, str] = {c.hxl: c.field for c in TEMPLATE_COLUMNS}

_SEX_AGE_V11 = {
    "Niñas y Adolescentes <18": "cell:f:0-17",
    "Mujeres adultas >=18": "cell:f:18+",
    "Niños y Adolescentes  <18": "cell:m:0-17",
    "Hombres adultos >=18": "cell:m:18+",
    "Otros (para cualquier menor que no se identifique como mujer u hombre) <18": "cell:o:0-17",
    "Otros (para cualquier adulto que no se identifique como mujer u hombre) >=18": "cell:o:18+",
    **{f"Mujeres {b}": f"fine:f:{c}" for b, c in
       [("0-5", "0-5"), ("6-12", "6-12"), ("13-17", "13-17"), ("18-59", "18-59"),
        ("60 y más", "60+")]},
    **{f"Hombres {b}": f"fine:m:{c}" for b, c in
       [("0-5", "0-5"), ("6-12", "6-12"), ("13-17", "13-17"), ("18-59", "18-59"),
        ("60 y más", "60+")]},
}  # fmt: skip

GIFMM_V1_1 = Profile(
    "gifmm_v1_1",
    "GIFMM plantilla 5W v1.1",
    {
        "Socio Principal": "org",
        "Socio Implementador": "implementer",
        "Departamento": "department",
        "Municipio": "municipality",
        "Mes": "month",
        "Indicador": "activity",
        "Descripción de la actividad": "activity_description",
        "Unidad": "unit",
        "Cantidad": "quantity",
        "Beneficiarios mensuales": "beneficiaries",
        "Beneficiarios nuevos": "new_beneficiaries",
        **_groups(
            {
                "Beneficiarios con vocación de permanencia": PopulationGroup.STAYING,
                "Beneficiarios en tránsito": PopulationGroup.IN_TRANSIT,
                "Beneficiarios pendulares": PopulationGroup.PENDULAR,
                "Beneficiarios colombianos retornados": PopulationGroup.RETURNEES,
                "Beneficiarios comunidades de acogida": PopulationGroup.HOST,
            }
        ),
        **_SEX_AGE_V11,
        "LGTBI": f"of:{OfWhich.LGBTI}",
        "Con discapacidad": f"of:{OfWhich.DISABILITY}",
        "Afro-descendientes": f"of:{OfWhich.AFRO_COLOMBIAN}",
        "Indígenas": f"of:{OfWhich.INDIGENOUS}",
        "Otra comunidad étnica": f"of:{OfWhich.OTHER_ETHNIC}",
        "Comentarios": "comments",
    },
    cells_basis_is_new=True,
)

GIFMM_EXPORT_V2 = Profile(
    "gifmm_export_v2",
    "GIFMM reporte 5W v2",
    {
        "Socio Principal": "org",
        "Socio implementador": "implementer",
        "Departamento": "department",
        "Municipio": "municipality",
        "Mes": "month",
        "Indicador GIFMM": "activity",
        "Código del indicador": "activity_code",
        # the cluster's activity (Trayecto writes its code here: docs/formats/activityinfo.md)
        "Actividad de marco lógico": "framework_activity",
        "Nombre de la actividad": "activity_description",
        "Convenio Financiado": "funded_project",
        "Actividad en apoyo en ETPV": "etpv_support",
        "Actividad en apoyo al ETPV": "etpv_support",  # the spelling of the GIFMM consolidated 5W
        "Tipo de apoyo al ETPV": "etpv_support_type",
        "Tipo": "unit",
        "Cantidad": "quantity",
        "Total beneficiarios alcanzados en el mes": "beneficiaries",
        "Beneficiarios nuevos en el mes": "new_beneficiaries",
        **_groups(
            {
                "Con vocación de permanencias": PopulationGroup.STAYING,
                "En tránsitos": PopulationGroup.IN_TRANSIT,
                "Comunidad de acogidas": PopulationGroup.HOST,
                "Pendulares": PopulationGroup.PENDULAR,
                "Colombianos retornados": PopulationGroup.RETURNEES,
            }
        ),
        # the month's split, checked against the month's total
        "Niñas y adolescentes <17": "month_cell:f:0-17",
        "Mujeres adultas >= 18": "month_cell:f:18+",
        "Niños y adolescentes <17": "month_cell:m:0-17",
        "Hombres adultos >= 18": "month_cell:m:18+",
        "Otros no binarios <17": "month_cell:o:0-17",
        "Otros no binarios >= 18": "month_cell:o:18+",
        "LGBTI+": f"of:{OfWhich.LGBTI}",
        "Con discapacidades": f"of:{OfWhich.DISABILITY}",
        "Afrodescendientes": f"of:{OfWhich.AFRO_COLOMBIAN}",
        "Indígenas": f"of:{OfWhich.INDIGENOUS}",
        "Otra comunidad étnica": f"of:{OfWhich.OTHER_ETHNIC}",
        # the split of the new beneficiaries, which reach counts
        "*Nuevos Sin sexo <= 17 o sin rango de edad": "cell:u:0-17",
        "*Nuevas Niñas y adolescentes <17": "cell:f:0-17",
        "*Nuevas Niños y adolescentes <17": "cell:m:0-17",
        # adults of no known sex and anyone without an age: no age band can be claimed
        "*Nuevos Sin sexo >= 18 o sin rango de edad": "cell:u:u",
        "*Nuevas Mujeres adultas >= 18": "cell:f:18+",
        "*Nuevos Hombres adultos >= 18": "cell:m:18+",
    },
    cells_basis_is_new=True,
    groups_basis_is_month=True,
)

# Education Cluster Venezuela 2020 (format reference: the real raw partner reports).
VENEZUELA_CLUSTER_2020 = Profile(
    "venezuela_cluster_2020",
    "Clúster de Educación Venezuela 2020",
    {
        "Mes reportado": "month",
        "Organización implementadora": "org",
        "Estado": "department_name",
        "Código estado": "department",
        "Municipio": "municipality_name",
        "Código municipio": "municipality",
        "Comunidad o nombre del establecimiento/ centro (opcional)": "place_name",
        "Actividad": "activity",
        "Unidad": "unit",
        "Alcanzado del mes según unidad de actividad": "quantity",
        "Actividad con beneficiarios recurrentes": "beneficiary_type",
        "Total beneficiarios alcanzado*": "beneficiaries",
        **{
            f"niños de {b}": f"cell:m:{c}"
            for b, c in [
                ("0-3 años", "0-3"),
                ("3-6 años", "3-6"),
                ("7 a 12 años", "7-12"),
                ("12 a 17 años", "12-17"),
                ("18 a 19 año", "18-19"),
            ]
        },
        **{
            f"niñas de {b}": f"cell:f:{c}"
            for b, c in [
                ("0-3 años", "0-3"),
                ("3-6 años", "3-6"),
                ("7 a 12 años", "7-12"),
                ("12 a 17 años", "12-17"),
                ("18 a 19 años", "18-19"),
            ]
        },
        "Mujeres mayores de 19 años": "cell:f:20+",
        "Hombres mayores de 19 años": "cell:m:20+",
    },
    recurrent_flag=True,
    activity_pattern=r"CLEDU/(CA\d+\.\d+)",
)

PROFILES = (TRAYECTO, GIFMM_V1_1, GIFMM_EXPORT_V2, VENEZUELA_CLUSTER_2020)
# Fields without which a layout cannot be recognised.
ESSENTIAL = {"municipality", "month", "activity", "beneficiaries"}

RECURRENT_FLAG = {"si": BeneficiaryType.RECURRENT, "no": BeneficiaryType.NEW}
