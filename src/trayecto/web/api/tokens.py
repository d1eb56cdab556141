"""Create, revoke and resolve personal API tokens (services: one transaction each, audited).

A token is 32 random bytes in URL-safe base64 after the prefix `tyo_`; the database keeps its
sha256 only, so a leaked database gives no usable token. The token grants exactly what its
user may do on the web: access is decided by the same modules (accounts/access.py,
response/access.py) from `request.user`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from trayecto.web.api.models import ApiToken
from trayecto.web.response.services.audit import audit

TOKEN_PREFIX = "tyo_"  # noqa: S105 (a marker, not a secret)
MAX_EXPIRY_DAYS = 3650
EXPIRY_RULE = f"la vigencia va de 1 a {MAX_EXPIRY_DAYS} días"


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(
    *, user: AbstractBaseUser, name: str = "", expires_days: int | None = None
) -> CreatedToken:
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(EXPIRY_RULE)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,  # type: ignore[misc]
            name=name[:80],
            prefix=secret[: len(TOKEN_PREFIX) + 8],
            digest=digest_of(secret),
            created_at=now,
            expires_at=now + timedelta(days=expires_days) if expires_days else None,
        )
        audit(user, "token_create", token, prefix=token.prefix, expires=str(token.expires_at))
    return CreatedToken(token, secret)


class TokenRefused(ValueError):
    """A token the command line cannot create (unknown user, bad validity)."""


def token_create_for_username(
    username: str, *, name: str = "", expires_days: int | None = None
) -> CreatedToken:
    """`trayecto token create USER`: the same service, the user found by name."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenRefused(f"unknown user {username!r}")
    try:
        return token_create(user=user, name=name, expires_days=expires_days)
    except ValidationError as exc:
        raise TokenRefused("--expires: " + "; ".join(exc.messages)) from exc


def token_revoke(*, token: ApiToken, user: AbstractBaseUser) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(user, "token_revoke", token, prefix=token.prefix)


def user_for_token(secret: str) -> AbstractBaseUser | None:
    """The active user a token belongs to; None for unknown, revoked or expired tokens."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    # At most one write a minute per token, so reads do not become writes.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user: AbstractBaseUser = token.user
    return user
