"""A real Trayecto site in a throwaway $TRAYECTO_HOME, served by gunicorn in its own processes.

For tests and benchmarks that need what a test client cannot give: several server processes
writing one SQLite file or PostgreSQL database at the same moment. `prepare_home` migrates,
loads the real geography and creates partner logins; `serve` starts gunicorn and waits until
it answers; `login` returns a requests session past the login form (CSRF included).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import requests

PASSWORD = "clave-de-prueba-larga"  # noqa: S105 (throwaway site)
SETUP = """
import sys
from pathlib import Path
from trayecto.web import bootstrap
bootstrap.ensure_home()
from trayecto import paths
from trayecto.importers.divipola import load as load_divipola
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.services import member_upsert, organization_upsert
divipola, password, *orgs = sys.argv[1:]
load_divipola(Path(divipola), Warehouse(paths.warehouse_dir()), dry_run=False)
for code in orgs:
    org = organization_upsert(code=code, name=code.upper(), type="ngo")
    member_upsert(username=code, password=password, organization=org, role="partner")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def site_environment(home: Path, **extra: str) -> dict[str, str]:
    unset = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "TRAYECTO_ENV"}
    return {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings",
        "TRAYECTO_HOME": str(home),
        **extra,
    }


def prepare_home(env: Mapping[str, str], divipola: Path, orgs: list[str]) -> None:
    subprocess.run(
        [sys.executable, "-c", SETUP, str(divipola), PASSWORD, *orgs],
        env=dict(env), check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def wait_until_up(base: str, *, attempts: int = 300, pause: float = 0.1) -> None:
    """Return once the site at `base` answers its login page (or after `attempts` tries)."""
    for _ in range(attempts):
        try:
            requests.get(f"{base}/accounts/login/", timeout=30)
            return
        except requests.ConnectionError:
            time.sleep(pause)


@contextmanager
def serve(
    env: Mapping[str, str], *, workers: int = 2, threads: int = 2, log: Path, timeout: int = 120
) -> Iterator[str]:
    """gunicorn on 127.0.0.1; yields the base URL; stops the server at the end."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "trayecto.web.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--timeout", str(timeout), "--error-logfile", "-",
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(command, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def worker(env: Mapping[str, str], *, log: Path) -> Iterator[None]:
    """A `db_worker` of the database task backend, as production runs it."""
    command = [
        sys.executable,
        "-m",
        "django",
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.5",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
        try:
            yield
        finally:
            process.terminate()
            process.wait(timeout=60)


def wait_for_report(session: requests.Session, url: str, *, seconds: float = 300) -> str:
    """The progress page once the upload is no longer queued or running."""
    deadline = time.monotonic() + seconds
    page = session.get(url, timeout=60).text
    while re.search(r'data-status="(READY|RUNNING)"', page) and time.monotonic() < deadline:
        time.sleep(0.5)
        page = session.get(url, timeout=60).text
    return page


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def csrf_token(session: requests.Session, base: str, path: str) -> str:
    page = session.get(f"{base}{path}", timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return token.group(1)
