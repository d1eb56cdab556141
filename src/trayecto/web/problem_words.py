"""What an import or a service refused, in the page's language.

The importers and the emergencies services word their problems in English (the CLI and the
JSON keep them so); the 5W import words its own in Spanish, for the partners who fix the
files (`problem_english.py`); `importers.cells` and `importers.workbooks` word theirs in
both. Each known wording is a pattern whose values (codes, names, counts) are carried over,
and read again, so a reason carried inside another message is translated too: a Spanish
page reads the English wordings in Spanish (`SPANISH`), an English page the Spanish ones in
English (`problem_english.ENGLISH`). Stored reports are translated when shown, so those of
earlier uploads read in the page's language as well. An unknown message is shown as it
is, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from django.utils.translation import get_language

from trayecto.domain.problems import NO_USABLE_ROWS, UNCHANGED
from trayecto.importers.cells import MESSAGES as CELL_MESSAGES
from trayecto.web.emergencies import services as emergencies
from trayecto.web.problem_english import ENGLISH

# English wording ({name}: a value carried over) -> the Spanish one
SPANISH: dict[str, str] = {
    # importers/affected_schools.py and affected_schools_rows.py
    "must be the 12-digit DANE code of the sede": (
        "debe ser el código DANE de la sede, de 12 cifras"
    ),
    "no municipality of this name in department {department}": (
        "ningún municipio del departamento {department} tiene este nombre"
    ),
    "the levels add up to {total}: total and levels must agree": (
        "los niveles suman {total}: el total y los niveles deben coincidir"
    ),
    "severity 1–3 matching Estado físico {state}": (
        "una severidad de 1 a 3 que corresponda al Estado físico {state}"
    ),
    "must be a percentage": "debe ser un porcentaje",
    "must be a whole number ≥ 0": "debe ser un número entero ≥ 0",
    "must be Sí or No (or empty: not known)": "debe ser Sí o No (o vacío: no se sabe)",
    "must be Ninguno, Parcial or Destruida": "debe ser Ninguno, Parcial o Destruida",
    "implies an ETC enrolment of {implied} while the rows of {etc} imply {median}: check the "
    "share or the enrolment": (
        "supone una matrícula de la ETC de {implied}, y las demás filas de {etc} suponen "
        "{median}: revise el aporte o la matrícula"
    ),
    "no ETC of this name in department {department}; the ETC of the municipality ({etc}) is used": (
        "ninguna ETC del departamento {department} tiene este nombre; se usa la ETC del "
        "municipio ({etc})"
    ),
    "sede {sede} ({name}) is in department {department}, outside the event's departments "
    "({departments}). Not imported.": (
        "la sede {sede} ({name}) está en el departamento {department}, fuera de los "
        "departamentos de la emergencia ({departments}). No se importó."
    ),
    "sede {sede} ({name}) is in municipality {municipality}, outside the event's "
    "municipalities ({municipalities}). Not imported.": (
        "la sede {sede} ({name}) está en el municipio {municipality}, fuera de los municipios "
        "de la emergencia ({municipalities}). No se importó."
    ),
    "sede repeated (line {first}) with another severity: {there} there, {here} here. "
    "Contradictory severities: keep one row with the right one.": (
        "sede repetida (línea {first}) con otra severidad: {there} allí, {here} aquí. "
        "Severidades contradictorias: deje una sola fila, con la correcta."
    ),
    "sede repeated (line {first})": "sede repetida (línea {first})",
    "unknown sede: no sede list in the warehouse has this code (imported; check the code "
    "against SIMAT)": (
        "sede desconocida: ninguna lista de sedes del almacén tiene este código (importada; "
        "compruebe el código en SIMAT)"
    ),
    "missing columns: {columns}": "faltan columnas: {columns}",
    "no `En Decreto N de AAAA` column: which emergency is this?": (
        "no hay columna «En Decreto N de AAAA»: ¿de qué emergencia es esta lista?"
    ),
    NO_USABLE_ROWS: "ninguna fila utilizable; no se importó nada",
    UNCHANGED: "sin cambios: este archivo ya es la versión vigente; no se publicó nada",
    # web/emergencies/services.py
    emergencies.NO_DEPARTMENT: (
        "indique al menos un departamento (código DANE de 2 cifras, por ejemplo 27 para Chocó)"
    ),
    emergencies.BAD_DEPARTMENT: "{code} no es un código de departamento: 2 cifras, por ejemplo 27",
    emergencies.ALREADY_LISTED: (
        "sede ya registrada en esta emergencia por {where}; no se importó de esta lista"
    ),
    emergencies.UNKNOWN_DEPARTMENT: "el departamento {code} no está en DIVIPOLA",
    emergencies.BAD_MUNICIPALITY: (
        "{code} no es un código de municipio: 5 cifras, por ejemplo 27001"
    ),
    emergencies.MUNICIPALITY_OUTSIDE: (
        "el municipio {code} no está en los departamentos de la emergencia ({departments})"
    ),
    emergencies.UNKNOWN_MUNICIPALITY: "el municipio {code} no está en DIVIPOLA",
    emergencies.SUBTYPE_MISMATCH: "el subtipo {subtype} es de {expected}, no de {type}",
    emergencies.WRONG_STATUS: "una emergencia «{status}» no puede pasar a «{to}»",
    emergencies.END_BEFORE_START: "la fecha de fin es anterior a la de inicio",
    # importers/cells.py words its own in Spanish
    **{CELL_MESSAGES["en"][key]: CELL_MESSAGES["es"][key] for key in CELL_MESSAGES["en"]},
}
# the page's language -> {the core's wording: the page's}
WORDS = {"es": SPANISH, "en": ENGLISH}
# a value's place: {name}, {name!r} (quoted), {name:,.0f} (formatted)
FIELD = re.compile(r"\{(\w+)(![rs])?(?::[^{}]*)?\}")
# where a message of several sentences (the place matcher's notes, joined) is cut
SENTENCE = re.compile(r"(?<=[.?])\s+(?=[A-ZÁÉÍÓÚÑ¿'])")


def _regex(wording: str, *, named: bool) -> str:
    parts = FIELD.split(wording)  # text, name, conversion, text, name, conversion, ...
    regex, seen = [], set()
    for i in range(0, len(parts), 3):
        regex.append(re.escape(parts[i]))
        if i + 1 < len(parts):
            name = parts[i + 1]
            if not named:
                regex.append(".+?")
            elif name in seen:  # the same value twice ("… para {org}: se cuenta como de {org}")
                regex.append(f"(?P={name})")
            else:
                regex.append(f"(?P<{name}>.+?)")
            seen.add(name)
    return "".join(regex)


@cache
def _patterns(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each wording as a pattern, the longest first (a repeated sede with another severity
    before the plain repeated sede)."""
    found = []
    for wording, said in sorted(WORDS[language].items(), key=lambda item: -len(item[0])):
        template = FIELD.sub(lambda m: f"'{{{m[1]}}}'" if m[2] == "!r" else f"{{{m[1]}}}", said)
        found.append((re.compile(f"^{_regex(wording, named=True)}$", re.DOTALL), template))
    return tuple(found)


@cache
def _any(language: str) -> re.Pattern[str]:
    """All the wordings as one pattern: a message that matches none is skipped at once."""
    wordings = sorted(WORDS[language], key=len, reverse=True)
    return re.compile("|".join(f"(?:{_regex(w, named=False)})$" for w in wordings), re.DOTALL)


def page_language() -> str:
    return "en" if (get_language() or "es").startswith("en") else "es"


def known_wording(text: str, language: str) -> bool:
    """Whether `text` is a wording a page in `language` translates (so it was not, if
    shown there): the check of tests/web/test_every_page.py."""
    return _any(language).match(text) is not None


@lru_cache(maxsize=4096)
def words(message: str, language: str) -> str:
    """The message in `language`: a known wording in its words, its values carried over
    and read again; a message of several sentences, sentence by sentence."""
    if known_wording(message, language):
        for pattern, said in _patterns(language):
            found = pattern.match(message)
            if found:
                values = {k: words(v.strip("'"), language) for k, v in found.groupdict().items()}
                return said.format(**values)
    sentences = SENTENCE.split(message)
    if len(sentences) > 1:
        translated = [words(sentence, language) for sentence in sentences]
        if translated != sentences:
            return " ".join(translated)
    return message


def problem_words(message: str) -> str:
    """The message in the page's language (Spanish unless the page is English)."""
    return words(message, page_language())
