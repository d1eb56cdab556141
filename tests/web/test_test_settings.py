"""The test settings' throwaway home: made only when the process has none, and removed when
the process that made it ends (the suite once left one in the temporary directory per
process, up to a warehouse each)."""

from __future__ import annotations

from pathlib import Path

from tests.support.fresh_process import last_line

SHOW_HOME = (
    "import os, django; django.setup(); from trayecto import paths; "
    "paths.warehouse_dir().mkdir(parents=True, exist_ok=True); print(os.environ['TRAYECTO_HOME'])"
)


def home_of_a_process(temp: Path, **env: str) -> Path:
    """The home a fresh process with the test settings works in (it writes into it)."""
    settings = "trayecto.web.config.test_settings"
    return Path(last_line(SHOW_HOME, settings, unset={"TRAYECTO_HOME"}, TMPDIR=str(temp), **env))


def test_a_process_without_a_home_works_in_a_throwaway_one_removed_at_its_end(
    tmp_path: Path,
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    home = home_of_a_process(temp)
    assert home.parent == temp
    assert home.name.startswith("trayecto-tests-")
    assert list(temp.iterdir()) == []


def test_a_process_given_a_home_makes_none(tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    given = tmp_path / "given"
    assert home_of_a_process(temp, TRAYECTO_HOME=str(given)) == given
    assert list(temp.iterdir()) == []
    assert (given / "warehouse").is_dir()  # the given home is the caller's: kept
