"""Partners uploading at the same moment to a SQLite site served by several gunicorn
processes, with two task workers importing at once: every upload answers, every file goes in,
never "database is locked" (HTTP 500)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest

from tests.support import live_site
from trayecto.domain.five_w_layout import FIRST_DATA_ROW
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.reports.five_w_template import write_five_w_template

ORGS = ["nrc", "savethechildren", "unicef", "fundacion"]
ROWS = 1500  # enough that the write transactions overlap
ROUNDS = 2


def workbook(path: Path, org: str, divipola: Path, rows: int = ROWS) -> Path:
    written = write_five_w_template(
        path, period="2026-03", org_code=org, municipalities=municipalities_from_divipola(divipola)
    )
    assert isinstance(written, Path)
    book = openpyxl.load_workbook(written)
    for i in range(rows):
        row = [
            org,
            "2026-03",
            "",
            "81001" if i % 2 else "54001",
            "",
            "",
            "EDU-04",
            "transito",
            "Nuevo",
            10 + i,
        ]  # fmt: skip (every row distinct: none is a duplicate)
        for j, value in enumerate(row, start=1):
            book["5W"].cell(FIRST_DATA_ROW + i, j, value)
    book.save(written)
    return written


@pytest.mark.slow
def test_simultaneous_uploads_on_sqlite_never_answer_500(tmp_path: Path, shared_data: Path) -> None:
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    env = live_site.site_environment(tmp_path / "home", SECRET_KEY="x" * 10 + "y" * 50)
    env.pop("DATABASE_URL", None)  # the SQLite file under $TRAYECTO_HOME
    live_site.prepare_home(env, divipola, ORGS)
    files = {org: workbook(tmp_path / f"{org}.xlsx", org, divipola) for org in ORGS}
    answers: list[tuple[str, int, str]] = []
    barrier = threading.Barrier(len(ORGS))

    def upload(base: str, org: str) -> None:
        session = live_site.login(base, org)
        for _ in range(ROUNDS):
            token = live_site.csrf_token(session, base, "/5w/")
            barrier.wait(timeout=120)  # all partners press "upload" together
            with files[org].open("rb") as fh:
                answer = session.post(
                    f"{base}/5w/subir/",
                    data={"org": org, "period": "2026-03", "csrfmiddlewaretoken": token},
                    files={"file": (f"{org}.xlsx", fh)},
                    headers={"Referer": f"{base}/5w/"},
                    timeout=300,
                )
            report = live_site.wait_for_report(session, answer.url) if answer.ok else ""
            answers.append((org, answer.status_code, report))

    log = tmp_path / "gunicorn.log"
    workers = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    with (
        live_site.serve(env, workers=2, threads=2, log=log) as base,
        live_site.worker(env, log=workers[0]),
        live_site.worker(env, log=workers[1]),
    ):
        threads = [threading.Thread(target=upload, args=(base, org)) for org in ORGS]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    for written in (log, *workers):
        assert "database is locked" not in written.read_text(encoding="utf-8")
    assert [(org, status) for org, status, _ in answers if status != 200] == []
    assert len(answers) == len(ORGS) * ROUNDS
    accepted = re.compile(r"aceptadas: <strong>1\s500</strong>")
    assert [org for org, _, report in answers if not accepted.search(report)] == []


TWO_CONNECTIONS = """
import sys, threading
from pathlib import Path
from trayecto.web import bootstrap
bootstrap.setup()
from django.db import connection
from trayecto import paths
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.warehouse import Warehouse
from trayecto.web.response.services import imports
barrier = threading.Barrier(len(sys.argv) - 1)
failures = []

def upload(spec):
    org, path = spec.split("=")
    matcher = matcher_from_warehouse(Warehouse(paths.warehouse_dir()).connect())
    try:
        barrier.wait(timeout=60)
        report = imports.five_w_import(path=Path(path), matcher=matcher, org_code=org)
        assert report.rows_imported > 0, report.as_dict()
    except Exception as exc:
        failures.append(f"{org}: {exc!r}")
    finally:
        connection.close()

threads = [threading.Thread(target=upload, args=(spec,)) for spec in sys.argv[1:]]
for t in threads: t.start()
for t in threads: t.join()
print("\\n".join(failures) or "ok")
"""


@pytest.mark.slow
def test_two_connections_importing_at_the_same_moment_both_succeed(
    tmp_path: Path, shared_data: Path
) -> None:
    """The same race without the web server: two threads, each with its own connection to
    the SQLite file, store a workbook at the same moment (a barrier)."""
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    env = live_site.site_environment(tmp_path / "home", SECRET_KEY="x" * 10 + "y" * 50)
    env.pop("DATABASE_URL", None)
    live_site.prepare_home(env, divipola, ORGS)
    specs = [f"{org}={workbook(tmp_path / f'{org}.xlsx', org, divipola)}" for org in ORGS]
    result = subprocess.run(
        [sys.executable, "-c", TWO_CONNECTIONS, *specs],
        env=env, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    assert result.stdout.strip() == "ok", result.stdout
