"""Spanish first: the site speaks Spanish unless the user picked English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a partner whose
laptop or phone is set to English would land on an English site that colleagues and
documents call by its Spanish names. The cluster works in Spanish; English is a choice,
made with the ES | EN switch and remembered in the language cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class SpanishFirstMiddleware:
    """Runs after LocaleMiddleware; undoes a language taken from Accept-Language only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen not in dict(settings.LANGUAGES):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
