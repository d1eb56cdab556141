"""Without TRAYECTO_ENV (a laptop, `trayecto serve`, the demo): DEBUG off and a secret key
generated into $TRAYECTO_HOME on first use, never a key published in the source."""

from __future__ import annotations

import json
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.support.fresh_process import last_line
from trayecto.web.config import secret

UNSET = {"SECRET_KEY", "DEBUG", "TRAYECTO_ENV", "DJANGO_SETTINGS_MODULE"}
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY}))"
)


def default_settings(home: Path, **env: str) -> dict[str, object]:
    """DEBUG and SECRET_KEY as a fresh process sees them with the base settings."""
    line = last_line(
        SHOW, "trayecto.web.config.settings", unset=UNSET, TRAYECTO_HOME=str(home), **env
    )
    shown: dict[str, object] = json.loads(line)
    return shown


def test_debug_is_off_and_a_strong_key_is_generated_once_into_the_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = default_settings(home)
    assert first["debug"] is False
    key = first["key"]
    assert isinstance(key, str)
    assert secret.is_strong(key)
    stored = home / secret.FILE_NAME
    assert stored.read_text(encoding="utf-8") == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600  # readable by the owner only
    # The next process reads the same key: sessions survive a restart.
    assert default_settings(home)["key"] == key
    # Another home gets another key.
    assert default_settings(tmp_path / "other")["key"] != key


def test_the_environment_wins_and_debug_is_opt_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shown = default_settings(home, SECRET_KEY="from-the-environment", DEBUG="1")
    assert shown == {"debug": True, "key": "from-the-environment"}
    assert not (home / secret.FILE_NAME).exists()


def test_workers_starting_together_share_one_key(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: secret.key_in_home(home), range(32)))
    assert len(keys) == 1
    assert list(home.iterdir()) == [home / secret.FILE_NAME]  # no temporary file left behind
