"""Placeholder until the indicator registry lands (branch stats): where the SQL files live."""

from __future__ import annotations

from pathlib import Path

INDICATORS_DIR = Path(__file__).resolve().parent / "indicators"
