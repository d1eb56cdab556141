"""The words people read for the keys the 5W records store: history actions and the
consolidation rules (docs/methodology/reach.md). Unknown keys show as they are, so a new
action is visible before it has its words (and tests/web/test_every_page.py catches it)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trayecto.domain.five_w import ConsolidationRule

ACTIONS: dict[str, Promise] = {
    "import": _("cargado desde un archivo"),
    "replace": _("reemplazado por un archivo nuevo"),
    "submit": _("enviado a validación"),
    "validate": _("validado"),
    "validate_part": _("parte de un departamento validada"),
    "approve": _("aprobado"),
    "reject": _("devuelto al socio"),
    "reopen": _("reabierto"),
    "publish": _("publicado"),
    "copy_last_month": _("copiado del mes anterior"),
    "line_add": _("línea añadida"),
    "line_edit": _("línea corregida"),
    "line_delete": _("línea borrada"),
    "period_lock": _("periodo cerrado"),
    "period_unlock": _("periodo reabierto"),
    "plan_add": _("actividad planificada añadida"),
    "plan_update": _("actividad planificada cambiada"),
    "plan_delete": _("actividad planificada borrada"),
    "reminder_sent": _("recordatorio enviado"),
    "etc_key_given": _("clave de seudónimos de la ETC entregada"),
}

RULES: dict[str, Promise] = {
    ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY: _(
        "máximo entre actividades por municipio, sumado entre municipios"
    ),
    ConsolidationRule.MAX_DEPARTMENT: _("máximo entre actividades por departamento"),
    ConsolidationRule.MAX_SITE: _("máximo entre actividades por sede o lugar"),
    ConsolidationRule.SUM_NEW: _("suma de todos los nuevos (cota superior)"),
}


def action_label(key: str) -> str:
    return str(ACTIONS.get(key, key))


def rule_label(key: str) -> str:
    return str(RULES.get(key, key))
