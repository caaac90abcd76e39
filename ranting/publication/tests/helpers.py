"""Reading the publication's own output back: table cells of a page, text of a PDF."""

from __future__ import annotations

import base64
import re
import zlib

OCTAL = re.compile(rb"\\([0-7]{1,3})")


def row_html(html: str, code: str) -> str:
    """The <tr> of region `code` in the publication table."""
    match = re.search(
        rf'<tr class="[^"]*" data-code="{re.escape(code)}">(.*?)</tr>', html, re.DOTALL
    )
    assert match, f"no table row for {code}"
    return match.group(1)


def cell_text(html: str, code: str, indicator: str) -> str:
    """The text of one indicator cell of region `code`, tags removed, spaces collapsed."""
    match = re.search(
        rf'<td class="num" data-indicator="{indicator}">(.*?)</td>',
        row_html(html, code),
        re.DOTALL,
    )
    assert match, f"no {indicator} cell for {code}"
    text = re.sub(r"<[^>]+>", " ", match.group(1)).replace("&nbsp;", " ")
    return " ".join(text.split())


def pdf_streams(body: bytes) -> list[bytes]:
    """Every stream of a PDF, decoded (reportlab writes ASCII85 over Flate)."""
    out = []
    for match in re.finditer(rb"(?<!end)stream\r?\n", body):
        head = body[body.rfind(b"<<", 0, match.start()) : match.start()]
        data = body[match.end() : body.index(b"endstream", match.end())].strip()
        if b"/ASCII85Decode" in head:
            data = base64.a85decode(data, adobe=True)
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        out.append(data)
    return out


def _unescape(raw: bytes) -> str:
    raw = OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), raw)
    raw = raw.replace(rb"\(", b"(").replace(rb"\)", b")").replace(rb"\\", b"\\")
    return raw.decode("cp1252")


def pdf_strings(body: bytes) -> list[str]:
    """The text strings drawn in the PDF's pages (the operands of Tj), in drawing order."""
    strings = []
    for stream in pdf_streams(body):
        for match in re.finditer(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", stream, re.DOTALL):
            strings.append(_unescape(match.group(1)))
    return strings
