"""QR codes (ISO/IEC 18004) for the label on the battery: they encode the passport's resolvable URL.

Error correction level Q (about 25 % of codewords recoverable) is the minimum: a battery label is printed once
and then lives for years on a part that is handled, scratched, soiled with grease or electrolyte and partly
covered by fixings, while the data (a URL of ~60-80 characters) is short, so Q costs at most one or two symbol
versions over M (15 %). Level H (30 %) is reserved for codes with a logo overlay; we print none. segno is allowed
to raise the level further when the data fits in the same version anyway (`boost_error`), which costs nothing.

The quiet zone is 4 modules, the width ISO/IEC 18004 requires for the QR Code model 2 symbol; scanners fail
more often with less. Micro QR is never used: phone cameras read it poorly.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

import segno

from passport.errors import InputError

ERROR_LEVEL = "Q"
QUIET_ZONE = 4
Format = Literal["svg", "png"]
FORMATS: dict[str, Format] = {".svg": "svg", ".png": "png"}
MEDIA_TYPES: dict[Format, str] = {"svg": "image/svg+xml", "png": "image/png"}


def qr_code(url: str) -> segno.QRCode:
    """The QR symbol for `url` (byte mode, level >= Q, smallest version that fits)."""
    if not url:
        raise InputError("nothing to encode in the QR code", code="INVALID_INPUT", details={"field": "url"})
    try:
        return segno.make_qr(url, error=ERROR_LEVEL.lower(), boost_error=True)
    except segno.DataOverflowError as exc:
        raise InputError("the URL is too long for a QR code", code="INVALID_INPUT",
                         details={"field": "url", "length": len(url)}) from exc


def render(url: str, fmt: Format, *, scale: int = 4, title: str | None = None) -> bytes:
    """The QR code as SVG or PNG bytes, `scale` pixels (or SVG units) per module, with the 4-module quiet zone."""
    code = qr_code(url)
    out = io.BytesIO()
    if fmt == "svg":
        # The title gives screen readers a text alternative (the URL itself).
        code.save(out, kind="svg", scale=scale, border=QUIET_ZONE, xmldecl=False, svgns=True,
                  title=title or url, svgclass="qr", lineclass=None)
    elif fmt == "png":
        code.save(out, kind="png", scale=scale, border=QUIET_ZONE)
    else:
        raise InputError(f"unknown QR format {fmt!r}: use svg or png", code="INVALID_INPUT",
                         details={"field": "format"})
    return out.getvalue()


def format_for(path: Path) -> Format:
    """The image format named by a file's extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the QR format from {path.name!r}: use .svg or .png",
                         code="INVALID_INPUT", details={"file": str(path)})
    return fmt


def write(url: str, path: Path, *, scale: int = 10) -> Format:
    """Write the QR code for `url` to `path`, format from the extension; returns the format written."""
    fmt = format_for(path)
    path.write_bytes(render(url, fmt, scale=scale))
    return fmt
