"""QR codes as inline SVG, for printed sheets and for pages that show a survey's link."""

from __future__ import annotations

import segno
from markupsafe import Markup

# Medium error correction (segno raises it for free when the symbol has room), never a Micro QR:
# many phone cameras cannot read those.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white round the symbol, as the standard asks


def qr_code(data: str) -> segno.QRCode:
    return segno.make(data, error=ERROR_LEVEL, micro=False)


def qr_svg(data: str, label: str) -> Markup:
    """An inline SVG QR code of `data`, described by `label` for screen readers.

    It has a viewBox and no width or height, so CSS decides its size; black modules on white,
    with the quiet zone kept inside the drawing.
    """
    svg = qr_code(data).svg_inline(
        dark="#000",
        light="#fff",
        border=QUIET_ZONE,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
    )
    opening, rest = svg.split(">", 1)
    attributes = Markup(' role="img" aria-label="{}"').format(label)
    # segno's SVG is its own drawing of the symbol: nothing in it comes from the caller but the data.
    return (
        Markup(opening) + attributes + Markup(">") + Markup("<title>{}</title>").format(label) + Markup(rest)
    )


def qr_png_data_uri(data: str) -> str:
    """The QR code of `data` as a tiny PNG (one pixel a module, quiet zone kept), as a data: URI.

    For PDFs: WeasyPrint draws 300 of these about three times faster than the same SVGs. Shown
    with `image-rendering: pixelated`, it prints as sharp as the SVG at any size.
    """
    return qr_code(data).png_data_uri(scale=1, border=QUIET_ZONE, dark="#000", light="#fff")
