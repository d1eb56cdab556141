"""`trayecto token create USER [--expires DAYS]`: a personal API token for a user.

The token is printed alone on the last line of stdout (scripts take `tail -n 1`); it is shown
this once, the database keeps only its hash.
"""

from __future__ import annotations

from typing import Annotated

import typer

from trayecto.cli.console import err, usage_error
from trayecto.web.commands.start import ready

token_app = typer.Typer(no_args_is_help=True, help="Personal API tokens (Authorization: Bearer).")


@token_app.command("create")
def token_create_command(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    expires: Annotated[
        int | None, typer.Option("--expires", help="Days until it expires (default: never).")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
) -> None:
    """Create a token with exactly the user's web access; prints it alone on the last line."""
    ready()
    from trayecto.web.api.tokens import TokenRefused, token_create_for_username

    try:
        created = token_create_for_username(
            username, name=name or "trayecto token create", expires_days=expires
        )
    except TokenRefused as exc:
        raise usage_error(str(exc)) from exc
    expiry = created.token.expires_at.isoformat() if created.token.expires_at else "never"
    err.print(f"token {created.token.prefix}… for {username}, expires {expiry}; shown only once")
    typer.echo(created.secret)


def register(app: typer.Typer) -> None:
    """Add this topic's commands to the `trayecto` application."""
    app.add_typer(token_app, name="token")
