"""The needs section of the monthly bulletin (coordination's section registry).

Two sources, each labelled: OCHA's official education PiN and severity (`jiaf_hno`, read
from the warehouse at the bulletin's version, for the HNO cycle of the period's year or the
latest before it) and the cluster's own figure, the run the IM team published last. Runs
are working analyses until published, and the bulletin is read by every member (donors
included), so an unpublished run never enters. `collect` stores the run's figures of the
territory with the bulletin, so a rebuild shows the same numbers even after a newer run.
"""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics.needs import official_territory
from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.needs import selectors

TEMPLATE = "needs/bulletin_section.html"
TOP = 10  # municipalities listed, by OCHA's PiN (else by ours)


def collect(scope: BulletinScope) -> dict[str, Any] | None:
    run = selectors.published_run()
    return None if run is None else selectors.run_territory(run, scope.department)


def build(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    official = (
        official_territory(con, scope.department, int(scope.period[:4]))
        if con is not None
        else None
    )
    if official is None and not collected:
        return None
    own: dict[str, list[Any]] = collected["municipalities"] if collected else {}
    if official is not None:
        ranked = sorted(
            official["municipalities"], key=lambda r: (-(r["pin_education"] or 0), r["code"])
        )
        top = [
            {"code": r["code"], "name": r["name"], "official_severity": r["severity_education"],
             "official_pin": r["pin_education"], "severity": own.get(r["code"], [None] * 3)[1],
             "pin": own.get(r["code"], [None] * 3)[2]}
            for r in ranked[:TOP]
        ]  # fmt: skip
    else:
        ranked_own = sorted(own.items(), key=lambda kv: (-(kv[1][2] or 0), kv[0]))
        top = [
            {"code": code, "name": name, "official_severity": None, "official_pin": None,
             "severity": severity, "pin": pin}
            for code, (name, severity, pin) in ranked_own[:TOP]
        ]  # fmt: skip
    return {"official": summary(official), "own": summary(collected), "top": top}


def summary(figures: dict[str, Any] | None) -> dict[str, Any] | None:
    """The figures of the territory, without the per-municipality rows."""
    if not figures:
        return None
    return {k: v for k, v in figures.items() if k != "municipalities"}
