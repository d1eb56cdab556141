"""What the 5W reader gives back: accepted lines (`FiveWLine`) and the read (`FiveWRead`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trayecto.domain.five_w import (
    Cell,
    GroupCell,
    new_beneficiary_group_cells,
)
from trayecto.domain.problems import ImportReport


@dataclass
class FiveWLine:
    """One accepted activity line; `cells` are the sex × age cells of its new beneficiaries."""

    row: int
    org: str
    month: str  # YYYY-MM
    department: str
    municipality: str
    sede: str
    place_name: str
    activity: str
    population_group: str
    beneficiary_type: str
    beneficiaries: int
    new_beneficiaries: int
    quantity: int | None
    households: int | None
    cells: dict[Cell, int]
    of_which: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    comments: str = ""
    # GIFMM 5W v2: «Actividad en apoyo en ETPV», «Tipo de apoyo al ETPV», «Convenio Financiado»
    etpv_support: bool = False
    etpv_support_type: str = ""  # an EtpvSupport value when etpv_support
    funded_project: str = ""

    @property
    def group_cells(self) -> dict[GroupCell, int]:
        """Population group × sex × age cells of the new beneficiaries, which reach counts."""
        return new_beneficiary_group_cells(self.population_group, self.groups, self.cells)


@dataclass
class FiveWRead:
    lines: list[FiveWLine]
    report: ImportReport
    profile: str = ""
    orgs: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
