"""Municipalities the sede importers check codes and names against (geography tables)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from trayecto.domain.problems import FileProblem
from trayecto.domain.schools import EXTRA_MUNICIPALITIES
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


@dataclass(frozen=True)
class Places:
    names: dict[str, str]  # municipality code -> name
    department_of: dict[str, str]  # municipality code -> department code
    etc_of: dict[str, str]  # municipality code -> ETC code (empty when not loaded)

    def code_for_name(self, name: str, department_code: str) -> str | None:
        """Exact match on the normalised name inside one department, else None."""
        wanted = plain(name)
        hits = [
            code
            for code, candidate in self.names.items()
            if self.department_of[code] == department_code and plain(candidate) == wanted
        ]
        return hits[0] if len(hits) == 1 else None


def plain(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().replace(".", " ").split())


def load_places(warehouse: Warehouse, path: str) -> Places:
    """The municipality table of the warehouse, plus municipalities DIVIPOLA lacks yet."""
    if not warehouse.has("municipality"):
        raise FileProblem(
            path, "no municipality list in the warehouse: run `trayecto import divipola` first"
        )
    con = warehouse.connect()
    found = rows(con, "select municipality_code as code, name, department_code from municipality")
    names = {r["code"]: r["name"] for r in found}
    department_of = {r["code"]: r["department_code"] for r in found}
    for code, (department, name) in EXTRA_MUNICIPALITIES.items():
        names.setdefault(code, name)
        department_of.setdefault(code, department)
    etc_of: dict[str, str] = {}
    if warehouse.has("municipality_etc"):
        etc_of = {
            r["municipality_code"]: r["etc_code"]
            for r in rows(con, "select municipality_code, etc_code from municipality_etc")
        }
    con.close()
    return Places(names, department_of, etc_of)
