"""Handing an ETC its pseudonym key (docs/methodology/trajectory.md, "Recuperar los nombres").

The key of an ETC (importers/student_key.etc_key) turns that ETC's own SIMAT export into the
pseudonyms of its list, nothing else: it is given to the ETC's analyst on the early-warning
page, or by the cluster administrator with `trayecto trajectory etc-key`. Each time it is
given is written to the audit log (who, which ETC), as a token's creation is.
"""

from __future__ import annotations

from pathlib import Path

from trayecto.importers import student_key
from trayecto.web.response.models import AuditLog
from trayecto.web.response.services.audit import User, user_id

ACTION = "etc_key_given"


class NoKey(LookupError):
    """The installation has no pseudonym key yet (no student file imported)."""


def etc_key_file(home: Path, etc_code: str, user: User | None, *, via: str) -> str:
    """The text of the ETC's key file, audited; `via` says where it was given (web, cli)."""
    key = student_key.load_key(home, create=False)
    if key is None:
        raise NoKey(etc_code)
    AuditLog.objects.create(
        user_id=user_id(user),
        action=ACTION,
        object_type="etc",
        object_id=int(etc_code),
        detail={"etc": etc_code, "via": via},
    )
    return student_key.etc_key_text(key, etc_code)
