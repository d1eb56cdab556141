"""`sources fetch`: download through a local HTTP server on 127.0.0.1 (the edge of the world),
copy from a mirror, and fail clearly when offline or cut off."""

from __future__ import annotations

import functools
import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from trayecto.cli.main import app
from trayecto.importers import fetch, registry

from .test_geography import DIVIPOLA


class _CutHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the mirror; `/cut/...` promises the whole file but stops after 1 kB."""

    def do_GET(self) -> None:
        if self.path.startswith("/cut/"):
            body = Path(self.translate_path(self.path.removeprefix("/cut"))).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:1024])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def mirror_server(shared_data: Path, tmp_path: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving a mirror folder written in tmp_path from the real file."""
    served = tmp_path / "served"
    (served / "divipola").mkdir(parents=True)
    (served / DIVIPOLA).write_bytes((shared_data / DIVIPOLA).read_bytes())
    handler = functools.partial(_CutHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def quiet() -> Console:
    return Console(file=io.StringIO(), force_terminal=False)


def divipola_at(url: str) -> registry.Source:
    return replace(registry.get("divipola"), url=url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_a_download_lands_whole_with_no_partial_file(
    mirror_server: str, shared_data: Path, tmp_path: Path
) -> None:
    source = divipola_at(f"{mirror_server}/{DIVIPOLA}")
    target = tmp_path / "sources"
    path = fetch.fetch_one(source, target, mirror=None, console=quiet(), allow_local_http=True)
    assert path == target / DIVIPOLA
    assert path.read_bytes() == (shared_data / DIVIPOLA).read_bytes()
    assert not list(path.parent.glob("*.part"))


def test_plain_http_is_refused_without_the_test_switch(mirror_server: str, tmp_path: Path) -> None:
    source = divipola_at(f"{mirror_server}/{DIVIPOLA}")
    with pytest.raises(fetch.FetchError, match="no official https address"):
        fetch.fetch_one(source, tmp_path, mirror=None, console=quiet())


def test_the_test_switch_allows_only_127_0_0_1(tmp_path: Path) -> None:
    source = divipola_at("http://example.org/divipola.csv")
    with pytest.raises(fetch.FetchError, match="no official https address"):
        fetch.fetch_one(source, tmp_path, mirror=None, console=quiet(), allow_local_http=True)


def test_offline_the_message_says_what_to_do(tmp_path: Path) -> None:
    # Nothing listens on this port: the same refusal as a machine with no network.
    source = divipola_at(f"https://127.0.0.1:{free_port()}/divipola.csv")
    with pytest.raises(fetch.FetchError) as failure:
        fetch.fetch_one(source, tmp_path / "sources", mirror=None, console=quiet())
    message = str(failure.value)
    assert message.startswith("divipola: could not download https://127.0.0.1:")
    assert "Are you offline?" in message
    assert "--from DIR" in message
    assert not [p for p in (tmp_path / "sources").rglob("*") if p.is_file()]


def test_a_cut_connection_keeps_nothing(mirror_server: str, tmp_path: Path) -> None:
    source = divipola_at(f"{mirror_server}/cut/{DIVIPOLA}")
    target = tmp_path / "sources"
    with pytest.raises(fetch.FetchError, match=r"could not download|stopped after"):
        fetch.fetch_one(source, target, mirror=None, console=quiet(), allow_local_http=True)
    assert not [p for p in target.rglob("*") if p.is_file()]


def test_a_missing_file_on_the_server_names_the_http_status(
    mirror_server: str, tmp_path: Path
) -> None:
    source = divipola_at(f"{mirror_server}/divipola/moved.csv")
    with pytest.raises(fetch.FetchError, match="answered HTTP 404"):
        fetch.fetch_one(source, tmp_path, mirror=None, console=quiet(), allow_local_http=True)


def test_every_official_source_is_copied_from_the_mirror_once(
    shared_data: Path, tmp_path: Path
) -> None:
    fetched = fetch.fetch_all(tmp_path, mirror=shared_data, console=quiet())
    assert {"divipola", "pcodes", "mgn2018", "etc", "place-aliases"} <= fetched.keys()
    for source_id, path in fetched.items():
        source = registry.get(source_id)
        assert path.read_bytes() == (shared_data / source.folder / source.filename).read_bytes()


def test_a_mirror_without_a_file_says_which(shared_data: Path, tmp_path: Path) -> None:
    partial_mirror = tmp_path / "mirror"
    (partial_mirror / "divipola").mkdir(parents=True)
    with pytest.raises(fetch.FetchError, match=r"divipola: .* is not in the mirror"):
        fetch.fetch_one(
            registry.get("divipola"), tmp_path / "out", mirror=partial_mirror, console=quiet()
        )


# OCHA's JIAF table for Colombia is an extraction of a global workbook (docs/sources.md):
# it has no download address of its own and comes from a local mirror only.
MIRROR_ONLY = {"jiaf-hno"}


def test_real_sources_have_https_addresses() -> None:
    for source in registry.SOURCES.values():
        if source.official and source.id not in MIRROR_ONLY:
            assert source.url.startswith("https://"), source.id
    assert all(registry.get(s).url == "" for s in MIRROR_ONLY)


def test_a_mirror_only_source_is_skipped_without_a_mirror_and_copied_with_its_sibling(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = {"jiaf-hno": registry.get("jiaf-hno")}
    monkeypatch.setattr(registry, "SOURCES", only)
    assert fetch.fetch_all(tmp_path / "none", mirror=None, console=quiet()) == {}
    fetched = fetch.fetch_all(tmp_path / "out", mirror=shared_data, console=quiet())
    folder = tmp_path / "out" / "ocha_jiaf_hno_colombia"
    assert fetched == {"jiaf-hno": folder / registry.get("jiaf-hno").filename}
    assert (folder / "jiaf_global_2025_colombia_severity_by_municipality.csv").exists()


def test_the_demos_affected_schools_list_comes_from_the_mirror_then_from_its_copy(
    shared_data: Path, tmp_path: Path
) -> None:
    """Not official (fetch_all leaves it out), no download address: the demo's list is copied
    from the mirror, kept for a run without one, and missing without either."""
    source = registry.get("affected-schools")
    assert not source.official
    assert "affected-schools" not in fetch.fetch_all(tmp_path, mirror=shared_data, console=quiet())
    assert fetch.fetch_mirrored("affected-schools", tmp_path, mirror=None, console=quiet()) is None
    copied = fetch.fetch_mirrored("affected-schools", tmp_path, mirror=shared_data, console=quiet())
    assert copied == tmp_path / source.folder / source.filename
    assert copied.read_bytes() == (shared_data / source.folder / source.filename).read_bytes()
    again = fetch.fetch_mirrored("affected-schools", tmp_path, mirror=None, console=quiet())
    assert again == copied


def test_cli_fetch_from_a_mirror(
    shared_data: Path, trayecto_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRAYECTO_SOURCES", raising=False)
    result = CliRunner().invoke(app, ["sources", "fetch", "--from", str(shared_data), "--json"])
    assert result.exit_code == 0, result.output
    fetched = {item["id"]: Path(item["path"]) for item in json.loads(result.stdout)}
    assert fetched["divipola"] == trayecto_home / "sources" / DIVIPOLA
    assert fetched["divipola"].exists()


def test_cli_fetch_from_an_incomplete_mirror_exits_1(
    tmp_path: Path, trayecto_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRAYECTO_SOURCES", raising=False)
    result = CliRunner().invoke(app, ["sources", "fetch", "--from", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "is not in the mirror" in result.output


def test_a_downloaded_divipola_takes_its_vintage_from_the_download(
    mirror_server: str, tmp_path: Path
) -> None:
    """The download keeps the name '…_20250217.csv'; the vintage must say when it was fetched."""
    import time_machine

    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse

    source = divipola_at(f"{mirror_server}/{DIVIPOLA}")
    with time_machine.travel("2026-03-01 10:00:00+00:00"):
        path = fetch.fetch_one(
            source, tmp_path / "sources", mirror=None, console=quiet(), allow_local_http=True
        )
    record = json.loads(fetch.fetch_record_path(path).read_text(encoding="utf-8"))
    assert record["url"] == source.url
    assert fetch.fetched_on(path) == "2026-03-01"
    warehouse = Warehouse(tmp_path / "warehouse")
    assert not load_divipola(path, warehouse, dry_run=False).refused
    assert warehouse.entry("municipality").meta["vintage"] == "2026-03-01"
    # A file replaced by hand is not described by the old record.
    path.write_bytes(path.read_bytes() + b"\n")
    assert fetch.fetched_on(path) is None
