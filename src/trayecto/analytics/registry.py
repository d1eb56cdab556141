"""The indicator registry: one `<code>.toml` of metadata per indicator in `indicators/`.

The TOML names the SQL that computes the indicator at its base level (`sql`, default
`<code>.sql`; indicators that differ only in constants share a parametrised query under
`indicators/queries/`, the constants in `[params]`). See docs/methodology/indicators.md.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from trayecto.domain.indicators import Indicator, MetadataError

INDICATORS_DIR = Path(__file__).resolve().parent / "indicators"


class UnknownIndicator(KeyError):
    """No indicator has this code; the message lists the known ones."""


def load_file(path: Path) -> Indicator:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    indicator = Indicator.from_mapping(data, where=path.name)
    if indicator.code != path.stem:
        raise MetadataError(f"{path.name}: code {indicator.code!r} differs from the file name")
    if not sql_path(indicator).exists():
        raise MetadataError(f"{path.name}: its query {indicator.sql} does not exist")
    if indicator.sql_by_sex and not (INDICATORS_DIR / indicator.sql_by_sex).exists():
        raise MetadataError(f"{path.name}: its query {indicator.sql_by_sex} does not exist")
    return indicator


@cache
def indicators() -> dict[str, Indicator]:
    """Every registered indicator by code, in file-name order."""
    return {path.stem: load_file(path) for path in sorted(INDICATORS_DIR.glob("*.toml"))}


def get(code: str) -> Indicator:
    try:
        return indicators()[code]
    except KeyError:
        known = ", ".join(indicators())
        raise UnknownIndicator(f"unknown indicator {code!r}; known: {known}") from None


def sql_path(indicator: Indicator) -> Path:
    return INDICATORS_DIR / indicator.sql


def sql_paths(indicator: Indicator) -> list[Path]:
    """Every query of the indicator: the base one, then the breakdown by sex if separate;
    a school-level family file (analytics/sede_indicators.py) with the scan and scaffold
    it runs in."""
    base = sql_path(indicator)
    if "-- [measures]" in base.read_text(encoding="utf-8"):
        return [
            base,
            INDICATORS_DIR / "queries/sede_pass.sql",
            INDICATORS_DIR / "queries/sede_scaffold.sql",
        ]
    extra = [INDICATORS_DIR / indicator.sql_by_sex] if indicator.sql_by_sex else []
    return [base, *extra]
