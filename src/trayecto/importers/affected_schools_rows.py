"""One row of an affected-schools list (importers/affected_schools.py) -> its record: the
sede by its DANE code, the municipality by name, severity, enrolment by level (adding up to
the total), teachers, and our template's rapid-assessment columns when the file has them."""

from __future__ import annotations

from typing import Any

from trayecto.domain.emergencies import DAMAGE_NAMES
from trayecto.domain.geography import normalise_name as plain
from trayecto.domain.schools import SECTORS, ZONES
from trayecto.importers import cells
from trayecto.importers.school_places import Places
from trayecto.importers.tabular import TextRow

SOURCE = "affected-schools"
LEVELS = {
    "primera_infancia": "enrolment_early_childhood",
    "primaria": "enrolment_primary",
    "secundaria": "enrolment_secondary",
    "media": "enrolment_upper_secondary",
    "adultos": "enrolment_adults",
}
SEVERITY_NAMES = {"bajo": 1, "moderado": 2, "critico": 3}
# Columns of our template (rapid assessment); absent in the response's lists.
OPTIONAL_COUNTS = {
    "aulas_afectadas": "classrooms_damaged",
    "dias_de_clase_perdidos": "days_lost",
    "estudiantes_afectados_mujeres": "students_affected_female",
    "estudiantes_afectados_hombres": "students_affected_male",
    "docentes_afectados": "teachers_affected",
}
OPTIONAL_FLAGS = {"albergue": "used_as_shelter", "ocupada": "occupied", "reabierta": "reopened"}


def count(values: dict[str, str], column: str, *, required: bool) -> int | None:
    """A whole number ≥ 0 (`cells.parse_integer`: `1.579` or `1,579` is 1579); empty is
    None where the column is optional."""
    text = values.get(column, "")
    if cells.is_blank(text) and not required:
        return None
    return cells.parse_integer(text, column=column, minimum=0)


def flag(values: dict[str, str], column: str) -> bool | None:
    """`Sí` / `No` (`cells.parse_yes_no`); empty: not known."""
    raw = values.get(column, "")
    return None if cells.is_blank(raw) else cells.parse_yes_no(raw, column=column)


def assessment(values: dict[str, str]) -> dict[str, Any]:
    """The rapid-assessment columns of our template; None where the file has none."""
    found: dict[str, Any] = {
        name: count(values, column, required=False) for column, name in OPTIONAL_COUNTS.items()
    }
    found |= {name: flag(values, column) for column, name in OPTIONAL_FLAGS.items()}
    damage = values.get("dano", "")
    if damage and plain(damage) not in DAMAGE_NAMES:
        raise cells.CellError("must be Ninguno, Parcial or Destruida", value=damage, column="dano")
    found["damage"] = DAMAGE_NAMES[plain(damage)].value if damage else None
    return found


def parse_row(row: TextRow, places: Places, event: tuple[str, int, str]) -> dict[str, Any]:
    v = row.values
    code = v["codigo_dane"]
    if not (code.isdigit() and len(code) == 12):
        raise cells.CellError(
            "must be the 12-digit DANE code of the sede", value=code, column="codigo_dane"
        )
    department = code[1:3]
    municipality = places.code_for_name(v["municipio"], department)
    if municipality is None:
        raise cells.CellError(
            f"no municipality of this name in department {department}",
            value=v["municipio"],
            column="municipio",
        )
    counts = {c: count(v, c, required=True) for c in ("matricula_total", *LEVELS)}
    teachers = count(v, "docentes", required=False)
    directors = count(v, "directivos_docentes", required=False)
    severity = count(v, "severidad", required=True)
    levels_sum = sum(counts[c] or 0 for c in LEVELS)
    if counts["matricula_total"] != levels_sum:
        raise cells.CellError(
            f"the levels add up to {levels_sum}: total and levels must agree",
            value=v["matricula_total"],
            column="matricula_total",
        )
    state = v.get("estado_fisico", "")
    if severity not in (1, 2, 3) or (state and SEVERITY_NAMES.get(plain(state)) != severity):
        raise cells.CellError(
            f"severity 1–3 matching Estado físico {state!r}",
            value=v["severidad"],
            column="severidad",
        )
    share_text = v.get("aporte_pct_etc", "")
    share = (
        None
        if cells.is_blank(share_text)
        else cells.parse_decimal(share_text, column="aporte_pct_etc", percent=True)
    )
    total = counts["matricula_total"] or 0
    return {
        "event": event[0],
        "year": event[1],
        "sede_code": code,
        "sede_name": v["sede"],
        "municipality_code": municipality,
        "department_code": department,
        "etc_name": v.get("secretaria") or None,
        "severity": severity,
        "physical_state": state or None,
        "sector": SECTORS.get(plain(v.get("sector", ""))),
        "zone": ZONES.get(plain(v.get("zona", ""))),
        "enrolment_total": total,
        **{name: counts[c] for c, name in LEVELS.items()},
        "teachers": teachers,
        "directors": directors,
        "etc_share_pct": share,
        "etc_implied_enrolment": total / share * 100 if share else None,
        "in_decree": bool(event[2]) and plain(v.get(event[2], "")) == "si",
        "organisations": [
            o.strip() for o in v.get("organizaciones_aliadas", "").split("|") if o.strip()
        ],
        "source": SOURCE,
        "is_synthetic": False,
        **assessment(v),
    }
