"""What an import or a service refused, in the page's language.

The importers and the emergencies services word their problems in English (the CLI and the
JSON keep them so); `importers.cells` words its own in both. A Spanish page reads each known
message in Spanish: the English wording is a pattern whose values (codes, names, counts) are
carried over. An unknown message is shown as it is, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import get_language

from trayecto.domain.problems import NO_USABLE_ROWS, UNCHANGED
from trayecto.importers.cells import MESSAGES as CELL_MESSAGES
from trayecto.web.emergencies import services as emergencies

# English wording ({name}: a value carried over) -> the Spanish one
SPANISH: dict[str, str] = {
    # importers/affected_schools.py
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
FIELD = re.compile(r"\{(\w+)(?:![rs])?\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each English wording as a pattern, the longest first (a repeated sede with another
    severity before the plain repeated sede)."""
    found = []
    for english, spanish in sorted(SPANISH.items(), key=lambda item: -len(item[0])):
        parts = FIELD.split(english)  # text, name, text, name, ...
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        found.append((re.compile(f"^{regex}$", re.DOTALL), FIELD.sub(r"{\1}", spanish)))
    return tuple(found)


def problem_words(message: str) -> str:
    """The message in the page's language (Spanish unless the page is English)."""
    if (get_language() or "es").startswith("en"):
        return message
    for pattern, spanish in _patterns():
        found = pattern.match(message)
        if found:
            values = {k: v.strip("'") for k, v in found.groupdict().items()}
            return spanish.format(**values)
    return message
