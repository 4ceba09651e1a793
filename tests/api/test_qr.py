"""QR codes: the URL round-trips through a real decoder (zxing-cpp), at level Q or better, with a 4-module quiet zone."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from passport import qr
from passport.errors import InputError
from passport.identifiers import PassportId

URL = PassportId.gs1("9506000134352", "SN-2026/0001").url("https://passport.example.org")


def _decode(png: bytes) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_png_decodes_to_the_url():
    assert _decode(qr.render(URL, "png")) == [URL]


def test_symbol_is_level_q_or_better_and_not_micro():
    code = qr.qr_code(URL)
    assert code.error in {"Q", "H"}
    assert not code.is_micro
    assert code.mode == "byte"


def test_quiet_zone_is_four_modules():
    code = qr.qr_code(URL)
    png = qr.render(URL, "png", scale=1)
    image = Image.open(io.BytesIO(png)).convert("L")
    side = code.symbol_size(border=0)[0]
    assert image.size == (side + 8, side + 8)
    light = [image.getpixel((x, y)) for x in range(image.size[0]) for y in range(4)]
    assert min(light) == 255, "the top 4 rows must be light"
    assert image.getpixel((4, 4)) == 0, "the finder pattern starts right after the quiet zone"


def test_svg_is_an_svg_with_a_text_alternative():
    svg = qr.render(URL, "svg").decode()
    assert svg.startswith("<svg")
    assert f"<title>{URL.replace('&', '&amp;')}</title>" in svg


def test_write_picks_the_format_from_the_extension(tmp_path):
    assert qr.write(URL, tmp_path / "label.PNG") == "png"
    assert (tmp_path / "label.PNG").read_bytes().startswith(b"\x89PNG")
    assert qr.write(URL, tmp_path / "label.svg") == "svg"
    with pytest.raises(InputError) as info:
        qr.write(URL, tmp_path / "label.jpg")
    assert info.value.details["file"].endswith("label.jpg")


def test_overlong_data_is_an_input_error():
    with pytest.raises(InputError):
        qr.qr_code("https://x.example/" + "a" * 5000)
