"""QR codes as inline SVG (segno): vector, so they print sharp at any size and need no file."""

from __future__ import annotations

import segno


def qr_svg(url: str) -> str:
    """An <svg> that scales to its box (no width/height), white quiet zone of 4 modules included."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(omitsize=True, border=4, light="#fff", svgclass="qr", lineclass=None,
                           title=f"Mã QR: {url}")
