"""The 5W vocabulary and its counting rules: population groups, sex × age bands, new vs
recurrent beneficiaries, disaggregation checks, workflow states and consolidation rules.

Plain Python, no I/O. The methodology, with sources, is docs/methodology/reach.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


@lru_cache(maxsize=65536)  # partner files repeat the same few hundred labels
def normalise(text: object) -> str:
    """Lower case, no accents, single spaces: how labels typed by partners are compared."""
    raw = str(text or "").replace("_x000D_", " ").replace("\r", " ").replace("\n", " ")
    folded = unicodedata.normalize("NFKD", raw)
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


# --------------------------------------------------------------------------- population groups
class PopulationGroup(StrEnum):
    """R4V groups of refugees and migrants, returnees, host community; HRP groups."""

    STAYING = "vocacion_permanencia"
    IN_TRANSIT = "transito"
    PENDULAR = "pendular"
    RETURNEES = "colombianos_retornados"
    HOST = "comunidad_acogida"
    IDP = "desplazados_internos"
    CONFLICT_VICTIMS = "victimas_conflicto"
    UNSPECIFIED = "sin_especificar"  # a line whose partner did not split by group


POPULATION_GROUP_LABELS: dict[PopulationGroup, tuple[str, str]] = {
    PopulationGroup.STAYING: (
        "Refugiados y migrantes con vocación de permanencia",
        "Refugees and migrants intending to stay",
    ),
    PopulationGroup.IN_TRANSIT: ("Refugiados y migrantes en tránsito", "In transit"),
    PopulationGroup.PENDULAR: ("Población pendular", "Pendular"),
    PopulationGroup.RETURNEES: ("Colombianos retornados", "Colombian returnees"),
    PopulationGroup.HOST: ("Comunidad de acogida", "Host community"),
    PopulationGroup.IDP: ("Desplazados internos", "Internally displaced people"),
    PopulationGroup.CONFLICT_VICTIMS: ("Víctimas del conflicto", "Victims of the conflict"),
    PopulationGroup.UNSPECIFIED: ("Sin especificar", "Not specified"),
}

_GROUP_ALIASES: dict[str, PopulationGroup] = {
    normalise(alias): group
    for group, aliases in {
        PopulationGroup.STAYING: [
            "vocacion de permanencia",
            "con vocacion de permanencia",
            "permanencia",
            "con vocacion de permanencias",
        ],
        PopulationGroup.IN_TRANSIT: ["en transito", "transito", "en transitos", "caminantes"],
        PopulationGroup.PENDULAR: ["pendulares", "pendular"],
        PopulationGroup.RETURNEES: ["colombianos retornados", "retornados", "retornado"],
        PopulationGroup.HOST: [
            "comunidad de acogida",
            "comunidades de acogida",
            "acogida",
            "comunidad de acogidas",
            "host community",
        ],
        PopulationGroup.IDP: ["desplazados", "desplazados internos", "idp"],
        PopulationGroup.CONFLICT_VICTIMS: [
            "victimas",
            "victimas del conflicto",
            "victimas del conflicto armado",
        ],
        PopulationGroup.UNSPECIFIED: ["sin especificar", "no especificado", "mixto"],
    }.items()
    for alias in [*aliases, group.value, *POPULATION_GROUP_LABELS[group]]
}


def parse_population_group(text: object) -> PopulationGroup | None:
    """The group a partner typed (label, code or usual spelling), or None when unknown."""
    return _GROUP_ALIASES.get(normalise(text).replace("_", " ")) or _GROUP_ALIASES.get(
        normalise(text)
    )


# --------------------------------------------------------------------------- sex and age
class Sex(StrEnum):
    FEMALE = "f"
    MALE = "m"
    OTHER = "o"  # GIFMM "otros": does not identify as woman or man
    UNKNOWN = "u"  # line not disaggregated


@dataclass(frozen=True)
class AgeBand:
    """An age band in completed years; `high` None means open-ended."""

    code: str
    low: int
    high: int | None

    def contains(self, other: AgeBand) -> bool:
        return self.low <= other.low and (
            self.high is None or (other.high is not None and other.high <= self.high)
        )


def _band(code: str, low: int, high: int | None) -> AgeBand:
    return AgeBand(code, low, high)


# The cluster's standard bands (issue 4): school cycles and adults.
CLUSTER_BANDS = (
    _band("0-5", 0, 5),
    _band("6-11", 6, 11),
    _band("12-17", 12, 17),
    _band("18-59", 18, 59),
    _band("60+", 60, None),
)
# GIFMM 5W template v1.1: obligatory <18 / >=18, optional finer bands.
GIFMM_COARSE_BANDS = (_band("0-17", 0, 17), _band("18+", 18, None))
GIFMM_FINE_BANDS = (
    _band("0-5", 0, 5),
    _band("6-12", 6, 12),
    _band("13-17", 13, 17),
    _band("18-59", 18, 59),
    _band("60+", 60, None),
)
# Education Cluster Venezuela 2020 layout (overlapping bands, kept as reported).
VENEZUELA_CLUSTER_BANDS = (
    _band("0-3", 0, 3),
    _band("3-6", 3, 6),
    _band("7-12", 7, 12),
    _band("12-17", 12, 17),
    _band("18-19", 18, 19),
    _band("20+", 20, None),
)
UNKNOWN_AGE = _band("u", 0, None)  # the cell of a line that is not disaggregated

AGE_BANDS: dict[str, AgeBand] = {
    b.code: b
    for b in (
        *VENEZUELA_CLUSTER_BANDS,
        *CLUSTER_BANDS,
        *GIFMM_COARSE_BANDS,
        *GIFMM_FINE_BANDS,
        UNKNOWN_AGE,
    )
}


def age_band(code: str) -> AgeBand:
    return AGE_BANDS[code]


Cell = tuple[Sex, str]  # (sex, age band code)
UNKNOWN_CELL: Cell = (Sex.UNKNOWN, UNKNOWN_AGE.code)


# --------------------------------------------------------------------------- new vs recurrent
class BeneficiaryType(StrEnum):
    """New: first time this person receives this service from this organisation (GIFMM)."""

    NEW = "nuevo"
    RECURRENT = "recurrente"


_TYPE_ALIASES = {
    "nuevo": BeneficiaryType.NEW,
    "nuevos": BeneficiaryType.NEW,
    "nueva": BeneficiaryType.NEW,
    "new": BeneficiaryType.NEW,
    "recurrente": BeneficiaryType.RECURRENT,
    "recurrentes": BeneficiaryType.RECURRENT,
    "recurrent": BeneficiaryType.RECURRENT,
}


def parse_beneficiary_type(text: object) -> BeneficiaryType | None:
    return _TYPE_ALIASES.get(normalise(text))


# --------------------------------------------------------------------------- disaggregation
class DisaggregationError(ValueError):
    """A filled disaggregation does not add up to its total."""


@dataclass(frozen=True)
class Disaggregation:
    """The sex × age cells of one line, already checked against the line's total."""

    cells: dict[Cell, int]

    @property
    def disaggregated(self) -> bool:
        return UNKNOWN_CELL not in self.cells

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def disaggregate(total: int, cells: Mapping[Cell, int | None]) -> Disaggregation:
    """Check the sex × age cells of a line against its total.

    All cells empty or zero means "not disaggregated": the whole total goes to the unknown
    cell, so it is still counted (never dropped). Otherwise the cells must add up exactly.
    """
    if total < 0:
        raise DisaggregationError(f"total negativo: {total}")
    filled = {cell: int(v) for cell, v in cells.items() if v}
    if any(v < 0 for v in filled.values()):
        raise DisaggregationError("una celda de sexo y edad es negativa")
    if not filled:
        return Disaggregation({UNKNOWN_CELL: total} if total else {})
    found = sum(filled.values())
    if found != total:
        raise DisaggregationError(f"las celdas de sexo y edad suman {found} y el total es {total}")
    return Disaggregation(filled)


class OfWhich(StrEnum):
    """Attributes counted *within* the total ("de los cuales"), never added to it."""

    DISABILITY = "discapacidad"
    INDIGENOUS = "indigena"
    AFRO_COLOMBIAN = "afrocolombiano"
    OTHER_ETHNIC = "otra_etnia"
    LGBTI = "lgbti"


def check_of_which(total: int, attributes: Mapping[OfWhich, int | None]) -> list[str]:
    """Messages for "of which" counts that are negative or larger than the line's total."""
    messages = []
    for attribute, value in attributes.items():
        if value is None:
            continue
        if value < 0:
            messages.append(f"{attribute.value}: valor negativo {value}")
        elif value > total:
            messages.append(
                f"{attribute.value}: {value} es mayor que el total {total}; "
                "es un 'de los cuales' y se cuenta dentro del total"
            )
    return messages


def new_beneficiary_cells(
    beneficiary_type: BeneficiaryType, new: int, cells: Disaggregation, basis_is_new: bool
) -> dict[Cell, int]:
    """The sex × age cells of the *new* beneficiaries of a line, which reach counts.

    `basis_is_new` says whether the partner disaggregated new beneficiaries (GIFMM layouts)
    or the month's beneficiaries (our template, the Venezuelan cluster layout). When the
    partner split the month's total and only part of it is new, the split of the new ones is
    unknown: they go to the unknown cell rather than being apportioned by guess.
    """
    if new == 0:
        return {}
    if basis_is_new:
        return dict(cells.cells)
    if beneficiary_type is BeneficiaryType.NEW and cells.total == new:
        return dict(cells.cells)
    return {UNKNOWN_CELL: new}


# --------------------------------------------------------------------------- workflow
class Status(StrEnum):
    """Submission states, in the order a report moves through them."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    APPROVED = "approved"
    PUBLISHED = "published"
    REJECTED = "rejected"  # back with the partner, with a comment


STATUS_ORDER = (Status.DRAFT, Status.SUBMITTED, Status.VALIDATED, Status.APPROVED, Status.PUBLISHED)
DEFAULT_COUNTED = (Status.APPROVED, Status.PUBLISHED)


def statuses_at_or_after(minimum: Status) -> tuple[Status, ...]:
    """`--status validated` counts validated, approved and published records."""
    if minimum not in STATUS_ORDER:
        raise ValueError(f"{minimum} is not a step of the workflow")
    return STATUS_ORDER[STATUS_ORDER.index(minimum) :]


# --------------------------------------------------------------------------- consolidation
class ConsolidationRule(StrEnum):
    """How people reached are added up without double counting (docs/methodology/reach.md)."""

    MAX_ACTIVITY_THEN_SUM_MUNICIPALITY = "max_activity_then_sum_municipality"
    MAX_DEPARTMENT = "max_department"
    SUM_NEW = "sum_new"


DEFAULT_RULE = ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY


@dataclass(frozen=True)
class ReachLine:
    """One sex × age cell of one activity line, as consolidation sees it."""

    org: str
    activity: str
    department: str
    municipality: str
    group: str
    sex: str
    age: str
    month: str  # YYYY-MM
    new: int


def consolidate(lines: Iterable[ReachLine], rule: ConsolidationRule = DEFAULT_RULE) -> int:
    """People reached by the lines, by the rule: the reference the SQL version is tested on.

    - max_activity_then_sum_municipality: new beneficiaries summed over months per partner ×
      activity × municipality × group × cell; the maximum over partners and activities within
      municipality × group × cell; the sum over municipalities, groups and cells.
    - max_department: the same, with the maximum taken within department × group × cell after
      summing a partner's activity over the department's municipalities.
    - sum_new: every new beneficiary once per line (an upper bound).
    """
    if rule is ConsolidationRule.SUM_NEW:
        return sum(line.new for line in lines)
    by_area = rule is ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY
    per_service: dict[tuple[str, ...], int] = {}
    for line in lines:
        area = line.municipality if by_area else line.department
        key = (area, line.group, line.sex, line.age, line.org, line.activity)
        per_service[key] = per_service.get(key, 0) + line.new
    per_cell: dict[tuple[str, ...], int] = {}
    for service, value in per_service.items():
        cell = service[:4]
        per_cell[cell] = max(per_cell.get(cell, 0), value)
    return sum(per_cell.values())
