"""Which layout a 5W sheet has: the header row found among the first rows, each column
mapped to a field by its header text or HXL hashtag (`five_w_profiles.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trayecto.domain.five_w import (
    normalise,
)
from trayecto.importers.cells import is_blank
from trayecto.importers.five_w_profiles import (
    ESSENTIAL,
    HXL_FIELDS,
    PROFILES,
    TRAYECTO,
    Profile,
)

HEADER_SEARCH_ROWS = 20


def _hxl_key(tag: str) -> str:
    parts = normalise(tag).replace(" ", "").split("+")
    return "+".join([parts[0], *sorted(p for p in parts[1:] if p)])


HXL_INDEX = {_hxl_key(tag): name for tag, name in HXL_FIELDS.items()}


def is_hxl_row(row: Sequence[Any]) -> bool:
    tags = [str(c).strip() for c in row if not is_blank(c)]
    return len(tags) >= 3 and all(t.startswith("#") for t in tags)


@dataclass
class Layout:
    profile: Profile
    columns: dict[int, str]  # column index -> field
    headers: dict[int, str]  # column index -> header text the user sees
    first_data_row: int  # zero-based
    sheet: str


def find_layout(sheet: str, rows: list[list[Any]]) -> Layout | None:
    """The header row and profile that explain the most columns, including the essential ones.

    Tried for each of the first rows: HXL hashtags; the row alone; the row under a merged
    (forward-filled) parent header row, to read two-row headers.
    """
    best: tuple[int, Layout] | None = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates: list[tuple[Profile, dict[int, str], dict[int, str]]] = []
        if is_hxl_row(row):
            mapped = {
                j: HXL_INDEX[_hxl_key(str(c))]
                for j, c in enumerate(row)
                if not is_blank(c) and _hxl_key(str(c)) in HXL_INDEX
            }
            names = rows[i - 1] if i > 0 else row
            candidates.append((TRAYECTO, mapped, {j: str(names[j] or row[j]) for j in mapped}))
        parent: list[str] = []
        last = ""
        for c in rows[i - 1] if i > 0 else []:
            last = str(c).strip() if not is_blank(c) else last
            parent.append(last)
        for profile in PROFILES:
            mapped, shown = {}, {}
            for j, c in enumerate(row):
                texts = [str(c)] if not is_blank(c) else []
                if j < len(parent) and parent[j]:
                    texts += [f"{parent[j]} {c}" if texts else parent[j]]
                for text in texts:
                    found = profile.field_for(text)
                    if found and found not in mapped.values():
                        mapped[j], shown[j] = found, text
                        break
            candidates.append((profile, mapped, shown))
        for profile, mapped, shown in candidates:
            fields = set(mapped.values())
            if not fields >= ESSENTIAL:
                continue
            start = i + 1
            if start < len(rows) and is_hxl_row(rows[start]):
                start += 1
            layout = Layout(profile, mapped, shown, start, sheet)
            if best is None or len(fields) > best[0]:
                best = (len(fields), layout)
    return best[1] if best else None
