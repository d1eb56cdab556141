"""Partners uploading at the same moment to a SQLite site served by several gunicorn
processes: every upload answers its report, none "database is locked" (HTTP 500)."""

from __future__ import annotations

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


def workbook(path: Path, org: str, divipola: Path) -> Path:
    written = write_five_w_template(
        path, period="2026-03", org_code=org, municipalities=municipalities_from_divipola(divipola)
    )
    assert isinstance(written, Path)
    book = openpyxl.load_workbook(written)
    for i in range(ROWS):
        row = [org, "2026-03", "", "81001" if i % 2 else "54001", "", "", "EDU-04", "transito",
               "Nuevo", 10 + i % 7]  # fmt: skip
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
            answers.append((org, answer.status_code, answer.text))

    log = tmp_path / "gunicorn.log"
    with live_site.serve(env, workers=2, threads=2, log=log) as base:
        threads = [threading.Thread(target=upload, args=(base, org)) for org in ORGS]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    server_log = log.read_text(encoding="utf-8")
    assert "database is locked" not in server_log
    assert [(org, status) for org, status, _ in answers if status != 200] == []
    assert len(answers) == len(ORGS) * ROUNDS
    assert all(f"{ROWS}" in text for _, _, text in answers)  # each page reports its rows
