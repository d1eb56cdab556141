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

from trayecto.domain.geography import NATION_CODE
from trayecto.domain.indicators import LEVELS


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


GroupCell = tuple[str, Sex, str]  # (population group code, sex, age band code)


def new_beneficiary_group_cells(
    group: str, groups: Mapping[str, int], cells: Mapping[Cell, int]
) -> dict[GroupCell, int]:
    """The population group × sex × age cells of a line's new beneficiaries, which reach
    de-duplicates cell by cell.

    `groups` is the line's split by group (GIFMM columns, already checked to add up to the new
    beneficiaries); `group` the one group of a line without such a split (`sin_especificar`
    when the partner gave none). Partners split by group and by sex × age separately, so the
    joint cells are known only when one of the two splits has a single part: then every
    group gets that sex × age cell, or the group gets every sex × age cell. When both have
    several parts, each group's people go to the unknown sex × age cell rather than being
    apportioned by guess (the group breakdown is what de-duplication across lines needs).
    """
    parts = {g: n for g, n in groups.items() if n}
    if len(parts) <= 1:
        only = next(iter(parts), group)
        return {(only, sex, age): n for (sex, age), n in cells.items() if n}
    filled = [cell for cell, n in cells.items() if n]
    sex, age = filled[0] if len(filled) == 1 else UNKNOWN_CELL
    return {(g, sex, age): n for g, n in parts.items()}


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
    MAX_SITE = "max_site"
    SUM_NEW = "sum_new"


DEFAULT_RULE = ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY
# The levels of domain/indicators.py a 5W line can be counted at (lines name no ETC or sede).
REACH_LEVELS = tuple(level for level in LEVELS if level not in {"etc", "sede"})
REACH_BREAKDOWNS = ("population_group", "sex", "age")


@dataclass(frozen=True)
class ReachLine:
    """One population group × sex × age cell of one activity line, as consolidation sees it.

    `site` is the line's site key (`site_key`): empty when the line names no sede or place."""

    org: str
    activity: str
    department: str
    municipality: str
    group: str
    sex: str
    age: str
    month: str  # YYYY-MM
    new: int
    site: str = ""


def site_key(sede: str, place_name: str) -> str:
    """Which site a line is about: the 12-digit DANE sede code when given, else the community
    or school name as typed, normalised (accents, case, spaces); empty when neither is given.

    Names are compared within the line's municipality only (the rule keys sites by
    municipality), since the same school name recurs in many municipalities."""
    if sede:
        return sede
    name = normalise(place_name)
    return f"nombre:{name}" if name else ""


ReachKey = tuple[str, str, str, str]  # area code, population group, sex, age ("" if not split)


def reach_by_area(
    lines: Iterable[ReachLine],
    rule: ConsolidationRule = DEFAULT_RULE,
    *,
    level: str = "nation",
    breakdown: Iterable[str] = (),
) -> dict[ReachKey, int]:
    """People reached per area (and breakdown) by the rule: the reference the SQL is tested on.

    - max_activity_then_sum_municipality: new beneficiaries summed over months per partner ×
      activity × municipality × group × sex × age cell (a *service*); the maximum over the
      services of each municipality × cell; the sum over municipalities and cells.
    - max_department: the same with the department in place of the municipality: a service
      is a partner's activity summed over all the department's municipalities and months.
      At municipality level each municipality is its own area (the default rule).
    - max_site: for each site × group × sex × age cell (sites keyed within the municipality;
      lines naming no site form one site per municipality), the largest single line cell
      across activities, partners and months; the sum over sites and cells.
    - sum_new: every new beneficiary of every line (an upper bound).

    Every area × breakdown that has a line appears, with 0 when nothing was reached.
    """
    if level not in REACH_LEVELS:
        raise ValueError(f"level must be one of {', '.join(REACH_LEVELS)}")
    split = set(breakdown)
    if split - set(REACH_BREAKDOWNS):
        raise ValueError(f"cannot break reach down by {', '.join(sorted(split))}")
    by_department = rule is ConsolidationRule.MAX_DEPARTMENT and level != "municipality"
    # de-duplication unit (department, municipality, site, group, sex, age) -> item -> people;
    # the unit keeps the maximum over its items
    counted: dict[tuple[str, ...], dict[tuple[str, ...], int]] = {}
    for index, line in enumerate(lines):
        place, site = line.municipality, ""
        if rule is ConsolidationRule.SUM_NEW:
            item: tuple[str, ...] = ()  # one item: everything adds up
        elif rule is ConsolidationRule.MAX_SITE:
            site, item = line.site, (str(index),)  # each line cell on its own
        else:
            item = (line.org, line.activity)  # a service, summed over months
            place = "" if by_department else place
        unit = (line.department, place, site, line.group, line.sex, line.age)
        items = counted.setdefault(unit, {})
        items[item] = items.get(item, 0) + line.new
    result: dict[ReachKey, int] = {}
    for (department, municipality, _site, group, sex, age), items in counted.items():
        area = {"nation": NATION_CODE, "department": department}.get(level, municipality)
        key = (
            area,
            group if "population_group" in split else "",
            sex if "sex" in split else "",
            age if "age" in split else "",
        )
        result[key] = result.get(key, 0) + max(items.values())
    return result


def consolidate(lines: Iterable[ReachLine], rule: ConsolidationRule = DEFAULT_RULE) -> int:
    """People reached by the lines, by the rule (see `reach_by_area`)."""
    return sum(reach_by_area(lines, rule).values())
