"""Read a partner's 5W file: our template, the GIFMM layouts, the Venezuelan cluster layout
or an HXL-tagged CSV -> validated lines plus every problem, in Spanish.

Every row read is accepted or rejected (`rows_read = rows_imported + rows_rejected`); blank
rows are skipped and not counted; an exact duplicate of an earlier row is reported and
counted once. Formulas are never evaluated: the reader takes the values Excel cached.

One module per step: `upload` (size, signature, sheets read safely), `layout` (which
columns hold which field), `values` (cells), `rows` (one row's named checks), `reader`
(the file loop). The names below are what the web app, the CLI and the tests use.
"""

from trayecto.importers.five_w.layout import Layout, find_layout
from trayecto.importers.five_w.lines import FiveWLine, FiveWRead
from trayecto.importers.five_w.reader import read_five_w, validate_typed_line
from trayecto.importers.five_w.rows import activity_suggestions, sede_fits
from trayecto.importers.five_w.upload import MAX_BYTES, check_upload, read_sheets
from trayecto.importers.five_w.values import parse_count

__all__ = [
    "MAX_BYTES",
    "FiveWLine",
    "FiveWRead",
    "Layout",
    "activity_suggestions",
    "check_upload",
    "find_layout",
    "parse_count",
    "read_five_w",
    "read_sheets",
    "sede_fits",
    "validate_typed_line",
]
