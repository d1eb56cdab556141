"""The trajectory methodology quotes the synthetic generator's flows as the code has them."""

from __future__ import annotations

from pathlib import Path

from trayecto.importers import synthetic_students as synth

DOC = Path(__file__).resolve().parents[1] / "docs" / "methodology" / "trajectory.md"


def percent(share: float, decimal: str) -> str:
    text = f"{100 * share:g}".replace(".", decimal)
    return f"{text} %"


def test_the_quoted_flows_are_the_generators() -> None:
    text = DOC.read_text(encoding="utf-8")
    spanish, english = text.split("## English")
    for share in (
        synth.DROPOUT,
        synth.FAIL,
        synth.WITHDRAW,
        synth.MOVE_WITHIN_MUNICIPALITY,
        synth.MOVE_TO_OTHER_MUNICIPALITY,
        synth.RETURN_AFTER_A_YEAR,
        synth.NES_TO_PPT,
        synth.NEW_ARRIVALS_VEN,
        synth.MIDYEAR_TRANSFER,
        synth.EXACT_DUPLICATE,
        synth.DROPOUT_AFTER_WITHDRAWAL,
        synth.DROPOUT_FACTOR["per_year_over_age"],
    ):
        assert percent(share, ",") in spanish, share
        assert percent(share, ".") in english, share
    for factor in ("VEN", "rural", "failed"):
        value = f"{synth.DROPOUT_FACTOR[factor]:g}"
        assert f"×{value.replace('.', ',')}" in spanish
        assert f"×{value}" in english
