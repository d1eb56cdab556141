"""Template filters for any page: what an import or a service refused, in the page's words."""

from __future__ import annotations

from django import template

from trayecto.web.problem_words import problem_words as words

register = template.Library()


@register.filter
def problem_words(message: str | None) -> str:
    """`{{ problem.message|problem_words }}`."""
    return words(message or "")
