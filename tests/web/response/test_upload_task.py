"""Uploads are imported by a background task (django-tasks, database backend) with a progress
page: the request returns at once, a real worker imports the file, the page shows the report.

The other upload tests run the same task through the immediate backend (test settings).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support import live_site
from tests.web.test_concurrent_uploads import workbook

pytestmark = pytest.mark.slow
ROWS = 3000  # shown with Spanish grouping: 3 000 (a no-break space)


def post_upload(session: requests.Session, base: str, org: str, path: Path) -> requests.Response:
    token = live_site.csrf_token(session, base, "/5w/")
    with path.open("rb") as fh:
        return session.post(
            f"{base}/5w/subir/",
            data={"org": org, "period": "2026-03", "csrfmiddlewaretoken": token},
            files={"file": (path.name, fh)},
            headers={"Referer": f"{base}/5w/"},
            timeout=120,
            allow_redirects=False,
        )


def status_of(page: str) -> str | None:
    found = re.search(r'id="upload-status" data-status="([A-Z]+)"', page)
    return found.group(1) if found else None


@pytest.fixture
def site_home(tmp_path: Path, shared_data: Path) -> tuple[dict[str, str], Path]:
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    env = live_site.site_environment(tmp_path / "home", SECRET_KEY="k" * 10 + "z" * 50)
    env.pop("DATABASE_URL", None)
    live_site.prepare_home(env, divipola, ["nrc", "savethechildren"])
    return env, workbook(tmp_path / "nrc.xlsx", "nrc", divipola, rows=ROWS)


def test_the_request_returns_at_once_and_a_worker_imports_the_file(
    site_home: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, path = site_home
    with live_site.serve(env, workers=1, threads=2, log=tmp_path / "gunicorn.log") as base:
        nrc = live_site.login(base, "nrc")
        answer = post_upload(nrc, base, "nrc", path)
        # No worker runs yet: the request answered without importing anything.
        assert answer.status_code == 302
        progress = base + answer.headers["Location"]
        assert re.fullmatch(r".*/5w/subir/[0-9a-f-]{36}/", progress)
        waiting = nrc.get(progress, timeout=30)
        assert status_of(waiting.text) == "READY"
        assert 'http-equiv="refresh"' in waiting.text  # the page updates itself
        assert "Filas leídas" not in waiting.text
        # Only the uploader sees it.
        other = live_site.login(base, "savethechildren")
        assert other.get(progress, timeout=30).status_code == 404
        # A real worker of the database backend, as `trayecto serve` and production run it.
        subprocess.run(
            [sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay"],
            env=env, check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        done = nrc.get(progress, timeout=30).text
    assert status_of(done) is None
    assert re.search(r"Filas leídas: <strong>3\s000</strong>", done)
    assert re.search(r"aceptadas: <strong>3\s000</strong>", done)
    assert not any((Path(env["TRAYECTO_HOME"]) / "uploads").iterdir())  # file removed


def test_trayecto_serve_runs_a_worker_beside_the_server(
    site_home: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, path = site_home
    port = live_site.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "trayecto.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        live_site.wait_until_up(base, pause=0.2)
        # Linux lists a process's children here; the server's only one is its worker.
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        nrc = live_site.login(base, "nrc")
        answer = post_upload(nrc, base, "nrc", path)
        assert answer.status_code == 302
        progress = base + answer.headers["Location"]
        page = live_site.wait_for_report(nrc, progress)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert re.search(r"aceptadas: <strong>3\s000</strong>", page)
    # Stopped by SIGTERM, the server stops its worker too rather than leave it running.
    assert len(children) == 1
    assert not Path(f"/proc/{children[0]}").exists()
