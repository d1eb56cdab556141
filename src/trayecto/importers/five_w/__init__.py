"""Read a partner's 5W file: our template, the GIFMM layouts, the Venezuelan cluster layout
or an HXL-tagged CSV -> validated lines plus every problem, in Spanish.

Every row read is accepted or rejected (`rows_read = rows_imported + rows_rejected`); blank
rows are skipped and not counted; an exact duplicate of an earlier row is reported and
counted once. Formulas are never evaluated: the reader takes the values Excel cached.

One module per step: `upload` (size, signature, sheets read safely), `layout` (which
columns hold which field), `values` (cells), `rows` (one row's named checks, from
`activity_checks`, `count_checks` and `link_checks` over a `row_check.RowCheck`), `reader`
(the file loop). The names below are what the web app, the CLI and the tests use.
"""

from trayecto.importers.five_w.activity_checks import sede_fits
from trayecto.importers.five_w.lines import FiveWLine
from trayecto.importers.five_w.reader import read_five_w, validate_typed_line
from trayecto.importers.five_w.upload import check_upload, read_sheets
from trayecto.importers.five_w.values import parse_count

# What the web app, the CLI, the benchmarks and the tests use; the rest stays in its module.
__all__ = [
    "FiveWLine",
    "check_upload",
    "parse_count",
    "read_five_w",
    "read_sheets",
    "sede_fits",
    "validate_typed_line",
]
