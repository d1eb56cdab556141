"""The audit log of the 5W cycle, and who acts: a user, or None for the command line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from trayecto.web.response.models import AuditLog

User = AbstractBaseUser | AnonymousUser


def audit(user: User | None, action: str, obj: Any, **detail: Any) -> None:
    AuditLog.objects.create(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        detail=detail,
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def user_id(user: User | None) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None
