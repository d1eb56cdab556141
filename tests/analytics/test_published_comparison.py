"""The published figure beside a recomputed one is the same cell: area, year, sex, group."""

from __future__ import annotations

from trayecto.analytics import compute
from trayecto.warehouse import Warehouse


def test_a_breakdown_by_sex_is_never_compared_with_the_both_sexes_figure(
    official: Warehouse,
) -> None:
    girls = compute.run(
        official, compute.Query("poblacion_5_16", "department", area="81", year=2024, sex="f")
    )
    both = compute.run(
        official, compute.Query("poblacion_5_16", "department", area="81", year=2022)
    )
    assert [r["value"] for r in girls] == [33342.0]
    # MEN publishes Arauca's 5–16 population for both sexes only (67,864): girls have no
    # published counterpart, so no published value and no difference.
    assert (girls[0]["published_value"], girls[0]["difference"]) == (None, None)
    assert girls[0]["provenance"]["published_source"] is None
    # Both sexes together are compared with MEN's both-sexes figure.
    assert both[0]["published_value"] is not None
    assert both[0]["difference"] == 0


def test_every_row_of_one_sex_lacks_a_comparison_at_every_level(official: Warehouse) -> None:
    for level in ("nation", "department", "etc"):
        rows = compute.run(official, compute.Query("poblacion_5_16", level, sex="m"))
        assert rows, level
        assert {r["published_value"] for r in rows} == {None}, level
