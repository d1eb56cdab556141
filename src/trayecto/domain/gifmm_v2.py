"""The GIFMM 5W v2 layout (R4V's reporting through ActivityInfo) and what our 5W lines become
in it: its 49 columns, its population groups and the six columns of new beneficiaries by sex
and age, which know only under 18 / 18 and over.

Collapsing our age bands into those two changes reach under the max rules (the largest
service of a cell is taken before cells add up), so an exchange in this layout states its
reach "at GIFMM's bands": the same rule counted over the rows as the layout carries them
(`coarse_reach`). Reading the exported file back gives those rows, hence those figures
(docs/formats/activityinfo.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from trayecto.domain.five_w import (
    UNKNOWN_AGE,
    ConsolidationRule,
    PopulationGroup,
    ReachKey,
    ReachLine,
    Sex,
    age_band,
    reach_by_area,
)

# The columns of `gifmm_5w_export_v2_columns.csv` (GIFMM-v2 template), in their order.
COLUMNS = (
    "Oficina", "Id Actividad", "Convenio Financiado", "Socio Principal",
    "Tipo de implementación", "Socio implementador", "Departamento", "Municipio", "Mes",
    "Sector GIFMM", "Indicador GIFMM", "Código del indicador", "Actividad de marco lógico",
    "Nombre de la actividad", "Descripción de la actividad (Objetivo)", "Actividad del RMRP",
    "Actividad para caminantes", "Actividad en apoyo en ETPV", "Tipo de apoyo al ETPV", "Tipo",
    "Cantidad", "Modalidad", "Monto en USD (OJO COP)", "Mecanismo de entrega",
    "Cantidad de output: # beneficiarios indirectos", "Total beneficiarios alcanzados en el mes",
    "Beneficiarios nuevos en el mes", "Con vocación de permanencias", "En tránsitos",
    "Comunidad de acogidas", "Pendulares", "Colombianos retornados",
    "Niñas y adolescentes <17", "Mujeres adultas >= 18", "Niños y adolescentes <17",
    "Hombres adultos >= 18", "Otros no binarios <17", "Otros no binarios >= 18", "LGBTI+",
    "Con discapacidades", "Afrodescendientes", "Indígenas", "Otra comunidad étnica",
    "*Nuevos Sin sexo <= 17 o sin rango de edad", "*Nuevas Niñas y adolescentes <17",
    "*Nuevas Niños y adolescentes <17", "*Nuevos Sin sexo >= 18 o sin rango de edad",
    "*Nuevas Mujeres adultas >= 18", "*Nuevos Hombres adultos >= 18",
)  # fmt: skip
SECTOR = "Educación"  # sectorgifmm id 6

# Our population groups that have a GIFMM column. A row of any other group (IDPs and
# conflict victims are HRP populations, not R4V's) leaves the five columns empty and reads
# back as `sin_especificar`, which is how the coarse reach counts it too.
GROUP_COLUMNS: dict[str, str] = {
    PopulationGroup.STAYING.value: "Con vocación de permanencias",
    PopulationGroup.IN_TRANSIT.value: "En tránsitos",
    PopulationGroup.HOST.value: "Comunidad de acogidas",
    PopulationGroup.PENDULAR.value: "Pendulares",
    PopulationGroup.RETURNEES.value: "Colombianos retornados",
}
NO_GROUP = PopulationGroup.UNSPECIFIED.value

UNDER_18, ADULT, NO_AGE = "0-17", "18+", UNKNOWN_AGE.code
NO_SEX = Sex.UNKNOWN.value
# The six columns of new beneficiaries and the cell each stands for. GIFMM writes "<17" for
# under 18 (template v1.1: "<18 / >=18"). "Sin sexo … o sin rango de edad" holds people
# whose sex is not known (or is neither) and, in the adult column, anyone without an age.
NEW_CELL_COLUMNS: dict[tuple[str, str], str] = {
    (NO_SEX, UNDER_18): "*Nuevos Sin sexo <= 17 o sin rango de edad",
    (Sex.FEMALE.value, UNDER_18): "*Nuevas Niñas y adolescentes <17",
    (Sex.MALE.value, UNDER_18): "*Nuevas Niños y adolescentes <17",
    (NO_SEX, NO_AGE): "*Nuevos Sin sexo >= 18 o sin rango de edad",
    (Sex.FEMALE.value, ADULT): "*Nuevas Mujeres adultas >= 18",
    (Sex.MALE.value, ADULT): "*Nuevos Hombres adultos >= 18",
}


def coarse_cell(sex: str, age: str) -> tuple[str, str]:
    """Which of the six GIFMM cells one of our sex × age cells falls in."""
    band = age_band(age)
    if band.code != NO_AGE and band.high is not None and band.high <= 17:
        return (sex if sex in (Sex.FEMALE, Sex.MALE) else NO_SEX, UNDER_18)
    if band.code != NO_AGE and band.low >= 18 and sex in (Sex.FEMALE, Sex.MALE):
        return (sex, ADULT)
    return (NO_SEX, NO_AGE)  # no age, or an adult of no known sex


def exported_group(group: str) -> str:
    return group if group in GROUP_COLUMNS else NO_GROUP


@dataclass(frozen=True)
class Row:
    """One row of the layout: one population group of one 5W line, with its new beneficiaries
    in the six coarse cells (codes, not names: the file writer names the places)."""

    line: str  # "Id Actividad"
    org: str
    activity: str
    department: str
    municipality: str
    month: str  # YYYY-MM
    group: str
    total: int
    cells: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def new(self) -> int:
        return sum(self.cells.values())


def rows_of_line(
    line: str,
    *,
    org: str,
    activity: str,
    department: str,
    municipality: str,
    month: str,
    beneficiaries: int,
    group_cells: Mapping[str, int],
    group: str = NO_GROUP,
) -> list[Row]:
    """A 5W line's rows: one per population group of its new beneficiaries (`group_cells`,
    "group:sex:age" -> people), the cells of each summed into GIFMM's six. The month's total
    is the line's when it has one group; with several, each row's total is its group's new
    beneficiaries (the line knows no total per group). A line with no new beneficiary is one
    row of its own `group`, with its total and no cell."""
    by_group: dict[str, dict[tuple[str, str], int]] = {}
    for key, people in group_cells.items():
        if not people:
            continue
        group, sex, age = key.split(":", 2)
        cells = by_group.setdefault(exported_group(group), {})
        cell = coarse_cell(sex, age)
        cells[cell] = cells.get(cell, 0) + people
    if not by_group:
        by_group[exported_group(group)] = {}
    single = len(by_group) == 1
    return [
        Row(
            line=f"{line}-{group}" if not single else line,
            org=org,
            activity=activity,
            department=department,
            municipality=municipality,
            month=month,
            group=group,
            total=beneficiaries if single else sum(cells.values()),
            cells=cells,
        )
        for group, cells in sorted(by_group.items())
    ]


def reach_lines(rows: Iterable[Row]) -> list[ReachLine]:
    """The rows as reach counts them. The layout has no site (sede or place), so under the
    site rule a municipality's rows form one site."""
    return [
        ReachLine(
            org=r.org,
            activity=r.activity,
            department=r.department,
            municipality=r.municipality,
            group=r.group,
            sex=sex,
            age=age,
            month=r.month,
            new=people,
        )
        for r in rows
        for (sex, age), people in sorted(r.cells.items())
        if people
    ]


def coarse_reach(
    rows: Iterable[Row], rule: ConsolidationRule, *, level: str = "nation"
) -> dict[ReachKey, int]:
    """People reached at GIFMM's bands: `rule` over the rows as the layout carries them."""
    return reach_by_area(reach_lines(rows), rule, level=level)
