"""The commands on the operational database: organisations and the 5W cycle, tokens, events,
documents, `serve` and `demo`. The core command line (`trayecto.cli`) runs the warehouse's
commands without Django and names no web module; it loads these through the
`trayecto.commands` entry point (pyproject.toml), which calls `register`.

Nothing here imports Django when loaded (`trayecto --help` loads it): each command starts it
with `start.ready` first.
"""

from __future__ import annotations

from pathlib import Path

import typer

from trayecto.cli import console
from trayecto.web.commands import (
    activityinfo,
    bulletin,
    events,
    five_w,
    report,
    server,
    tokens,
    trajectory_key,
)
from trayecto.web.commands.start import ready


class Database:
    """The web app's side of the core's `import` (console.Database)."""

    event_sources = frozenset({events.ASSESSMENT_SOURCE})

    def start(self) -> None:
        ready()

    def import_into_event(
        self, source: str, path: Path, event: int | None, *, dry_run: bool, as_json: bool
    ) -> int:
        if source == events.ASSESSMENT_SOURCE:
            return events.import_event_assessment(path, event, dry_run, as_json)
        assert event is not None  # the core asks for an affected-schools list with --event only
        return events.import_event_list(path, event, dry_run=dry_run, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add the web app's commands to the `trayecto` application, and its side of `import`."""
    console.PLUGGED.append(Database())
    for topic in (five_w, report, bulletin, tokens, activityinfo, events, trajectory_key, server):
        topic.register(app)
