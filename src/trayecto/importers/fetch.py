"""`trayecto sources fetch`: bring the official files into $TRAYECTO_HOME/sources.

From a local mirror laid out like shared/data (copy), or from the publishers' official
addresses (download with a progress bar). Offline, the download fails with a clear message.
"""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from trayecto.importers import registry
from trayecto.importers.files import sha256_of

OFFLINE_HINT = (
    "Are you offline? Use `trayecto sources fetch --from DIR` (or TRAYECTO_SOURCES=DIR) "
    "with a local mirror laid out like the shared data folder."
)


class FetchError(Exception):
    """A dataset could not be brought in; the message says which and why."""


def fetch_all(
    target: Path, *, mirror: Path | None, console: Console, refresh: bool = False
) -> dict[str, Path]:
    """Fetch every official source; returns source id -> local file.

    Two sources may read the same file (`etc` reads MEN's municipal statistics): it is
    fetched once. A file already fetched is kept unless `refresh` (what `sources fetch`
    asks for), so a second `trayecto demo` works offline.
    """
    fetched: dict[str, Path] = {}
    done: dict[Path, Path] = {}
    for source in registry.SOURCES.values():
        if not source.official:
            continue
        destination = target / source.folder / source.filename
        if mirror is None and not source.url and not destination.exists():
            # OCHA's Colombian JIAF extraction has no download address of its own
            console.print(f"{source.id}: only from a local mirror (--from DIR); skipped")
            continue
        if destination not in done:
            if refresh or not destination.exists():
                fetch_one(source, target, mirror=mirror, console=console)
            done[destination] = destination
        fetched[source.id] = destination
    return fetched


def fetch_mirrored(
    source_id: str, target: Path, *, mirror: Path | None, console: Console
) -> Path | None:
    """A source `fetch_all` leaves out (not official, no download address: the demo's
    affected-schools list): copied from the mirror when there is one and it holds the file,
    else the copy brought before (a second demo works offline), else None, said on the console."""
    source = registry.get(source_id)
    destination = target / source.folder / source.filename
    if mirror is not None and (mirror / source.folder / source.filename).exists():
        return fetch_one(source, target, mirror=mirror, console=console)
    if destination.exists():
        return destination
    console.print(f"{source.id}: only from a local mirror (TRAYECTO_SOURCES); skipped")
    return None


def fetch_one(
    source: registry.Source,
    target: Path,
    *,
    mirror: Path | None,
    console: Console,
    allow_local_http: bool = False,
) -> Path:
    """Bring one source's file to `target/folder/filename`.

    `allow_local_http` lets tests serve a mirror from http://127.0.0.1; real sources must
    be https.
    """
    destination = target / source.folder / source.filename
    destination.parent.mkdir(parents=True, exist_ok=True)
    if mirror is not None:
        original = mirror / source.folder / source.filename
        if not original.exists():
            raise FetchError(
                f"{source.id}: {original} is not in the mirror {mirror}; expected "
                f"{source.folder}/{source.filename} ({source.title})"
            )
        for name in (source.filename, *source.also):
            copy_if_changed(mirror / source.folder / name, target / source.folder / name)
        return destination
    if not _allowed(source.url, allow_local_http):
        raise FetchError(
            f"{source.id}: no official https address to download from ({source.url or 'none'})"
        )
    download(source.id, source.url, destination, console)
    return destination


def copy_if_changed(original: Path, destination: Path) -> None:
    if not original.exists():
        raise FetchError(f"{original} is not in the mirror; {original.name} is read too")
    if not destination.exists() or destination.stat().st_size != original.stat().st_size:
        shutil.copyfile(original, destination)


def _allowed(url: str, allow_local_http: bool) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return allow_local_http and parts.scheme == "http" and parts.hostname == "127.0.0.1"


def download(
    label: str, url: str, destination: Path, console: Console, timeout: float = 30
) -> None:
    """Download to a temporary file and rename it, so a cut connection leaves nothing behind."""
    partial = destination.with_name(destination.name + ".part")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    )
    request = urllib.request.Request(url, headers={"User-Agent": "trayecto (sources fetch)"})  # noqa: S310 (https, or 127.0.0.1 in tests)
    try:
        with (
            urllib.request.urlopen(request, timeout=timeout) as response,  # noqa: S310
            open(partial, "wb") as fh,
            Progress(*columns, console=console, transient=True) as progress,
        ):
            size = int(response.headers.get("Content-Length") or 0) or None
            task = progress.add_task(label, total=size)
            received = 0
            while chunk := response.read(256 * 1024):
                fh.write(chunk)
                received += len(chunk)
                progress.update(task, advance=len(chunk))
        if size is not None and received != size:
            raise FetchError(
                f"{label}: the download of {url} stopped after {received:,} of {size:,} bytes; "
                "nothing was kept. Try again."
            )
    except urllib.error.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise FetchError(
            f"{label}: {url} answered HTTP {exc.code} ({exc.reason}); the publisher may have "
            "moved the file: see `trayecto sources list` and docs/sources.md"
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        partial.unlink(missing_ok=True)
        raise FetchError(f"{label}: could not download {url} ({exc}). {OFFLINE_HINT}") from exc
    except FetchError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(destination)
    record_download(destination, url)


def record_download(destination: Path, url: str) -> None:
    """Write where and when the file was downloaded beside it (`<file>.fetch.json`).

    A download keeps the registry's file name, which may carry an older export date
    (DIVIPOLA's name says 20250217); loaders take the vintage from this record instead.
    """
    record = {
        "url": url,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": sha256_of(destination),
    }
    fetch_record_path(destination).write_text(json.dumps(record, indent=1), encoding="utf-8")


def fetch_record_path(path: Path) -> Path:
    return path.with_name(path.name + ".fetch.json")


def fetched_on(path: Path) -> str | None:
    """The date `path` was downloaded, if this exact file came from `sources fetch`."""
    try:
        record = json.loads(fetch_record_path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if record.get("sha256") != sha256_of(path):
        return None  # the file was replaced since: the record is not about it
    return str(record.get("fetched_at", ""))[:10] or None
