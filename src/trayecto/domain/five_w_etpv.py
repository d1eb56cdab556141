"""The GIFMM 5W v2 fields that tie a line to the ETPV plan and to its donor, read from text:
«Actividad en apoyo en ETPV» (yes or no), «Tipo de apoyo al ETPV» (which step of the
student's route to a PPT the line supported) and «Convenio Financiado» (the funded project).

The GIFMM reference material holds these column names but not their list of values, so the
support types are the steps of the ETPV route the action plan follows
(domain/action_plans.py, `ETPV_STEPS`; docs/formats/five-w.md). No I/O here.
"""

from __future__ import annotations

from enum import StrEnum

from trayecto.domain.five_w import normalise


class EtpvSupport(StrEnum):
    """Which step of a student's route to a regular document a 5W line supported."""

    INFORMATION = "informacion"
    PRE_REGISTRATION = "prerregistro"
    BIOMETRICS = "biometria"
    PPT_DELIVERY = "entrega_ppt"
    SIMAT_UPDATE = "actualizacion_simat"
    OTHER = "otro"


# (Spanish, English) labels; the Spanish one is what the template's dropdown writes.
ETPV_SUPPORT_LABELS: dict[EtpvSupport, tuple[str, str]] = {
    EtpvSupport.INFORMATION: (
        "Orientación e información sobre el ETPV",
        "Guidance and information on the ETPV",
    ),
    EtpvSupport.PRE_REGISTRATION: ("Prerregistro en el RUMV", "Pre-registration in the RUMV"),
    EtpvSupport.BIOMETRICS: ("Registro biométrico", "Biometric registration"),
    EtpvSupport.PPT_DELIVERY: ("Entrega del PPT", "Delivery of the PPT"),
    EtpvSupport.SIMAT_UPDATE: (
        "Cambio de documento NES → PPT en SIMAT",
        "Document changed from NES to PPT in SIMAT",
    ),
    EtpvSupport.OTHER: ("Otro apoyo al ETPV", "Other ETPV support"),
}
# Other ways partners write the same step (compared normalised: no accents, lower case).
_ALIASES: dict[str, EtpvSupport] = {
    "orientacion": EtpvSupport.INFORMATION,
    "informacion": EtpvSupport.INFORMATION,
    "socializacion": EtpvSupport.INFORMATION,
    "prerregistro": EtpvSupport.PRE_REGISTRATION,
    "pre-registro": EtpvSupport.PRE_REGISTRATION,
    "pre registro": EtpvSupport.PRE_REGISTRATION,
    "rumv": EtpvSupport.PRE_REGISTRATION,
    "biometria": EtpvSupport.BIOMETRICS,
    "registro biometrico": EtpvSupport.BIOMETRICS,
    "ppt": EtpvSupport.PPT_DELIVERY,
    "entrega de ppt": EtpvSupport.PPT_DELIVERY,
    "simat": EtpvSupport.SIMAT_UPDATE,
    "actualizacion en simat": EtpvSupport.SIMAT_UPDATE,
    "cambio de documento en simat": EtpvSupport.SIMAT_UPDATE,
    "otro": EtpvSupport.OTHER,
    "otros": EtpvSupport.OTHER,
}
_INDEX: dict[str, EtpvSupport] = {
    **_ALIASES,
    **{normalise(s.value): s for s in EtpvSupport},
    **{normalise(label): s for s, labels in ETPV_SUPPORT_LABELS.items() for label in labels},
}

YES = frozenset({"si", "s", "yes", "y", "x", "1", "verdadero", "true"})
NO = frozenset({"no", "n", "0", "falso", "false"})
# What partners write in a text column that does not apply to the line: read as empty.
NOT_APPLICABLE = frozenset({"no aplica", "n/a", "na", "n.a.", "-", "ninguno", "ninguna", "0"})
FUNDED_PROJECT_MAX = 200  # characters; a project name or agreement number, not a description


def parse_yes_no(text: object) -> bool | None:
    """Sí / No (also yes/no, x, 1/0); None for anything else. Blank is read by the caller."""
    key = normalise(text)
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def parse_etpv_support(text: object) -> EtpvSupport | None:
    """A support type by its code, its Spanish or English label or a usual alias."""
    return _INDEX.get(normalise(text).strip(" .")) if text is not None else None


def is_not_applicable(text: object) -> bool:
    return normalise(text) in NOT_APPLICABLE


def allowed_support_types() -> str:
    """The allowed values as a refusal lists them: «Prerregistro en el RUMV», …"""
    return ", ".join(f"«{es}»" for es, _en in ETPV_SUPPORT_LABELS.values())


def funded_project_text(text: str) -> str:
    """The funded project as stored: spaces collapsed, "no aplica" and the like read as none."""
    cleaned = " ".join(text.split())
    return "" if is_not_applicable(cleaned) else cleaned
