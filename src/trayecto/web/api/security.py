"""Who is calling: a personal token (`Authorization: Bearer TOKEN`), else the browser's
session, else nobody. The caller's user then goes through the same access modules as the web
pages (accounts/access.py, response/access.py), so a token sees exactly what its user sees.

Writes need a token: a session cookie alone would let another site post on the user's
behalf (the API has no CSRF form to check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from trayecto.web.accounts.login_limits import client_ip
from trayecto.web.api.errors import ApiError
from trayecto.web.api.tokens import user_for_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNUSABLE_KEY = (
    "El token no existe, venció o fue revocado: cree uno nuevo en su página de tokens "
    "(/cuenta/tokens/) o con `trayecto token create USUARIO`."
)
WRITES_NEED_KEY = (
    "Las escrituras de la API requieren un token personal (Authorization: Bearer TOKEN); "
    "la sesión del navegador solo sirve para leer."
)
DEFAULT_RATE = "600/m"


@dataclass(frozen=True)
class Caller:
    user: AbstractBaseUser | AnonymousUser
    via: str  # token | session | anonymous
    ident: str  # what the rate limit counts by: the user, or the address of anonymous calls

    def __str__(self) -> str:
        return self.ident


def address_of(request: HttpRequest) -> str:
    """The client's address, behind TRAYECTO_PROXY_COUNT proxies (as the login limits)."""
    return client_ip(request) or "unknown"


class TokenOrSession(HttpBearer):
    """Bearer token first; without an Authorization header, the session or anonymous."""

    def __call__(self, request: HttpRequest) -> Caller | None:
        if request.headers.get(self.header) is None:
            user = request.user
            if user.is_authenticated:
                if request.method not in SAFE_METHODS:
                    raise ApiError(401, WRITES_NEED_KEY, code="token_required")
                return Caller(user, "session", f"user:{user.pk}")
            return Caller(AnonymousUser(), "anonymous", f"addr:{address_of(request)}")
        found: Caller | None = super().__call__(request)
        if found is None:  # an Authorization header that is not "Bearer …"
            raise ApiError(401, UNUSABLE_KEY, code="invalid_token")
        return found

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        user = user_for_token(token)
        if user is None:
            raise ApiError(401, UNUSABLE_KEY, code="invalid_token")
        request.user = user  # type: ignore[assignment]  # the access modules read it
        return Caller(user, "token", f"user:{user.pk}")


class CallerRateThrottle(SimpleRateThrottle):
    """A fixed number of calls per period per user (token or session) or per address
    (anonymous), from TRAYECTO_API_RATE ("600/m"), in the process's cache."""

    def __init__(self) -> None:
        super().__init__(DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read each time, so a deployment (or a test) can change it without a restart.
        self.rate = str(getattr(settings, "TRAYECTO_API_RATE", DEFAULT_RATE))
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        caller: Any = getattr(request, "auth", None)
        ident = str(caller) if caller is not None else f"addr:{address_of(request)}"
        return f"trayecto_api_rate_{ident}"


def caller_of(request: HttpRequest) -> Caller:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    return caller
