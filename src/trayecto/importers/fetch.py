"""`trayecto sources fetch`: bring the official files into $TRAYECTO_HOME/sources.

From a local mirror laid out like shared/data (copy), or from the publishers' official
addresses (download with a progress bar). Offline, the download fails with a clear message.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

from trayecto.importers import registry


class FetchError(Exception):
    """A dataset could not be brought in; the message says which and why."""


def fetch_all(target: Path, *, mirror: Path | None, console: Console) -> dict[str, Path]:
    """Fetch every official source; returns source id -> local file."""
    fetched: dict[str, Path] = {}
    for source in registry.SOURCES.values():
        if source.official:
            fetched[source.id] = fetch_one(source, target, mirror=mirror, console=console)
    return fetched


def fetch_one(
    source: registry.Source, target: Path, *, mirror: Path | None, console: Console
) -> Path:
    destination = target / source.folder / source.filename
    destination.parent.mkdir(parents=True, exist_ok=True)
    if mirror is not None:
        original = mirror / source.folder / source.filename
        if not original.exists():
            raise FetchError(f"{source.id}: {original} is not in the mirror {mirror}")
        if not destination.exists() or destination.stat().st_size != original.stat().st_size:
            shutil.copyfile(original, destination)
        return destination
    if not source.url.startswith("https://"):
        raise FetchError(f"{source.id}: no official https address to download from")
    download(source.id, source.url, destination, console)
    return destination


def download(
    label: str, url: str, destination: Path, console: Console, timeout: float = 30
) -> None:
    """Download to a temporary file and rename it, so a cut connection leaves nothing behind."""
    partial = destination.with_name(destination.name + ".part")
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    try:
        with (
            urllib.request.urlopen(url, timeout=timeout) as response,  # noqa: S310 (https only)
            open(partial, "wb") as fh,
            Progress(*columns, console=console, transient=True) as progress,
        ):
            size = int(response.headers.get("Content-Length") or 0) or None
            task = progress.add_task(label, total=size)
            while chunk := response.read(256 * 1024):
                fh.write(chunk)
                progress.update(task, advance=len(chunk))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise FetchError(
            f"{label}: could not download {url} ({exc}). Are you offline? "
            "Use `trayecto sources fetch --from DIR` (or TRAYECTO_SOURCES=DIR) with a local mirror."
        ) from exc
    partial.replace(destination)
