"""HTML (with inline SVG) to PDF with WeasyPrint; no network: only inline resources."""

from __future__ import annotations

import weasyprint


def html_to_pdf(html: str) -> bytes:
    # url_fetcher refuses every fetch: the document must be self-contained (offline machines)
    def no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
        raise ValueError(f"the bulletin must not fetch {url}")

    document = weasyprint.HTML(string=html, url_fetcher=no_fetch)
    pdf: bytes = document.write_pdf()
    return pdf
