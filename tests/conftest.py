"""Shared fixtures: the real data mirror, a fresh warehouse, the browser, required tools.

Tests that need something the machine lacks (the data mirror, Chromium, PostgreSQL) are
skipped with a visible reason; with CI=true a missing one fails the run instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trayecto.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def find_shared_data() -> Path | None:
    """The mirror of official files: $TRAYECTO_SOURCES, else ../shared/data beside the clone
    (or beside one of its parent folders, for clones made one level deeper, as CI may)."""
    candidates = [os.environ.get("TRAYECTO_SOURCES", "")]
    candidates += [str(parent / "shared" / "data") for parent in ROOT.parents]
    for candidate in candidates:
        if candidate and (Path(candidate) / "divipola").is_dir():
            return Path(candidate).resolve()
    return None


SHARED_DATA = find_shared_data()


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data: real public files (read-only; never copied into the repository)."""
    require(
        SHARED_DATA is not None, "the data mirror ../shared/data (or $TRAYECTO_SOURCES) is missing"
    )
    assert SHARED_DATA is not None
    return SHARED_DATA


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture(autouse=True)
def trayecto_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test has a home of its own: what one test publishes (the 5W snapshot, a
    secret key, uploads) never shows in another's figures."""
    home = tmp_path / "home"
    monkeypatch.setenv("TRAYECTO_HOME", str(home))
    return home


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium instead of a downloaded browser; no background network at all."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def pytest_report_header() -> list[str]:
    return [
        f"data mirror: {SHARED_DATA or 'missing'}",
        f"chromium: {'yes' if CHROMIUM.exists() else 'missing'}",
        f"database: {os.environ.get('DATABASE_URL', 'sqlite (default)').split('@')[-1]}",
        f"CI: {IN_CI}",
    ]


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that flush the database (the browser ones, through the live server) run last.

    A flush also empties what migrations seeded (the 5W catalogue), and pytest-django only
    puts the tests that name `db` before them: a test that reaches the database through
    `request.getfixturevalue` (the personas) would otherwise run after a flush and find no
    catalogue. Runs after pytest-django's own ordering (tryfirst there); the sort is stable."""
    items.sort(key=_flushes_the_database)


def which(name: str) -> str | None:
    return shutil.which(name)


# --------------------------------------------------------------------------- geography
REFERENCE_SOURCES = ("divipola", "pcodes", "mgn2018", "etc", "place-aliases")


@pytest.fixture(scope="session")
def reference_warehouse(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """A warehouse with the real reference geography loaded once (read it, never publish)."""
    from trayecto.importers import registry

    warehouse = Warehouse(tmp_path_factory.mktemp("reference") / "warehouse")
    for source_id in REFERENCE_SOURCES:
        source = registry.get(source_id)
        report = source.load_function()(
            shared_data / source.folder / source.filename, warehouse, dry_run=False
        )
        assert not report.refused, report.problems
    return warehouse


# --------------------------------------------------------------------------- spark
@pytest.fixture(scope="session")
def spark_session() -> Iterator[None]:
    """One SparkSession (PySpark, local mode) for every test of the session that runs the
    analytics on Spark: its JVM starts once and lives for the whole run (the command-line
    tests start it among the first). Spark's default 1 GB was found full in CI by the time
    the cross-engine tests ran, the JVM collecting garbage instead of failing: it kept every
    test's warehouse reader, the rows of temp tables no one freed and the plans of its last
    1000 queries. warehouse/engine.py and spark.py free them now
    (tests/warehouse/test_spark_connections.py); the 3 GB of heap stay as a margin, as a
    whole CI run was not measured again at 1 GB."""
    from trayecto.warehouse import spark

    before = os.environ.get("TRAYECTO_SPARK_CONF")
    os.environ["TRAYECTO_SPARK_CONF"] = before or "spark.driver.memory=3g"
    try:
        spark.session()
        yield
        spark.stop()
    finally:
        if before is None:
            del os.environ["TRAYECTO_SPARK_CONF"]
        else:
            os.environ["TRAYECTO_SPARK_CONF"] = before
