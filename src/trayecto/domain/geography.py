"""Colombian territorial codes (DANE DIVIPOLA, OCHA P-codes), name normalisation, and the
known changes of the municipal list that different sources disagree about."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

PCODE = re.compile(r"^CO(\d{2}|\d{5})$")

MUNICIPALITY_TYPES = ("Municipio", "Área no municipalizada", "Isla")

NATION_CODE = "CO"  # the country has no DANE code; its ISO/P-code is used instead
NATION_NAME = "Colombia"


@dataclass(frozen=True)
class Municipality:
    code: str  # 5-digit DIVIPOLA (or another country's P-code)
    name: str
    department_code: str
    department_name: str

    @property
    def label(self) -> str:
        """The template's dropdown text: the code first, so it survives any renaming."""
        return f"{self.code} - {self.name} ({self.department_name})"


# --------------------------------------------------------------------------- codes
def _digits(value: object) -> str | None:
    """The digits of a code written as int, float (Excel: 5001.0) or text; None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer() or value < 0:
            return None
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0"):  # codes that went through a spreadsheet as numbers
        text = text[:-2]
    return text if text.isascii() and text.isdigit() else None


def department_code(value: object) -> str | None:
    """'5', 5, '05', 'CO05' -> '05'; None when it cannot be a department code."""
    text = str(value).strip().upper() if value is not None else ""
    if text.startswith("CO"):
        value = text[2:]
    digits = _digits(value)
    if digits is None or not 1 <= len(digits) <= 2 or int(digits) == 0:
        return None
    return digits.zfill(2)


def municipality_code(value: object) -> str | None:
    """A 5-digit DIVIPOLA code from the ways sources write it.

    Accepts ints and floats ('5001', 5001.0), zero-padded text ('05001'), P-codes
    ('CO05001') and 12-digit DANE sede codes, whose digits 2-6 are the municipality where
    the code was issued (`sede_municipality_code`). Returns None when the value cannot be
    a municipality code; whether it exists is for the caller to check.
    """
    text = str(value).strip().upper() if value is not None else ""
    if text.startswith("CO"):
        value = text[2:]
    digits = _digits(value)
    if digits is None:
        return None
    if len(digits) == 12:
        return sede_municipality_code(digits)
    if not 4 <= len(digits) <= 5 or int(digits) < 1000:
        return None
    return digits.zfill(5)


def sede_municipality_code(sede: str) -> str:
    """Digits 2-6 of a 12-digit DANE sede code (the first digit is a prefix, 1-4).

    This is the municipality at the time the code was issued, which can be the parent of a
    newer municipality (schools of Nuevo Belén de Bajirá still carry 27615 Riosucio).
    """
    return sede[1:6]


def pcode_for(dane_code: str) -> str:
    """OCHA P-code of a department ('05') or municipality ('05001')."""
    return f"CO{dane_code}"


def department_of(code: str) -> str:
    """The department of a municipality or sede code."""
    return code[:2]


# --------------------------------------------------------------------------- names
# Words a place name can start with that sources often drop ('San José de Cúcuta' and
# 'Cúcuta', 'San Andrés de Tumaco' and 'Tumaco'); checked longest first.
CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e"}
_DC = re.compile(r"\bd\s*\.?\s*c\b\.?")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    # Keep ñ as n: sources write 'Narino' and 'Nariño' for the same place.
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(text: object) -> str:
    """The comparison key of a place name: lower case, no accents, no punctuation.

    'Bogotá, D.C.' -> 'bogota'; 'Norte_De_Santander' -> 'norte de santander';
    'MIRITÍ - PARANÁ' -> 'miriti parana'; 'Archipiélago de San Andrés, Providencia y Santa
    Catalina' -> 'archipielago de san andres providencia y santa catalina'.
    """
    if text is None:
        return ""
    key = strip_accents(str(text)).lower().replace("_", " ")
    key = _DC.sub(" ", key)  # 'D.C.' (distrito capital) says nothing about which place
    key = re.sub(r"[_\-/.,;:()'\"`´]", " ", key)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    return " ".join(key.split())


def compact_name(text: object) -> str:
    """The key without spaces, so 'Villa Maria' meets 'Villamaría'."""
    return normalise_name(text).replace(" ", "")


def significant_words(key: str) -> frozenset[str]:
    """The words of a normalised name that identify it (connectors like 'de' left out)."""
    return frozenset(w for w in key.split() if w not in CONNECTORS)


_SMALL = CONNECTORS | {"y"}
_KEEP_UPPER = {"D.C.", "DC"}


def proper_case(text: str) -> str:
    """'SAN JOSÉ DE CÚCUTA' -> 'San José de Cúcuta'; 'BOGOTÁ, D.C.' -> 'Bogotá, D.C.'.

    DIVIPOLA writes names in capitals; users read them in proper case, with Spanish
    connectors in lower case except at the start.
    """
    words = text.strip().split()
    out: list[str] = []
    for i, word in enumerate(words):
        if word.upper() in _KEEP_UPPER:
            out.append(word.upper())
        elif i > 0 and word.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


# --------------------------------------------------------------------------- changes
@dataclass(frozen=True)
class MunicipalChange:
    """A unit that one source has and another lacks, with the reason and where it is said.

    `status` is 'historical' for a unit that no longer exists (kept so that older data
    still finds it) and 'new' for one created after the DIVIPOLA/MGN snapshots we hold.
    """

    code: str
    name: str
    department_code: str
    type: str
    status: str
    parent_code: str
    note: str
    sources: tuple[str, ...]


KNOWN_CHANGES: tuple[MunicipalChange, ...] = (
    MunicipalChange(
        code="94663",
        name="Mapiripana",
        department_code="94",
        type="Área no municipalizada",
        status="historical",
        parent_code="94343",
        note=(
            "Área no municipalizada de Guainía integrada a Barrancominas (94343) cuando éste "
            "pasó a ser municipio; sigue en el MGN 2018, en los P-codes de OCHA y en las "
            "estadísticas del MEN hasta 2019, pero no en DIVIPOLA 2025."
        ),
        sources=(
            "DANE DIVIPOLA 2025-02-17 (sin 94663; 94343 Barrancominas como Municipio)",
            "DANE MGN 2018, capa MGN_MPIO_POLITICO (con 94663 MAPIRIPANA)",
            "OCHA Global P-codes, Colombia, válido desde 2020-04-16 (CO94663)",
            "MEN estadísticas por municipio (datos.gov.co nudc-7mev): 94663 hasta 2019",
        ),
    ),
    MunicipalChange(
        code="27493",
        name="Nuevo Belén de Bajirá",
        department_code="27",
        type="Municipio",
        status="new",
        parent_code="27615",
        note=(
            "Municipio del Chocó creado con territorio de Riosucio (27615), posterior a "
            "DIVIPOLA 2025-02-17 y al MGN 2018. El MEN ya agrega la matrícula 2025 bajo "
            "27493 mientras los códigos de sede siguen empezando por 27615."
        ),
        sources=(
            "MEN matrícula 2025 por municipio (datos.gov.co ngw5-c5nw): código 27493",
            "Listado de sedes afectadas por el sismo de 2026 en Chocó (sedes 27615…)",
        ),
    ),
)


def known_change(code: str) -> MunicipalChange | None:
    for change in KNOWN_CHANGES:
        if change.code == code:
            return change
    return None


# --------------------------------------------------------------------------- geometry
EARTH_RADIUS_KM = 6371.0088


def ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on the sphere (the formula of Chamberlain and Duquette, 2007,
    as d3-geo and turf use it); good to about 0.5 % at Colombia's size, enough to tell a
    damaged polygon from a sound one."""
    total = 0.0
    for a, b in itertools.pairwise(ring):
        total += math.radians(b[0] - a[0]) * (
            2 + math.sin(math.radians(a[1])) + math.sin(math.radians(b[1]))
        )
    return abs(total) * EARTH_RADIUS_KM**2 / 2


def geometry_area_km2(geometry: dict[str, object]) -> float:
    """Area of a GeoJSON Polygon or MultiPolygon (holes subtracted)."""
    coordinates: Any = geometry["coordinates"]
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    return sum(
        ring_area_km2(ring) * (1 if i == 0 else -1)
        for polygon in polygons
        for i, ring in enumerate(polygon)
    )
