"""The geography the sede importers check codes and names against (tables of `divipola`)."""

from __future__ import annotations

from dataclasses import dataclass

from trayecto.domain.places import PlaceMatcher
from trayecto.domain.problems import FileProblem
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


@dataclass(frozen=True)
class Places:
    names: dict[str, str]  # municipality code -> name (current, historical and new ones)
    department_of: dict[str, str]  # municipality code -> department code
    etc_of: dict[str, str]  # municipality code -> ETC code, latest year (empty if not loaded)
    matcher: PlaceMatcher

    def code_for_name(self, name: str, department_code: str) -> str | None:
        """The municipality of that name in that department, only when the match is certain."""
        return self.matcher.match_municipality(name=name, department=department_code).code


def load_places(warehouse: Warehouse, path: str) -> Places:
    if not (warehouse.has("municipality") and warehouse.has("department")):
        raise FileProblem(
            path, "no municipality list in the warehouse: run `trayecto import divipola` first"
        )
    con = warehouse.connect()
    municipalities = rows(con, "select * from municipality")
    aliases = rows(con, "select * from place_alias") if warehouse.has("place_alias") else []
    matcher = PlaceMatcher(municipalities, rows(con, "select * from department"), aliases)
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
    con.close()
    return Places(
        names={m["code"]: m["name"] for m in municipalities},
        department_of={m["code"]: m["department_code"] for m in municipalities},
        etc_of=etc_of,
        matcher=matcher,
    )
