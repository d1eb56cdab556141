"""Every benchmark still runs: each script on a small size exits 0 and prints the comparison
with its baseline (a benchmark that cannot run measures nothing), and leaves nothing in the
temporary directory (run on a laptop, a benchmark's warehouse is gigabytes). The figures
themselves are in docs/benchmarks.md, measured at full size; nothing here is timed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# script -> (arguments for a small size, text of the comparison it must print)
SMALL = {
    "sede_matricula_import.py": (["--sedes", "40", "--small", "10"], "CPU ratio import / floor"),
    "indicator_query.py": (["--indicators", "2"], "warm p50 is"),
    "reach.py": (["20000"], "ratio pandas / duckdb"),
    "five_w_import.py": (["300"], "ratio import / openpyxl baseline"),
    "five_w_approval.py": (["2000", "4000", "--lines-per-report", "100"], "ratio approve before"),
    "sede_recompute.py": (["--sedes", "200"], "ratio registry / hand-written"),
    "home_page.py": (["--requests", "3"], "baseline:"),
    "explorer_pages.py": (["--sedes", "300", "--requests", "2"], "paged / whole table"),
    "import_geography.py": ([], "baseline s"),
    "import_official.py": (["1"], "import / read ="),
    # the install is skipped: `make test` has just installed this environment from the lock
    "demo_time.py": (["--venv", sys.prefix], "load is"),
    "five_w_partner_reach.py": (["2000"], "ratio every organisation / own lines"),
    "upload_background.py": (["2000"], "report ready after"),
    "workbook_limits.py": (["2000"], "the checks cost"),
    "concurrent_pages.py": (["2", "3"], "2 users"),
    "warehouse_handle.py": (["--requests", "2"], "baseline: new Warehouse"),
    "area_pages.py": (["--requests", "2"], "baseline: the cold request"),
    "reach_page.py": (["--lines", "200", "--requests", "1"], "baseline: the first request"),
    "daily_pages.py": (["--lines", "200", "--requests", "1"], "baseline: the first request"),
    "needs_run.py": (["--runs", "1"], "ratio cold run / target"),
    "etc_report.py": (["--etc", "3824", "--no-sedes"], "ratio total / target"),
    "bulletin.py": (["1"], "baseline HTML median"),
    "api.py": (["--clients", "3", "--requests", "4", "--lines", "100"], "cached / uncached p50"),
    "affected_schools.py": (["--sedes", "400", "--requests", "2"], "import / read ="),
    "spark.py": (["40"], "ratio spark / duckdb"),  # two sizes' fit: spark_trajectory.py's
    "spark_trajectory.py": (["--students", "2000", "4000"], "ratio spark / duckdb"),
    "trajectory.py": (["--students", "5000"], "CPU ratio pandas / project"),
    "demo_students.py": (["--one-sede-in", "200"], "CPU ratio seven departments / Arauca"),
    "partition_append.py": (["--rows", "20000", "--small", "100"], "ratio rewrite / append"),
    "integer_keys.py": (["--sedes", "200"], "ratio integer / code"),
    "national_decade.py": (
        ["--sedes", "300", "--years", "2", "--small", "20", "--requests", "2"],
        "the same file again",
    ),
}
# What else a script must print: the bulletin measures its needs and emergencies sections
# filled (the national bulletin lacks only targets and LEG reports, which the demos have not).
ALSO = {
    "bulletin.py": "sections without data: targets, leg_reports\n",
    "reach.py": "ratio reach / floor",  # the hand-written floor beside it (issue 17)
    "five_w_approval.py": "approve now / with the refresh in the request",
    "sede_matricula_import.py": "its SHA-256 alone (floor)",
}
# Scripts that measure against a PostgreSQL server: run inside a throwaway cluster.
ON_POSTGRESQL = {"concurrent_pages.py"}


def test_every_benchmark_script_is_listed() -> None:
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py")}
    # modules the scripts import: sede_recompute.py's data and baselines, the throwaway
    # folders (daily_pages.py imports two listed scripts)
    helpers = {"sede_data.py", "sede_pandas.py", "sede_handwritten.py", "throwaway.py"}
    assert scripts - helpers == set(SMALL)


@pytest.mark.parametrize("script", sorted(SMALL))
def test_benchmark_runs_on_a_small_size(script: str, shared_data: Path, tmp_path: Path) -> None:
    args, comparison = SMALL[script]
    temp = tmp_path / "temp"  # the script's temporary directory: left empty at its end
    temp.mkdir()
    env = {
        **os.environ,
        "TRAYECTO_SOURCES": str(shared_data),
        "TRAYECTO_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
    }  # fmt: skip  (some scripts use tests/support)
    # `temp` for the script only: a PostgreSQL cluster's folder stays in the system's one
    # (its server runs as another user, who cannot enter the test's folders)
    command = ["env", f"TMPDIR={temp}", sys.executable, str(ROOT / "benchmarks" / script), *args]
    if script in ON_POSTGRESQL:
        command = [sys.executable, "-m", "tests.support.pgcluster", *command]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert comparison in result.stdout
    assert ALSO.get(script, "") in result.stdout
    assert sorted(path.name for path in temp.iterdir()) == []
