"""A strict Content-Security-Policy on every response.

The pages load nothing from elsewhere: scripts, styles, fonts and data come from the site
itself, charts are drawn by the vega-embed bundle served as a static file, and no template
carries an inline script or style. So the policy names only 'self'; an injected `<script>`,
inline handler or foreign URL does not run.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # the empty favicon `data:,` and Vega's PNG exports
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
