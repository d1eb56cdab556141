"""Emergencies that disrupt schooling: kinds, statuses, severity and damage (no I/O).

The armed-conflict subtypes follow GCPEA's categories of attacks on education ("Education
under Attack"): attacks on schools, on students and teachers, military use of schools; plus
the events that close schools in Colombia without an attack (displacement, confinement,
armed strikes, explosive devices near a school).
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    MIGRATION = "migration"
    ARMED_CONFLICT = "armed_conflict"
    NATURAL_DISASTER = "natural_disaster"


class EventSubtype(StrEnum):
    MIGRATION_INFLUX = "migration_influx"
    DISPLACEMENT = "displacement"
    CONFINEMENT = "confinement"
    ATTACK_ON_SCHOOL = "attack_on_school"  # GCPEA 1: attacks on schools
    ATTACK_ON_STUDENTS_TEACHERS = "attack_on_students_teachers"  # GCPEA 2
    MILITARY_USE = "military_use"  # GCPEA 3: military use or occupation of a school
    ARMED_STRIKE = "armed_strike"
    EXPLOSIVE_DEVICES = "explosive_devices"  # landmines / UXO near a school (MAP/MUSE)
    FLOOD = "flood"
    LANDSLIDE = "landslide"
    EARTHQUAKE = "earthquake"
    OTHER_DISASTER = "other_disaster"


ARMED_CONFLICT_SUBTYPES = (
    EventSubtype.DISPLACEMENT,
    EventSubtype.CONFINEMENT,
    EventSubtype.ATTACK_ON_SCHOOL,
    EventSubtype.ATTACK_ON_STUDENTS_TEACHERS,
    EventSubtype.MILITARY_USE,
    EventSubtype.ARMED_STRIKE,
    EventSubtype.EXPLOSIVE_DEVICES,
)
DISASTER_SUBTYPES = (
    EventSubtype.FLOOD,
    EventSubtype.LANDSLIDE,
    EventSubtype.EARTHQUAKE,
    EventSubtype.OTHER_DISASTER,
)
TYPE_OF_SUBTYPE: dict[EventSubtype, EventType] = {
    EventSubtype.MIGRATION_INFLUX: EventType.MIGRATION,
    **dict.fromkeys(ARMED_CONFLICT_SUBTYPES, EventType.ARMED_CONFLICT),
    **dict.fromkeys(DISASTER_SUBTYPES, EventType.NATURAL_DISASTER),
}
# GCPEA's category for the subtypes that are attacks on education (for reporting to GCPEA).
GCPEA_CATEGORY: dict[EventSubtype, str] = {
    EventSubtype.ATTACK_ON_SCHOOL: "attacks on schools",
    EventSubtype.ATTACK_ON_STUDENTS_TEACHERS: "attacks on school students, teachers and staff",
    EventSubtype.MILITARY_USE: "military use of schools and universities",
}


class EventStatus(StrEnum):
    REPORTED = "reported"
    VERIFIED = "verified"
    RESPONDING = "responding"
    CLOSED = "closed"


# Forward one step at a time; a closed event may be reopened to "responding" (a new gap found).
NEXT_STATUSES: dict[EventStatus, frozenset[EventStatus]] = {
    EventStatus.REPORTED: frozenset({EventStatus.VERIFIED, EventStatus.CLOSED}),
    EventStatus.VERIFIED: frozenset({EventStatus.RESPONDING, EventStatus.CLOSED}),
    EventStatus.RESPONDING: frozenset({EventStatus.CLOSED}),
    EventStatus.CLOSED: frozenset({EventStatus.RESPONDING}),
}


def may_move(current: str, to: str) -> bool:
    """Whether an event in status `current` may pass to `to`."""
    return EventStatus(to) in NEXT_STATUSES[EventStatus(current)]


def subtype_and_type(text: str) -> tuple[EventType, EventSubtype | None]:
    """`earthquake` -> (natural_disaster, earthquake); `armed_conflict` -> (armed_conflict, None).

    Raises ValueError naming what is allowed.
    """
    value = text.strip().lower().replace("-", "_")
    if value in EventSubtype.__members__.values():
        subtype = EventSubtype(value)
        return TYPE_OF_SUBTYPE[subtype], subtype
    if value in EventType.__members__.values():
        return EventType(value), None
    allowed = ", ".join([*EventType, *EventSubtype])
    raise ValueError(f"unknown event type {text!r}; allowed: {allowed}")


# Severity of the damage to a sede, as the response's lists grade it (Chocó 2026 list).
SEVERITY_LOW, SEVERITY_MODERATE, SEVERITY_CRITICAL = 1, 2, 3
SEVERITIES = (SEVERITY_LOW, SEVERITY_MODERATE, SEVERITY_CRITICAL)


class Damage(StrEnum):
    """The rapid assessment's grade of physical damage to a school building."""

    NONE = "none"
    PARTIAL = "partial"
    DESTROYED = "destroyed"


DAMAGE_NAMES = {
    "ninguno": Damage.NONE, "ninguna": Damage.NONE, "none": Damage.NONE, "sin dano": Damage.NONE,
    "parcial": Damage.PARTIAL, "partial": Damage.PARTIAL,
    "destruida": Damage.DESTROYED, "destruido": Damage.DESTROYED, "destroyed": Damage.DESTROYED,
    "total": Damage.DESTROYED,
}  # fmt: skip
