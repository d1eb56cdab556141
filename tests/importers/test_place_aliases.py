"""iMMAP's alias table, checked against DIVIPOLA names: the wrong 'buga' is a conflict."""

from __future__ import annotations

from pathlib import Path

from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.places import alias_status
from trayecto.importers.places import load as load_place_aliases
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

from .test_geography import DIVIPOLA

ALIASES = "divipola/immap_divipolita.xlsx"


def test_buga_is_a_conflict_found_by_the_rule(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    buga = rows(con, "select * from place_alias where alias_normalised = 'buga'")
    assert len(buga) == 1
    assert buga[0]["municipality_code"] == "76113"
    assert buga[0]["status"] == "conflict"
    assert "76111 Guadalajara de Buga" in buga[0]["note"]
    # It is the only one in iMMAP's table.
    assert rows(con, "select count(*) as n from place_alias where status = 'conflict'") == [
        {"n": 1}
    ]


def test_real_two_name_aliases_are_ok(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    found = rows(
        con,
        """
        select alias_normalised, municipality_code, status from place_alias
        where alias_normalised in ('cucuta', 'san jose de cucuta', 'cartagena',
                                   'cartagena de indias', 'leguizamo', 'puerto leguizamo')
        order by 1
        """,
    )
    assert {(r["alias_normalised"], r["municipality_code"]) for r in found} == {
        ("cartagena", "13001"),
        ("cartagena de indias", "13001"),
        ("cucuta", "54001"),
        ("san jose de cucuta", "54001"),
        ("leguizamo", "86573"),
        ("puerto leguizamo", "86573"),
    }
    assert {r["status"] for r in found} == {"ok"}


def test_every_row_is_imported_or_reported(warehouse: Warehouse, shared_data: Path) -> None:
    load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    report = load_place_aliases(shared_data / ALIASES, warehouse, dry_run=False)
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (1127, 1126, 1)
    rejected = [p for p in report.problems if p.severity == "skipped"]
    assert [(p.row, p.column) for p in rejected] == [(1128, "mpio")]  # the 'nacional' row
    duplicate = [p for p in report.problems if "kept once" in p.message]
    assert [p.value for p in duplicate] == ["san andres"]
    assert report.details["conflicts"] == 1


def test_aliases_need_divipola_first(warehouse: Warehouse, shared_data: Path) -> None:
    report = load_place_aliases(shared_data / ALIASES, warehouse, dry_run=False)
    assert report.refused
    assert "import divipola first" in report.problems[0].message
    assert warehouse.manifest().version == 0


def test_the_rule_accepts_an_alias_that_names_its_own_target_best() -> None:
    valle = [
        {"code": "76111", "name": "Guadalajara de Buga"},
        {"code": "76113", "name": "Bugalagrande"},
    ]
    assert alias_status("bugalagrande", "76113", "Bugalagrande", valle) == ("ok", None)
    assert alias_status("guadalajara de buga", "76111", "Guadalajara de Buga", valle)[0] == "ok"
    assert alias_status("buga", "76111", "Guadalajara de Buga", valle)[0] == "ok"
    status, note = alias_status("buga", "76113", "Bugalagrande", valle)
    assert status == "conflict"
    assert note is not None
    assert "76111" in note
