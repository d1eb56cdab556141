"""Indicator metadata: what an indicator means, plain data read from the registry's TOML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("nation", "department", "etc", "municipality", "sede")
FAMILIES = ("MEN", "UIS", "GIFMM", "OCHA")
# Approval + failure + dropout must add up to 100 for the total and for each level; MEN
# rounds each to two decimals, so a sum within this many points is accepted (the MEN
# importers and analytics/gaps.py both check it).
IDENTITY_TOLERANCE = 1.0
# ratio: sum of numerators / sum of denominators × scale; sum: a count, summed;
# parity: female rate / male rate, each re-aggregated as a ratio first (GPI);
# adjusted_parity: the same, folded above 1 as 2 − 1/GPI (UIS adjusted GPI).
AGGREGATIONS = ("ratio", "sum", "parity", "adjusted_parity")
UNITS = {
    "percent": ("%", "%"),
    "per_1000": ("por 1.000 hab.", "per 1,000 inhabitants"),
    "persons": ("personas", "persons"),
    "ratio": ("razón", "ratio"),
    "students_per_teacher": ("estudiantes por docente", "students per teacher"),
    "severity": ("fase de severidad (1–5)", "severity phase (1–5)"),
}
SCALES = {
    "percent": 100.0,
    "per_1000": 1000.0,
    "persons": 1.0,
    "ratio": 1.0,
    "students_per_teacher": 1.0,
    "severity": 1.0,
}
REQUIRED_FIELDS = (
    "code",
    "family",
    "name_es",
    "name_en",
    "definition_es",
    "definition_en",
    "formula",
    "unit",
    "numerator",
    "numerator_en",
    "denominator",
    "denominator_en",
    "levels",
    "disaggregations",
    "source",
    "aggregation",
)


class MetadataError(ValueError):
    """An indicator's metadata is missing a field or holds an unknown value."""


@dataclass(frozen=True)
class Indicator:
    code: str
    family: str
    name_es: str
    name_en: str
    definition_es: str
    definition_en: str
    formula: str
    unit: str
    numerator: str  # Spanish, the source language, like the formula's words
    numerator_en: str
    denominator: str
    denominator_en: str
    levels: tuple[str, ...]
    disaggregations: tuple[str, ...]
    source: tuple[str, ...]
    aggregation: str
    sql: str  # file name of the query under analytics/indicators/
    params: dict[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()  # warehouse tables the query reads
    # The breakdown by sex from a query and tables of its own (poblacion_5_16: DANE by
    # sex, MEN's total without DANE): each breakdown needs only its own sources.
    sql_by_sex: str = ""
    requires_by_sex: tuple[str, ...] = ()
    published: str = ""  # code of the published figure at higher levels, if MEN publishes one
    base_level: str = "municipality"
    notes_es: str = ""
    notes_en: str = ""
    # Code of the indicator that gives this figure at level `sede` (computed from sede data;
    # docs/methodology/school-level.md): `desercion --level sede` runs `desercion_sede`.
    school_level: str = ""
    # A phase-like value (severity 1–5): above the base level, also the number of base
    # units in each phase, since a weighted mean alone hides how many areas are critical.
    distribution: bool = False
    # Enrolment over resident population (gross, net, attendance): a value above 100 is
    # possible and has a known cause (pupils counted where they study, population where
    # they live), so gaps and the explorer flag it; a rate over enrolment never exceeds 100.
    coverage: bool = False

    @property
    def scale(self) -> float:
        return SCALES[self.unit]

    def unit_label(self, language: str = "es") -> str:
        es, en = UNITS[self.unit]
        return es if language == "es" else en

    def name(self, language: str = "es") -> str:
        return self.name_es if language == "es" else self.name_en

    def definition(self, language: str = "es") -> str:
        return self.definition_es if language == "es" else self.definition_en

    @classmethod
    def from_mapping(cls, data: dict[str, Any], *, where: str) -> Indicator:
        missing = [
            name for name in REQUIRED_FIELDS if not data.get(name) and name != "disaggregations"
        ]
        if "disaggregations" not in data:
            missing.append("disaggregations")
        if missing:
            raise MetadataError(f"{where}: missing {', '.join(missing)}")
        if data["family"] not in FAMILIES:
            raise MetadataError(f"{where}: family must be one of {FAMILIES}")
        if data["aggregation"] not in AGGREGATIONS:
            raise MetadataError(f"{where}: aggregation must be one of {AGGREGATIONS}")
        if data["unit"] not in UNITS:
            raise MetadataError(f"{where}: unit must be one of {sorted(UNITS)}")
        unknown = [lv for lv in data["levels"] if lv not in LEVELS]
        if unknown:
            raise MetadataError(f"{where}: unknown levels {unknown}")
        as_tuple = ("levels", "disaggregations", "source", "requires", "requires_by_sex")
        fields: dict[str, Any] = {k: (tuple(v) if k in as_tuple else v) for k, v in data.items()}
        fields.setdefault("sql", f"{data['code']}.sql")
        try:
            return cls(**fields)
        except TypeError as exc:
            raise MetadataError(f"{where}: {exc}") from None
