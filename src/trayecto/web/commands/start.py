"""Start the web app from a command: the one thing every command here does first."""

from __future__ import annotations


def ready() -> None:
    """Create and migrate $TRAYECTO_HOME (harmless when done) and start Django. Imported
    when called: `trayecto --help` and the warehouse's commands load this package too, and
    starting Django cost them 1.6 s each."""
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
