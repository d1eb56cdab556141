"""The secret key of the student pseudonyms (`simat-estudiantes`): where it lives, how it is made.

The key never goes into the warehouse: it is read from `$TRAYECTO_SIMAT_KEY` (64 hexadecimal
digits) or from `$TRAYECTO_HOME/secrets/simat-estudiantes.key`, created on first use with
owner-only permissions (folder 0700, file 0600). Losing it means that new years can no longer
be linked to the years already imported (docs/formats/simat-estudiantes.md). The home is
the folder that holds the warehouse (`$TRAYECTO_HOME/warehouse`): the callers pass it.

The pseudonyms are HMAC-SHA-256 (RFC 2104), computed inside DuckDB so that no row becomes a
Python object: HMAC(K, m) = SHA-256((K ⊕ opad) ‖ SHA-256((K ⊕ ipad) ‖ m)), written out in
importers/simat_students_rows.sql; `pads` gives the two 64-byte blocks it takes as
parameters, and `hmac_hex` is the same in Python, for the tests and the reidentification.

Each ETC has a key of its own derived from the installation's, k_etc = HMAC(K, "etc:" + ETC
code) (`etc_key`), and each row a second document pseudonym made with the key of its sede's
ETC. The pseudonymous list an ETC downloads carries that one, so the ETC's analyst, given
k_etc (`etc_key_text`, read back by `read_etc_key`), can hash its own SIMAT export on its
own machine and get the names back, and still cannot compute the installation's pseudonyms
nor another ETC's (HMAC cannot be inverted, nor its key found from outputs).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

ENV = "TRAYECTO_SIMAT_KEY"
FILE_NAME = "simat-estudiantes.key"
BLOCK = 64  # SHA-256 block size (bytes)
# The first 128 bits of the hash: enough to keep 100 million students apart.
HEX_DIGITS = 32


ETC_KEY_HEADER = "# trayecto: clave de seudonimos de una ETC / an ETC's pseudonym key"


class KeyProblem(Exception):
    """The key cannot be used (wrong form, or readable by others)."""


def key_path(home: Path) -> Path:
    return home / "secrets" / FILE_NAME


def _parse(text: str, where: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyProblem(f"{where}: the key must be 64 hexadecimal digits") from None
    if len(key) < 32:
        raise KeyProblem(f"{where}: the key must be 64 hexadecimal digits (32 bytes)")
    return key


def load_key(home: Path, *, create: bool = True) -> bytes | None:
    """The key from the environment or the secrets folder; created there when `create`
    (None when there is none and `create` is false: a dry run creates nothing)."""
    if os.environ.get(ENV):
        return _parse(os.environ[ENV], ENV)
    path = key_path(home)
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyProblem(
                f"{path}: the key file can be read by others (mode {mode:o}); "
                f"make it readable by its owner only: chmod 600 {path.name}"
            )
        return _parse(path.read_text(encoding="ascii"), str(path))
    if not create:
        return None
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def pads(key: bytes) -> dict[str, bytes]:
    """The inner and outer padded keys of HMAC, as parameters of `hmac_sql`."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    block = key.ljust(BLOCK, b"\0")
    return {
        "key_ipad": bytes(b ^ 0x36 for b in block),
        "key_opad": bytes(b ^ 0x5C for b in block),
    }


def hmac_hex(key: bytes, message: str) -> str:
    """The same pseudonym computed in Python."""
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:HEX_DIGITS]


def etc_key(key: bytes, etc_code: str) -> bytes:
    """The key of one ETC's pseudonyms: HMAC(installation key, "etc:" + ETC code)."""
    return hmac.new(key, f"etc:{etc_code}".encode("ascii"), hashlib.sha256).digest()


def etc_key_text(key: bytes, etc_code: str) -> str:
    """The file an ETC analyst is given: its ETC's code and key, nothing else."""
    return f"{ETC_KEY_HEADER}\netc={etc_code}\nkey={etc_key(key, etc_code).hex()}\n"


def read_etc_key(path: Path) -> tuple[str, bytes]:
    """(ETC code, key) from a file written by `etc_key_text`."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"{path.name}: cannot be read as an ETC key file ({exc})") from None
    fields = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and line[:1] != "#"
    )
    if "etc" not in fields or "key" not in fields:
        raise KeyProblem(f"{path.name}: not an ETC key file (lines etc=… and key=… expected)")
    return fields["etc"].strip(), _parse(fields["key"], path.name)
