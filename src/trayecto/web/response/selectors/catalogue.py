"""The activity catalogue as partners name it: codes, names, units and aliases."""

from __future__ import annotations

from trayecto.domain.catalogue import EIE_ACTIVITIES
from trayecto.domain.five_w import normalise
from trayecto.web.response.models import CatalogueItem


def catalogue_units() -> dict[str, str]:
    """The unit of each catalogue activity (latest version)."""
    return dict(CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "unit"))


def catalogue_activities() -> list[tuple[str, str, str]]:
    """(code, Spanish name, unit) of the latest version of each catalogue activity; the
    seed catalogue while none is kept (the importer reads the same)."""
    latest = {
        i.code: (i.code, i.name_es, i.unit)
        for i in CatalogueItem.objects.order_by("code", "valid_from")
    }
    if latest:
        return list(latest.values())
    return [(a.code, a.name_es, a.unit.value) for a in EIE_ACTIVITIES]


def catalogue_index() -> dict[str, str]:
    """Every way a partner may name a catalogue activity (code, names, "code - name", the
    aliases the cluster admin listed), normalised, to its code: all versions."""
    index: dict[str, str] = {}
    for item in CatalogueItem.objects.order_by("code", "valid_from"):
        aliases = [a for a in item.aliases.splitlines() if a.strip()]
        for key in (item.code, item.name_es, item.name_en, f"{item.code} - {item.name_es}",
                    *aliases):  # fmt: skip
            if key:
                index[normalise(key)] = item.code
        if item.gifmm_indicator and item.code.startswith("GIFMM-"):
            index[str(item.gifmm_indicator)] = item.code
    return index
