"""Template filters for any page: what an import or a service refused, in the page's words."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from trayecto.web.problem_words import problem_words as words

register = template.Library()


@register.filter
def problem_words(message: str | None) -> str:
    """`{{ problem.message|problem_words }}`."""
    return words(message or "")


# A path of this site inside a sentence: it starts after a space or the start, and ends with
# "/" (every page's address does), so "5/6" or a date are left alone.
SITE_PATH = re.compile(r"(?<!\S)(/[\w\-/%]*/)")


@register.filter
def site_links(message: str | None) -> SafeString:
    """A refusal that names the page the user may open gets that page as a link:
    `{{ exception|site_links }}`. The rest of the text is escaped."""
    parts = SITE_PATH.split(str(message or ""))
    # split with one group: text, path, text, path, … (paths at the odd places)
    pieces = (
        format_html('<a href="{0}">{0}</a>', part) if index % 2 else part
        for index, part in enumerate(parts)
    )
    return format_html_join("", "{}", ((piece,) for piece in pieces))  # escapes the text
