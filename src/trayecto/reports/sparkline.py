"""A trend small enough for a table cell: an inline SVG polyline, no script, no data beyond
the points, readable offline and in PDFs. The exact values are in the table beside it."""

from __future__ import annotations

from collections.abc import Sequence

WIDTH, HEIGHT, PAD = 96, 24, 2


def sparkline_svg(points: Sequence[tuple[int, float]], *, label: str) -> str:
    """An SVG of the values in year order (equal steps per year loaded); "" for fewer than
    two points, since one point has no trend. The last point is marked."""
    if len(points) < 2:
        return ""
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0  # a flat series is a flat line in the middle
    step = (WIDTH - 2 * PAD) / (len(points) - 1)

    def y(value: float) -> float:
        if high == low:
            return HEIGHT / 2
        return PAD + (HEIGHT - 2 * PAD) * (1 - (value - low) / span)

    coords = [(PAD + i * step, y(v)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
    last_x, last_y = coords[-1]
    first_year, last_year = points[0][0], points[-1][0]
    return (
        f'<svg class="sparkline" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-label="{_escape(label)} {first_year}–{last_year}">'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="currentColor"/></svg>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
