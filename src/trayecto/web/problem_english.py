"""What the 5W import says, in English for English pages.

The 5W reader (`importers/five_w`), the place matcher it asks (`domain/places.py`) and the
5W upload service word their problems in Spanish, for the partners who fix the files; the
CLI and the stored reports keep them so. Each wording here is the Spanish one ({name}: a
value carried over, itself read again, so a cell's reason inside "la cantidad {reason}"
reads in English too) and its English words. `problem_words` applies this table as it
applies the Spanish one, so a report stored by any earlier upload reads in English too.
"""

from __future__ import annotations

from trayecto.domain.bounds import FIVE_W_PEOPLE
from trayecto.importers import five_w_form
from trayecto.importers.cells import MESSAGES as CELL_MESSAGES
from trayecto.importers.files import TEXT_MESSAGES
from trayecto.importers.five_w.upload import CSV_WHAT
from trayecto.importers.workbooks import MESSAGES as WORKBOOK_MESSAGES
from trayecto.web.response.loader import FORM_NAMES_ORG, NO_GEOGRAPHY
from trayecto.web.response.services import imports
from trayecto.web.response.services.periods import PERIOD_LOCKED


def _both(messages: dict[str, dict[str, str]]) -> dict[str, str]:
    """A module's own Spanish wording -> its own English one, key by key."""
    return {messages["es"][key]: messages["en"][key] for key in messages["es"]}


def _bound_refusal() -> dict[str, str]:
    """`Bound.refusal` of the 5W counts, worded as it words them ({shown}: the value)."""
    bound = FIVE_W_PEOPLE
    limit = f"{bound.high:,}".replace(",", ".")
    return {
        f"{{shown}} supera el máximo plausible, {limit} ({bound.why_es}): revise la cifra": (
            f"{{shown}} is more than {bound.high:,}, the most plausible ({bound.why_en}): check it"
        )
    }


# Fragments a message carries as a value (the place matcher's kind, a pseudo-column)
FRAGMENTS = {
    "municipio": "municipality",
    "departamento": "department",
    "sexo y edad": "sex and age",
    "grupo poblacional": "population group",
    "de los cuales": "of which",
    CSV_WHAT: "a CSV with HXL hashtags or an Excel workbook (.xlsx)",
    "un libro de Excel (.xlsx) o un zip": "an Excel workbook (.xlsx) or a zip",
    "un libro de Excel antiguo (.xls)": "an old Excel workbook (.xls)",
    "un documento PDF": "a PDF document",
}

FIVE_W_FILE = {
    # importers/five_w/upload.py and reader.py
    "el archivo pesa {size} MB; el máximo es {most} MB": (
        "the file weighs {size} MB; the most accepted is {most} MB"
    ),
    "suba un libro de Excel (.xlsx) o un CSV con etiquetas HXL": (
        "upload an Excel workbook (.xlsx) or a CSV with HXL hashtags"
    ),
    "no es un libro de Excel válido (.xlsx): guárdelo de nuevo": (
        "not a valid Excel workbook (.xlsx): save it again"
    ),
    "el .xlsx no contiene un libro de Excel": "the .xlsx holds no Excel workbook",
    "no se pudo leer el libro: {detail}": "the workbook could not be read: {detail}",
    "no se reconoce el formato: use la plantilla 5W de Trayecto, la del GIFMM (v1.1 o v2) o "
    "un CSV con etiquetas HXL; faltan las columnas de municipio, mes, actividad o "
    "beneficiarios": (
        "the layout is not recognised: use Trayecto's 5W template, the GIFMM's (v1.1 or v2) "
        "or a CSV with HXL hashtags; the municipality, month, activity or beneficiaries "
        "columns are missing"
    ),
    "fila idéntica a la fila {first}: se cuenta una sola vez; bórrela si es un error de copia": (
        "row identical to row {first}: it is counted once; delete it if it is a copying mistake"
    ),
    "el archivo no tiene filas de datos": "the file has no data rows",
}

FIVE_W_ROW = {
    # importers/five_w/activity_checks.py
    "falta la organización: escriba el código de su organización": (
        "the organisation is missing: write your organisation's code"
    ),
    "la fila nombra a «{named}», pero el archivo se carga para {org}: se cuenta como de "
    "{org}; si la fila es de otra organización, bórrela y que ella la reporte": (
        "the row names «{named}», but the file is loaded for {org}: it is counted as {org}'s; "
        "if the row belongs to another organisation, delete it and let that one report it"
    ),
    "mes no válido: escriba el mes como AAAA-MM (2026-03)": (
        "not a valid month: write the month as YYYY-MM (2026-03)"
    ),
    "el mes {month} está fuera del periodo reportado {period}: repórtelo en el informe de "
    "ese mes": (
        "the month {month} is outside the reported period {period}: report it in that "
        "month's report"
    ),
    "municipio no encontrado: use el código DIVIPOLA de 5 dígitos": (
        "municipality not found: use the 5-digit DIVIPOLA code"
    ),
    "departamento no reconocido: se usa el del municipio": (
        "department not recognised: the municipality's department is used"
    ),
    "el municipio {municipality} es de {department}, no de {named}: corrija el departamento "
    "o el municipio": (
        "municipality {municipality} is in {department}, not in {named}: correct the "
        "department or the municipality"
    ),
    "no es un código de sede (12 dígitos): la celda se ignora": (
        "not a sede code (12 digits): the cell is ignored"
    ),
    "el código DANE de sede tiene {digits} dígitos y se esperan 12 (zona, 5 del municipio y 6 "
    "de la sede): cópielo completo del directorio de sedes o deje la celda vacía": (
        "the sede's DANE code has {digits} digits and 12 are expected (zone, 5 of the "
        "municipality and 6 of the sede): copy it whole from the sede directory or leave the "
        "cell empty"
    ),
    "la sede {sede} es de {issued}, no de {municipality}: corrija la sede o el municipio": (
        "sede {sede} is in {issued}, not in {municipality}: correct the sede or the municipality"
    ),
    "falta la actividad: elíjala de la lista": "the activity is missing: choose it from the list",
    "actividad fuera del catálogo: ¿quiso decir {codes}? elija una de la lista (código, nombre "
    "o alias del catálogo); una carga no crea actividades": (
        "activity not in the catalogue: did you mean {codes}? choose one from the list (the "
        "catalogue's code, name or alias); an upload does not create activities"
    ),
    "actividad fuera del catálogo: elija una de la lista (código, nombre o alias del "
    "catálogo); una carga no crea actividades": (
        "activity not in the catalogue: choose one from the list (the catalogue's code, name "
        "or alias); an upload does not create activities"
    ),
    # importers/five_w/count_checks.py and row_check.py
    "falta el número de beneficiarios del mes": (
        "the number of beneficiaries of the month is missing"
    ),
    "falta beneficiarios nuevos: escriba 0 si todos son recurrentes": (
        "the new beneficiaries are missing: write 0 if all are recurrent"
    ),
    "indique si los beneficiarios son nuevos o recurrentes": (
        "say whether the beneficiaries are new or recurrent"
    ),
    "los nuevos ({new}) superan a los beneficiarios del mes ({beneficiaries})": (
        "the new beneficiaries ({new}) are more than the month's beneficiaries ({beneficiaries})"
    ),
    "grupo poblacional desconocido: sin especificar": (
        "unknown population group: read as unspecified"
    ),
    "los grupos poblacionales suman {groups} y los nuevos son {new}": (
        "the population groups add up to {groups} and the new beneficiaries are {new}"
    ),
    "{reason} de beneficiarios nuevos: corrija las celdas o déjelas todas en 0": (
        "{reason} (new beneficiaries): correct the cells or leave them all at 0"
    ),
    "{reason} de beneficiarios del mes: corrija las celdas o déjelas todas en 0": (
        "{reason} (the month's beneficiaries): correct the cells or leave them all at 0"
    ),
    "los rangos finos {bands} ({sex}) suman {total} y el rango {band} dice {coarse}": (
        "the fine age bands {bands} ({sex}) add up to {total} and the band {band} says {coarse}"
    ),
    "la cantidad {reason}": "count: {reason}",
    # domain/five_w.py: the sex × age split and the "of which" counts
    "total negativo: {total}": "negative total: {total}",
    "una celda de sexo y edad es negativa": "a sex and age cell is negative",
    "las celdas de sexo y edad suman {found} y el total es {total}": (
        "the sex and age cells add up to {found} and the total is {total}"
    ),
    "{attribute}: valor negativo {value}": "{attribute}: negative value {value}",
    "{attribute}: {value} es mayor que el total {total}; es un 'de los cuales' y se cuenta "
    "dentro del total": (
        "{attribute}: {value} is more than the total {total}; it is an 'of which' count, "
        "counted within the total"
    ),
    # importers/five_w/link_checks.py
    "escriba «Sí» si la actividad apoya el ETPV o «No» si no lo apoya (vacío se lee No)": (
        "write «Sí» if the activity supports the ETPV or «No» if it does not (empty reads as No)"
    ),
    "la fila dice que la actividad no apoya el ETPV pero indica un tipo de apoyo: escriba "
    "«Sí» en «Actividad en apoyo en ETPV» o borre el tipo": (
        "the row says the activity does not support the ETPV but gives a support type: "
        "write «Sí» in «Actividad en apoyo en ETPV» or delete the type"
    ),
    "falta el tipo de apoyo al ETPV: elija uno de {types}": (
        "the ETPV support type is missing: choose one of {types}"
    ),
    "tipo de apoyo desconocido: elija uno de {types}": (
        "unknown support type: choose one of {types}"
    ),
    "el convenio tiene {length} caracteres y caben {most}: escriba el nombre o el número del "
    "convenio, no su descripción": (
        "the funded project has {length} characters and {most} fit: write the agreement's "
        "name or number, not its description"
    ),
}

PLACES = {
    # importers/five_w_places.py
    "hay varios municipios con ese nombre: escriba el código DIVIPOLA": (
        "several municipalities have that name: write the DIVIPOLA code"
    ),
    "municipio no encontrado: use el código de la lista (DIVIPOLA de 5 dígitos en Colombia)": (
        "municipality not found: use the code from the list (5-digit DIVIPOLA in Colombia)"
    ),
    # domain/places.py (PlaceMatcher), the notes of a place not found
    "Falta el departamento.": "The department is missing.",
    "Falta el municipio.": "The municipality is missing.",
    "Falta el nombre del {kind}.": "The {kind}'s name is missing.",
    "El código de departamento {code!r} no existe en DIVIPOLA.": (
        "The department code {code!r} does not exist in DIVIPOLA."
    ),
    "Departamento {department!r}: {reason}": "Department {department!r}: {reason}",
    "El código {code!r} no es un municipio de DIVIPOLA; se buscó por nombre.": (
        "The code {code!r} is not a DIVIPOLA municipality; it was looked up by name."
    ),
    "{raw!r} no es un {kind} de {department}; existe en: {elsewhere}. Revise el departamento "
    "o escriba el código DANE.": (
        "{raw!r} is not a {kind} of {department}; it exists in: {elsewhere}. Check the "
        "department or write the DANE code."
    ),
    "No se encontró el {kind} {raw!r} en {department}. ¿Quiso decir: {listed}? No se aplicó: "
    "corrija el nombre o escriba el código DANE.": (
        "No {kind} {raw!r} was found in {department}. Did you mean: {listed}? Not applied: "
        "correct the name or write the DANE code."
    ),
    "No se encontró el {kind} {raw!r}. ¿Quiso decir: {listed}? No se aplicó: corrija el "
    "nombre o escriba el código DANE.": (
        "No {kind} {raw!r} was found. Did you mean: {listed}? Not applied: correct the name "
        "or write the DANE code."
    ),
    "No se encontró el {kind} {raw!r} en {department}: escriba el código DANE.": (
        "No {kind} {raw!r} was found in {department}: write the DANE code."
    ),
    "No se encontró el {kind} {raw!r}: escriba el código DANE.": (
        "No {kind} {raw!r} was found: write the DANE code."
    ),
    "{raw!r} puede ser más de un {kind}: {listed}. No se aplicó: escriba el código DANE.": (
        "{raw!r} may be more than one {kind}: {listed}. Not applied: write the DANE code."
    ),
    "{raw!r} puede ser más de un {kind}: {listed}. No se aplicó: indique el departamento o "
    "el código DANE.": (
        "{raw!r} may be more than one {kind}: {listed}. Not applied: give the department or "
        "the DANE code."
    ),
}

UPLOAD_SERVICE = {
    # web/response: the organisation, the month's report, the geography
    imports.UNKNOWN_ORG: (
        "unknown organisation: register it with `trayecto org add` or use --org CODE"
    ),
    imports.SEVERAL_ORGS: "the file names several organisations ({orgs}): use --org CODE",
    imports.NO_ORG: "the file does not say which organisation reports: use --org CODE",
    imports.APPROVED_ALREADY: (
        "{org}'s report for {month} is already approved: ask whoever approved it to reopen it"
    ),
    PERIOD_LOCKED: "the period {month} is closed ({reason}); no changes are accepted",
    NO_GEOGRAPHY: (
        "the warehouse has no municipalities: import the geography first "
        "(trayecto import divipola ...)"
    ),
}

FIVE_W_FORM = {
    # importers/five_w_form.py: the 5W form's submissions export
    five_w_form.NOT_THE_FORM: (
        "not an export of the 5W form: {missing} missing. Export the submissions of the "
        "«{repeat}» form from KoboToolbox (XLS, with XML names or labels) or ODK Central "
        "(CSV .zip, with the repeat groups)"
    ),
    five_w_form.NO_LINES: (
        "the submission has no activity lines: add at least one in the «{repeat}» group in "
        "KoboToolbox/ODK, or delete it"
    ),
    five_w_form.ORPHAN: (
        "a line of no submission of the «{main}» sheet (its «{column}» is none of theirs): "
        "export the submissions and their lines together, in one file"
    ),
    five_w_form.REPLACED: (
        "a later submission of {org} for {month} (row {line} of «{main}») replaces this one: "
        "this line is not imported; delete the earlier submission in KoboToolbox/ODK if it "
        "was a mistake"
    ),
    five_w_form.UNREADABLE: "the file could not be read: {detail}",
    five_w_form.NO_SUBMISSIONS: "the file has no submissions",
    FORM_NAMES_ORG: (
        "an export of the 5W form says the organisation of each submission: import it without --org"
    ),
}

# Spanish wording ({name}: a value carried over) -> the English one
ENGLISH: dict[str, str] = {
    **FRAGMENTS,
    **FIVE_W_FORM,
    **FIVE_W_FILE,
    **FIVE_W_ROW,
    **PLACES,
    **UPLOAD_SERVICE,
    **_bound_refusal(),
    # the modules that word their own in both languages
    **_both(CELL_MESSAGES),
    **_both(WORKBOOK_MESSAGES),
    **_both(TEXT_MESSAGES),
}
