"""The territory a 5W user is limited to: the municipalities an ETC serves, an ETC
analyst's scope, dashboard filters narrowed to it, a LEG coordinator's departments."""

from __future__ import annotations

import duckdb

from trayecto.analytics.reach import ReachFilters
from trayecto.warehouse.engine import rows
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.access import Role, User, scope_of
from trayecto.web.response.selectors.snapshot import warehouse


def _municipalities_by_etc(
    con: duckdb.DuckDBPyConnection, _version: int
) -> dict[str, tuple[str, ...]]:
    if not has_table(con, "municipality_etc"):
        return {}
    found = rows(
        con,
        """
        select etc_code::varchar as etc, municipality_code as code from municipality_etc
        where year = (select max(year) from municipality_etc)
        order by etc, code
        """,
    )
    by_etc: dict[str, list[str]] = {}
    for row in found:
        by_etc.setdefault(str(row["etc"]), []).append(str(row["code"]))
    return {etc: tuple(codes) for etc, codes in by_etc.items()}


def etc_municipalities(etc_code: str) -> tuple[str, ...]:
    """The municipalities an ETC serves in the latest year of `municipality_etc` (none when
    the ETC table has not been imported: an ETC analyst then sees no 5W lines). Read once
    per warehouse version for every ETC, not per request."""
    if not etc_code:
        return ()
    return warehouse().memo("five_w_etc_municipalities", _municipalities_by_etc).get(etc_code, ())


def etc_scope(user: User) -> tuple[str, ...] | None:
    """The municipalities an ETC analyst is limited to; None for every other role."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.ETC_ANALYST:
        return None
    return etc_municipalities(scope.etc_code)


# A municipality code that never exists: filtering by it selects nothing.
NOWHERE = ("-",)


def scoped_filters(user: User, filters: ReachFilters) -> ReachFilters:
    """Dashboard filters narrowed to the user's territory (ETC analysts: their municipalities;
    a filter outside it selects nothing)."""
    scope = etc_scope(user)
    if scope is None:
        return filters
    chosen = filters.municipalities
    allowed = tuple(m for m in chosen if m in scope) if chosen else scope
    return ReachFilters(**{**filters.__dict__, "municipalities": allowed or NOWHERE})


def leg_departments(user: User) -> tuple[str, ...]:
    """The departments a LEG coordinator covers; empty for every other role."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.LEG_COORDINATOR:
        return ()
    return tuple(sorted(scope.department_codes))
