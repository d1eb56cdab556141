"""The geography the sede importers check codes and names against (tables of `divipola`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trayecto.domain.geography import normalise_name
from trayecto.domain.places import PlaceMatcher
from trayecto.domain.problems import FileProblem
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows
from trayecto.warehouse.places import place_rows


@dataclass(frozen=True)
class Places:
    names: dict[str, str]  # municipality code -> name (current, historical and new ones)
    department_of: dict[str, str]  # municipality code -> department code
    # municipality code -> ETC code, latest year (empty if not loaded); a municipality MEN
    # does not list yet (27493) has its parent's ETC (DESIGN.md: never dropped)
    etc_of: dict[str, str]
    matcher: PlaceMatcher
    # (department code, normalised ETC name without "(ETC)") -> ETC code
    etc_by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    # (name, department) -> code: lists repeat a municipality's name on every sede's row
    matched: dict[tuple[str, str], str | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def etc_named(self, name: str, department_code: str) -> str | None:
        """The ETC a source row names (`Secretaría`: "Choco", "Quibdó") in that department."""
        return self.etc_by_name.get((department_code, etc_key(name)))

    def code_for_name(self, name: str, department_code: str) -> str | None:
        """The municipality of that name in that department, only when the match is certain."""
        key = (name, department_code)
        if key not in self.matched:
            found = self.matcher.match_municipality(name=name, department=department_code)
            self.matched[key] = found.code
        return self.matched[key]


def etc_key(name: str) -> str:
    """An ETC name for matching: MEN's "(ETC)" suffix dropped, accents and case ignored."""
    return normalise_name(re.sub(r"\(\s*ETC\s*\)", "", name))


PLACE_TABLES = ("municipality", "department", "place_alias", "municipality_etc", "etc")


def load_places(warehouse: Warehouse, path: str) -> Places:
    if not (warehouse.has("municipality") and warehouse.has("department")):
        raise FileProblem(
            path, "no municipality list in the warehouse: run `trayecto import divipola` first"
        )
    # Only the geography's views: the school tables beside them hold hundreds of files.
    con = warehouse.connect(tables=PLACE_TABLES)
    municipalities, departments, aliases = place_rows(con)
    matcher = PlaceMatcher(municipalities, departments, aliases)
    etc_of: dict[str, str] = {}
    if warehouse.has("municipality_etc"):
        etc_of = {
            r["municipality_code"]: r["etc_code"]
            for r in rows(
                con,
                "select municipality_code, arg_max(etc_code, year) as etc_code "
                "from municipality_etc group by all",
            )
        }
    etc_by_name: dict[tuple[str, str], str] = {}
    if warehouse.has("etc"):
        for r in rows(con, "select code, name, department_code from etc"):
            etc_by_name[(str(r["department_code"]), etc_key(str(r["name"])))] = str(r["code"])
    con.close()
    if etc_of:
        for m in municipalities:
            parent = m.get("parent_code")
            if m["code"] not in etc_of and parent in etc_of:
                etc_of[m["code"]] = etc_of[parent]
    return Places(
        names={m["code"]: m["name"] for m in municipalities},
        department_of={m["code"]: m["department_code"] for m in municipalities},
        etc_of=etc_of,
        matcher=matcher,
        etc_by_name=etc_by_name,
    )
