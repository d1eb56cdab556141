"""`make demo` from a fresh clone to a served page: time, split into install and load.

    python benchmarks/demo_time.py [--repo .] [--keep] [--venv DIR]

Clones the repository's current commit into a temporary folder and runs what `make demo`
runs, phase by phase, timing each:
  install  `make .venv/bin/.installed` (venv from requirements.lock, the package, the bundle)
  load     `trayecto demo --no-serve` (migrate, official sources from $TRAYECTO_SOURCES,
           demo organisations and logins)
  serve    `trayecto serve` until the login page answers
Baseline in the same run: `python -m venv` alone, the floor under any install.
Needs $TRAYECTO_SOURCES (the local mirror); pip uses whatever index pip is configured with.
`--venv DIR` skips the install: the clone runs with the environment DIR (the test suite's
small size, whose own `make` has just installed it from the same lock: two thirds of the
script's time).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def run(label: str, cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(
            f"{label} failed ({result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_until_served(clone: Path, env: dict[str, str]) -> float:
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen(
        [str(clone / ".venv/bin/trayecto"), "serve", "--port", str(port)],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - start < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
                    if r.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
        sys.exit("the server did not answer within 60 s")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--keep", action="store_true", help="Keep the clone for inspection.")
    parser.add_argument("--venv", type=Path, help="Use this environment; install none.")
    args = parser.parse_args()
    if not os.environ.get("TRAYECTO_SOURCES"):
        sys.exit("Set TRAYECTO_SOURCES to the local mirror of the official files.")
    work = Path(tempfile.mkdtemp(prefix="trayecto-demo-time-"))
    clone = work / "trayecto"
    env = {**os.environ, "TRAYECTO_HOME": str(work / "home")}
    env.pop("VIRTUAL_ENV", None)
    try:
        commit = subprocess.run(
            ["git", "-C", str(args.repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        clone_s = run("clone", ["git", "clone", "--quiet", str(args.repo), str(clone)], work, env)
        run("checkout", ["git", "checkout", "--quiet", commit], clone, env)
        python = shutil.which("python3.11") or sys.executable
        venv_s = run("venv baseline", [python, "-m", "venv", str(work / "bare")], work, env)
        install_s: float | None = None  # not measured with --venv
        if args.venv:
            (clone / ".venv").symlink_to(args.venv.resolve())
        else:
            install_s = run("install", ["make", ".venv/bin/.installed"], clone, env)
        load_s = run("load", [".venv/bin/trayecto", "demo", "--no-serve", "--json"], clone, env)
        again_s = run("load again", [".venv/bin/trayecto", "demo", "--no-serve"], clone, env)
        serve_s = time_until_served(clone, env)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    total = clone_s + (install_s or 0.0) + load_s + serve_s
    print(f"commit {commit[:10]}")
    print(f"{'phase':38} {'seconds':>8}")
    for name, seconds in (
        ("clone", clone_s),
        ("install (venv, lock, package, bundle)", install_s),
        ("load (migrate, sources, demo logins)", load_s),
        ("serve (until the first page answers)", serve_s),
        (
            "total: fresh clone -> served page"
            if install_s is not None
            else "total without the install",
            total,
        ),
        ("second `trayecto demo --no-serve`", again_s),
        ("baseline: bare `python -m venv`", venv_s),
    ):
        print(f"{name:38} " + (f"{seconds:8.1f}" if seconds is not None else " skipped"))
    install = (
        "not measured (--venv)" if install_s is None else f"{install_s / venv_s:.0f}x the bare venv"
    )
    print(f"install is {install}; load is {load_s / total:.0%} of the total")


if __name__ == "__main__":
    main()
