"""Our own education severity and people in need (PiN): the rules, in plain Python.

The approach follows the Global Education Cluster's use of JIAF 2.0: each dimension of need
is read from a named indicator and turned into a phase (1–5) by thresholds the IM officer
can edit; the severity of a municipality is the highest phase across the dimensions that
have data, raised by one phase when aggravating circumstances are severe; the PiN of each
population group is its school-age population × the share in need (the largest share
across dimensions), summed across groups. docs/methodology/needs.md says why each choice.

`assess` is the reference implementation: `analytics/needs_sql/assess.sql` computes the
same for every municipality at once, and a property test holds the two together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

PHASES = (1, 2, 3, 4, 5)
# The dimensions, in the order pages show them; "protected_environment" is read from the
# emergencies the cluster records (attacks on and occupation of schools, schools used as
# shelters, schools left unsafe), passed in by the web app (PROTECTED_RULE).
DIMENSIONS = ("access", "learning_conditions", "protected_environment", "aggravating")
# Which registry indicator each dimension reads (the names pages and docs show).
DIMENSION_INDICATORS = {
    "access": "uis_tasa_fuera_escuela",
    "learning_conditions": "estudiantes_por_docente",
    "protected_environment": "",  # no registry indicator: the emergencies (PROTECTED_RULE)
    "aggravating": "migrantes_por_1000",
}
GROUPS = ("migrant", "host")
# Which affected sedes count for the protected environment (docs/methodology/needs.md): a
# sede listed under an event of the run's year that is an attack on education or a
# military use of schools (GCPEA), or that the rapid assessment marks occupied, used as a
# shelter, destroyed or in critical physical state.
PROTECTED_RULE = (
    "Sedes de las emergencias del año: ataque a la escuela o a estudiantes y docentes, uso "
    "militar, ocupada, usada como albergue, destruida o en estado físico crítico, sobre las "
    "sedes del municipio (MEN)."
)
MIGRANT_AGE_SOURCE = (
    "Sin estructura por edad publicada por municipio: por defecto, la proporción de 5 a 16 "
    "años de la proyección DANE del propio municipio (la de la comunidad de acogida). "
    "Reemplácela por la de Migración Colombia o el Pulso de la Migración (DANE) al editarla."
)


THRESHOLD_NAMES = ("access", "learning_conditions", "aggravating", "protected_environment")


class ParameterError(ValueError):
    """A parameter out of range; the message says what is allowed."""


@dataclass(frozen=True)
class Thresholds:
    """The lower bounds of phases 2, 3, 4 and 5 of an indicator (strictly increasing): a
    value at or above the k-th bound is in phase k + 2; below the first, phase 1."""

    bounds: tuple[float, float, float, float]

    def phase(self, value: float | None) -> int | None:
        if value is None:
            return None
        return 1 + sum(1 for bound in self.bounds if value >= bound)

    def problems(self, name: str) -> list[str]:
        if len(self.bounds) != 4:
            return [f"{name}: four bounds are needed (phases 2, 3, 4 and 5)"]
        if any(b >= c for b, c in zip(self.bounds, self.bounds[1:], strict=False)):
            return [f"{name}: the bounds must increase strictly ({list(self.bounds)})"]
        if self.bounds[0] < 0:
            return [f"{name}: the bounds must be 0 or more"]
        return []


@dataclass(frozen=True)
class NeedsParameters:
    """Every editable choice of a run; stored with it, so a run can be reproduced."""

    # % of children aged 5–16 out of school (access)
    access: Thresholds = Thresholds((5.0, 10.0, 20.0, 30.0))
    # students per teacher (learning conditions)
    learning_conditions: Thresholds = Thresholds((25.0, 30.0, 35.0, 40.0))
    # Venezuelan migrants as % of the population (aggravating circumstances)
    aggravating: Thresholds = Thresholds((2.0, 5.0, 10.0, 20.0))
    # % of the municipality's sedes attacked, occupied, used as shelters or left unsafe by
    # the year's emergencies (protected environment)
    protected_environment: Thresholds = Thresholds((1.0, 5.0, 10.0, 20.0))
    # an aggravating phase at or above this raises the severity by one (never above 5)
    aggravating_raises_from: int = 4
    # from this learning-conditions phase on, the enrolled children count as in need
    learning_in_need_from: int = 3
    # share of the migrant population aged 5–16; None: the municipality's DANE share
    migrant_school_age_share: float | None = None
    migrant_school_age_source: str = MIGRANT_AGE_SOURCE
    # % of migrant children out of school; None: the municipality's rate (no official
    # municipal figure by nationality exists)
    migrant_out_of_school_rate: float | None = None
    year: int = 2022

    def problems(self) -> list[str]:
        found = [
            *self.access.problems("access"),
            *self.learning_conditions.problems("learning_conditions"),
            *self.aggravating.problems("aggravating"),
            *self.protected_environment.problems("protected_environment"),
        ]
        for name in ("aggravating_raises_from", "learning_in_need_from"):
            if getattr(self, name) not in PHASES:
                found.append(f"{name}: a phase from 1 to 5")
        share = self.migrant_school_age_share
        if share is not None and not 0 <= share <= 1:
            found.append("migrant_school_age_share: a share from 0 to 1 (0,25 = 25 %), or empty")
        rate = self.migrant_out_of_school_rate
        if rate is not None and not 0 <= rate <= 100:
            found.append("migrant_out_of_school_rate: a percentage from 0 to 100, or empty")
        if not 2012 <= self.year <= 2100:
            found.append("year: from 2012 (the first year of DANE's projection) on")
        return found

    def checked(self) -> NeedsParameters:
        problems = self.problems()
        if problems:
            raise ParameterError("; ".join(problems))
        return self

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in THRESHOLD_NAMES:
            data[name] = list(getattr(self, name).bounds)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NeedsParameters:
        """Parameters from stored or typed values; unknown names are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ParameterError(f"unknown parameters {unknown}; known: {sorted(known)}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in THRESHOLD_NAMES:
                try:
                    bounds = tuple(float(v) for v in value)
                except (TypeError, ValueError):
                    raise ParameterError(f"{name}: four numbers") from None
                if len(bounds) != 4:
                    raise ParameterError(f"{name}: four bounds are needed (phases 2, 3, 4 and 5)")
                values[name] = Thresholds(bounds)
            else:
                values[name] = value
        return replace(cls(), **values).checked()


@dataclass(frozen=True)
class MunicipalityInputs:
    """What a run reads for one municipality (None: no data)."""

    code: str
    school_age_population: float | None  # DANE, ages 5–16
    out_of_school_rate: float | None  # % of 5–16 not enrolled (may be negative in the data)
    students_per_teacher: float | None
    migrants: float | None  # Venezuelan migrants (Migración Colombia)
    total_population: float | None  # the population Migración Colombia divides by
    sedes: float | None = None  # the municipality's sedes (MEN)
    # sedes the year's emergencies hit as PROTECTED_RULE says; None: no event data
    sedes_affected: float | None = None


@dataclass(frozen=True)
class Assessment:
    code: str
    phases: dict[str, int | None]
    severity: int | None
    driver: str | None  # the dimension that set the severity
    school_age: dict[str, float]  # by group
    share_in_need: dict[str, float | None]  # by group: the largest share across dimensions
    pin: dict[str, float]  # by group
    total_pin: float
    notes: list[str] = field(default_factory=list)


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def shares(
    out_of_school_rate: float | None, learning_phase: int | None, params: NeedsParameters
) -> dict[str, float | None]:
    """The share of a group's school-age children in need, by dimension."""
    access = None if out_of_school_rate is None else clamp(out_of_school_rate / 100)
    learning: float | None = None
    if learning_phase is not None:
        enrolled = 1.0 - (access or 0.0)
        learning = enrolled if learning_phase >= params.learning_in_need_from else 0.0
    return {"access": access, "learning_conditions": learning, "protected_environment": None}


def largest(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def affected_share(sedes: float | None, affected: float | None) -> float | None:
    """% of a municipality's sedes affected (at most 100); None without event data or
    without a count of its sedes: JIAF 2.0 leaves a dimension without data out rather than
    reading the absence of a report as the absence of attacks."""
    if affected is None or not sedes or sedes <= 0:
        return None
    return min(100.0, affected / sedes * 100)


def assess(inputs: MunicipalityInputs, params: NeedsParameters) -> Assessment:
    """Severity and PiN of one municipality (the reference for assess.sql)."""
    migrant_share = (
        None
        if inputs.migrants is None or not inputs.total_population
        else inputs.migrants / inputs.total_population * 100
    )
    phases: dict[str, int | None] = {
        "access": params.access.phase(
            None if inputs.out_of_school_rate is None else max(0.0, inputs.out_of_school_rate)
        ),
        "learning_conditions": params.learning_conditions.phase(inputs.students_per_teacher),
        "protected_environment": params.protected_environment.phase(
            affected_share(inputs.sedes, inputs.sedes_affected)
        ),
        "aggravating": params.aggravating.phase(migrant_share),
    }
    severity: int | None = None
    driver: str | None = None
    for name in ("access", "learning_conditions", "protected_environment"):
        phase = phases[name]
        if phase is not None and (severity is None or phase > severity):
            severity, driver = phase, name
    aggravating = phases["aggravating"]
    if (
        severity is not None
        and aggravating is not None
        and aggravating >= params.aggravating_raises_from
        and severity < 5
    ):
        severity, driver = severity + 1, f"{driver}+aggravating"
    population = inputs.school_age_population or 0.0
    if params.migrant_school_age_share is not None:
        age_share = params.migrant_school_age_share
    elif inputs.total_population:
        age_share = population / inputs.total_population
    else:
        age_share = 0.0
    migrant = min(population, (inputs.migrants or 0.0) * age_share)
    school_age = {"migrant": migrant, "host": population - migrant}
    migrant_rate = (
        inputs.out_of_school_rate
        if params.migrant_out_of_school_rate is None
        else params.migrant_out_of_school_rate
    )
    share_in_need = {
        "migrant": largest(
            list(shares(migrant_rate, phases["learning_conditions"], params).values())
        ),
        "host": largest(
            list(shares(inputs.out_of_school_rate, phases["learning_conditions"], params).values())
        ),
    }
    pin = {g: school_age[g] * (share_in_need[g] or 0.0) for g in GROUPS}
    notes = []
    if inputs.school_age_population is None:
        notes.append("no DANE school-age population")
    if inputs.migrants is None:
        notes.append("no Migración Colombia count: no migrant group")
    return Assessment(
        code=inputs.code,
        phases=phases,
        severity=severity,
        driver=driver,
        school_age=school_age,
        share_in_need=share_in_need,
        pin=pin,
        total_pin=pin["migrant"] + pin["host"],
        notes=notes,
    )


def phase_counts(values: list[float | None]) -> dict[str, int]:
    """How many areas hold each severity phase, in phase order ("2.5" for OCHA's half
    points, as the explorer's distribution writes it); areas without a phase are left out."""
    found: dict[float, int] = {}
    for value in values:
        if value is not None:
            found[float(value)] = found.get(float(value), 0) + 1
    return {f"{phase:g}": found[phase] for phase in sorted(found)}
