"""The departments the cluster prioritises (EiE Colombia, with GIFMM): the home map draws them."""

from __future__ import annotations

# DANE code -> name as the cluster writes it. Order: as the cluster lists them.
PRIORITY_DEPARTMENTS: dict[str, str] = {
    "81": "Arauca",
    "08": "Atlántico",
    "54": "Norte de Santander",
    "52": "Nariño",
    "47": "Magdalena",
    "44": "La Guajira",
    "27": "Chocó",
}
