"""Run a command against a throwaway PostgreSQL cluster: `python -m tests.support.pgcluster CMD...`.

The server binaries of PostgreSQL 15 are found under /usr/lib/postgresql; initdb refuses to
run as root, so as root the cluster belongs to the `postgres` user. Without the binaries the
command is not run and the reason is printed; with CI=true that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def main(command: list[str]) -> int:
    pgbin = find_bin()
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    if pgbin is None:
        print("SKIPPED: PostgreSQL tests: no server binaries under /usr/lib/postgresql", flush=True)
        return 1 if in_ci else 0
    root = Path(tempfile.mkdtemp(prefix="trayecto-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(
        as_owner(
            [
                str(pgbin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_owner(
            [
                str(pgbin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        env = {**os.environ, "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/postgres"}
        print(f"PostgreSQL {pgbin.parent.name} on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        subprocess.run(
            as_owner([str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
