"""The shape of the published 5W lines as the warehouse holds them: one row per line ×
population group × sex × age cell of its new beneficiaries. The snapshot writes it, reach
reads it and the downloads serve it, so it lives where all three may import it."""

from __future__ import annotations

import pyarrow as pa

LINE_SCHEMA = pa.schema(
    [
        ("submission_id", pa.int64()),
        ("line_id", pa.int64()),
        ("org", pa.string()),
        ("activity", pa.string()),
        ("department", pa.string()),
        ("municipality", pa.string()),
        ("population_group", pa.string()),
        ("sex", pa.string()),
        ("age", pa.string()),
        ("month", pa.string()),  # YYYY-MM
        ("new", pa.int64()),
        ("status", pa.string()),
        ("site", pa.string()),  # domain.five_w.site_key: sede code, "nombre:<place>" or ""
    ]
)
