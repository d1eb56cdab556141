"""Benchmark: peak memory and time of the safe workbook reader on the largest workbooks it
accepts, and on the hostile ones it refuses.

Writes, as Excel does (one XML part per sheet, zipped): a 5W sheet of 200,000 rows × 41
columns (the "legitimate 200,000-row file"), a sede-matricula sheet of 400,000 rows × 16
columns (about the largest ETC's SIMAT export), a 1.6 kB workbook whose cells span
A1:XFD1048576, and 600,001 identical rows without a declared dimension. Each measurement runs
in its own process, so its peak resident memory is its own. The baseline is the spreadsheet
reader (python-calamine) building the same sheet with no check at all.
Run: .venv/bin/python benchmarks/workbook_limits.py [ROWS] (default 200,000 5W rows; the
sede sheet has twice as many; a small ROWS keeps the script runnable in the tests)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def write(path: Path, rows: Iterator[str], dimension: str | None) -> Path:
    """A one-sheet .xlsx from ready-made `<row>` elements."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            declared = f'<dimension ref="{dimension}"/>' if dimension else ""
            out.write(f'<worksheet xmlns="{MAIN}">{declared}<sheetData>'.encode())
            batch: list[str] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 5_000:
                    out.write("".join(batch).encode())
                    batch.clear()
            out.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return path


def table(columns: int, count: int, text_columns: int) -> Iterator[str]:
    """A header row and `count` rows: the first `text_columns` cells text, the rest numbers."""
    names = [letters(c) for c in range(1, columns + 1)]
    yield (
        '<row r="1">'
        + "".join(f'<c r="{n}1" t="inlineStr"><is><t>columna {n}</t></is></c>' for n in names)
        + "</row>"
    )
    for r in range(2, count + 2):
        cells = [
            f'<c r="{n}{r}" t="inlineStr"><is><t>t{r % 97}</t></is></c>'
            if i < text_columns
            else f'<c r="{n}{r}"><v>{(r * (i + 1)) % 500}</v></c>'
            for i, n in enumerate(names)
        ]
        yield f'<row r="{r}">{"".join(cells)}</row>'


MEASURE = """
import json, resource, sys, time
from pathlib import Path
kind, path = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
outcome = ""
if kind == "baseline":
    from python_calamine import CalamineWorkbook
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    outcome = f"{len(grid):,} rows"
elif kind == "checks":
    from trayecto.importers.workbooks import open_workbook
    book = open_workbook(path)
    outcome = "extent %s" % (book.check(book.sheets[0]),)
elif kind == "rows":
    from trayecto.importers.tabular import read_table
    outcome = f"{sum(1 for _ in read_table(path).rows):,} rows"
elif kind == "grid":
    from trayecto.importers.five_w import read_sheets
    outcome = f"{sum(len(rows) for _, rows in read_sheets(path)):,} rows"
elif kind == "refusal":
    from trayecto.domain.problems import FileProblem
    from trayecto.importers.tabular import read_table
    try:
        read_table(path)
        outcome = "ACCEPTED"
    except FileProblem as exc:
        outcome = "refused: " + exc.problem.message[:70]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def measure(kind: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if done.returncode != 0:
        return {"seconds": 0.0, "peak_mb": 0.0, "outcome": f"exit {done.returncode}"}
    result: dict[str, object] = json.loads(done.stdout)
    return result


def sizes(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(i.file_size for i in archive.infolist())
    return f"{path.stat().st_size / 1e6:.1f} MB, unpacks to {unzipped / 1e6:.0f} MB"


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        five_w = write(folder / "5w.xlsx", table(41, rows, 4), f"A1:AO{rows + 1}")
        sede = write(folder / "sede.xlsx", table(16, 2 * rows, 4), f"A1:P{2 * rows + 1}")
        corners = write(
            folder / "corners.xlsx",
            iter(['<row r="1"><c r="A1"><v>1</v></c></row>',
                  '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']),
            "A1:XFD1048576",
        )  # fmt: skip
        bomb = write(
            folder / "rows.xlsx",
            (f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 600_003)),
            None,
        )
        print(f"files written in {time.perf_counter() - started:.0f} s")
        cases = [
            ("5W 200,000 × 41", five_w, ["baseline", "checks", "grid"]),
            ("sede 400,000 × 16", sede, ["baseline", "checks", "rows"]),
            ("A1:XFD1048576 (2 cells)", corners, ["refusal"]),
            ("600,001 rows, no dimension", bomb, ["refusal"]),
        ]
        for title, path, kinds in cases:
            print(f"\n{title}: {sizes(path)}")
            results = {kind: measure(kind, path) for kind in kinds}
            for kind, r in results.items():
                print(
                    f"  {kind:9} {r['seconds']:7.2f} s  peak {r['peak_mb']:7.0f} MB  {r['outcome']}"
                )
            if "baseline" in results and "checks" in results:
                base = float(str(results["baseline"]["seconds"]))
                checks = float(str(results["checks"]["seconds"]))
                print(f"  the checks cost {100 * checks / base:.0f} % of the baseline read")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
