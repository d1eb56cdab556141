"""Every change to an event goes to the project's audit log (shared with the 5W cycle)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

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
