"""Write the vega-embed bundle (from vl-convert, no CDN) into the static files at build time."""

from __future__ import annotations

import gzip
from pathlib import Path

import vl_convert

BUNDLE = Path(__file__).resolve().parent / "static" / "trayecto" / "vendor" / "vega-embed.js"


def build(target: Path = BUNDLE) -> Path:
    """The ES-module bundle exporting `default` (vegaEmbed); about 0.9 MB."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The default snippet sets window.vegaEmbed; the stubs wrongly require `snippet`.
    code: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    if not target.exists() or target.read_text(encoding="utf-8") != code:
        target.write_text(code, encoding="utf-8")
    # whitenoise serves a `.gz` beside a file to browsers that accept gzip, also in the demo
    # (which serves from the app folders, without collectstatic): 0.9 MB travel as 0.3 MB.
    compressed = target.with_name(target.name + ".gz")
    data = gzip.compress(code.encode("utf-8"), compresslevel=9, mtime=0)
    if not compressed.exists() or compressed.read_bytes() != data:
        compressed.write_bytes(data)
    return target


if __name__ == "__main__":
    print(build())
