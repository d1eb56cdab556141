"""The words a reader sees for the codes the analytics return: a provenance status, an
estimate method. Through the catalogues, so the Spanish page never shows a key."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "observed": _("observado"),
    "computed": _("calculado"),
    "estimated": _("estimado"),
}
# The explorer's filters and its chart title name the sex and the population group
# (compute.GROUPS: sede_enrolment.nationality) with these words.
SEX_LABELS = {
    "f": _("Mujeres"),
    "m": _("Hombres"),
}
GROUP_LABELS = {
    "COL": _("Colombianos (comunidad de acogida)"),
    "VEN": _("Venezolanos (migrantes)"),
    "OTH": _("Otra nacionalidad"),
}
METHOD_LABELS = {
    "linear": _("interpolación lineal"),
    "carry_forward": _("último valor conocido"),
    "dane_ratio": _("escalado con la proyección de población DANE"),
}

# How a value was obtained (`provenance.method`): the analytics write it in English, clause
# by clause ("published by MEN; numerator = rate × …"), and the CLI and the API keep it so.
# A page reads each known clause in its own language; a clause not listed here stays as it
# is (tests/web/test_every_page.py fails when one reaches a Spanish page). MEN's column
# names are written as in MEN's files (COBERTURA_BRUTA), not as lower-case keys.
LEVEL_WORDS = {
    "municipality": _("municipio"),
    "department": _("departamento"),
    "etc": _("ETC"),
    "nation": _("nación"),
    "sede": _("sede"),
}
# The ways an indicator can be cut (`disaggregations` in its TOML), in the page's words.
DISAGGREGATION_WORDS = {
    "sex": _("sexo"),
    "nationality": _("nacionalidad"),
}
AGES = r"(?P<a>\d+)–(?P<b>\d+)"
METHOD_CLAUSES = tuple(
    (re.compile(f"^{pattern}$"), words)
    for pattern, words in (
        (r"published by MEN", _("publicado por el MEN")),
        (
            r"published by MEN for this area, not re-aggregated: no municipality of it has both"
            r" a rate and a weight this year",
            _("publicado por el MEN para esta área, sin reagregar: ningún municipio suyo tiene"
              " tasa y peso este año"),
        ),
        (r"sum of (?P<base>\w+) values up to (?P<level>\w+)",
         _("suma de los valores por %(base)s hasta %(level)s")),
        (
            r"sum of (?P<base>\w+) numerators / sum of denominators × (?P<scale>[\d.]+) up to"
            r" (?P<level>\w+) \(rates are never averaged\)",
            _("suma de los numeradores por %(base)s / suma de los denominadores × %(scale)s"
              " hasta %(level)s (las tasas nunca se promedian)"),
        ),
        (rf"numerator = rate × DANE population aged {AGES} / (?P<scale>\d+) \(computed\)",
         _("numerador = tasa × población DANE de %(a)s a %(b)s años / %(scale)s (calculado)")),
        (r"numerator = rate × weight / (?P<scale>\d+) \(computed\)",
         _("numerador = tasa × peso / %(scale)s (calculado)")),
        (r"numerator = rate × (?P<column>[A-ZÁÉÍÓÚÑ0-9_]+) / (?P<scale>\d+) \(computed\)",
         _("numerador = tasa × %(column)s / %(scale)s (calculado)")),
        (rf"weight = enrolment estimated as (?P<column>\w+) × population aged {AGES}"
         r" / (?P<scale>\d+)",
         _("peso = matrícula estimada como %(column)s × población de %(a)s a %(b)s años"
           " / %(scale)s")),
        (r"enrolment = MEN (?P<column>\w+) × MEN (?P<population>\w+) / (?P<scale>\d+)",
         _("matrícula = %(column)s del MEN × %(population)s del MEN / %(scale)s")),
        (rf"denominator = DANE population aged {AGES}",
         _("denominador = población DANE de %(a)s a %(b)s años")),
        (r"value = (?P<scale>\d+) − ratio", _("valor = %(scale)s − razón")),
        (
            rf"MEN (?P<column>\w+) as published: the level's enrolment can only be rebuilt as"
            rf" rate × DANE population aged {AGES} / (?P<scale>\d+), so the UIS ratio over that"
            r" population is MEN's rate",
            _("%(column)s del MEN tal como se publica: la matrícula del nivel solo puede"
              " reconstruirse como tasa × población DANE de %(a)s a %(b)s años / %(scale)s,"
              " así que la razón UIS sobre esa población es la tasa del MEN"),
        ),
        (r"(?P<column>POBLACIÓN_\w+) as published by MEN",
         _("%(column)s tal como la publica el MEN")),
        (r"Migración Colombia count at (?P<date>[\d-]+)",
         _("conteo de Migración Colombia al %(date)s")),
        (r"migrants at (?P<date>[\d-]+) / DANE total population (?P<year>\d+) × (?P<scale>\d+)",
         _("migrantes al %(date)s / población total DANE %(year)s × %(scale)s")),
        (r"OCHA JIAF education PiN, (?P<vintage>.+)",
         _("PiN de educación del JIAF de OCHA, %(vintage)s")),
        (r"OCHA JIAF education severity phase, (?P<vintage>.+)",
         _("fase de severidad en educación del JIAF de OCHA, %(vintage)s")),
    )
)  # fmt: skip
BASE_VALUES = "; base values: "


def _clause_words(clause: str) -> str:
    for pattern, words in METHOD_CLAUSES:
        found = pattern.match(clause)
        if found:
            values = dict(found.groupdict())
            if "level" in values:
                values["level"] = str(LEVEL_WORDS.get(values["level"], values["level"]))
            if "base" in values:
                values["base"] = str(LEVEL_WORDS.get(values["base"], values["base"]))
            if "column" in values:
                values["column"] = values["column"].upper()
            return str(words) % values
    return clause


def method_words(method: str) -> str:
    """`provenance.method` in the page's language, clause by clause."""
    own, _sep, base = method.partition(BASE_VALUES)
    said = "; ".join(_clause_words(clause) for clause in own.split("; "))
    if base:
        said += str(_("; valores de base: ")) + method_words(base)
    return said


# DIVIPOLA's types of municipality (domain.geography.MUNICIPALITY_TYPES), in the page's words.
MUNICIPALITY_TYPE_LABELS = {
    "Municipio": _("Municipio"),
    "Área no municipalizada": _("Área no municipalizada"),
    "Isla": _("Isla"),
}
