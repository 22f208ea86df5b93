"""Look inside a PDF in tests: WeasyPrint packs the structure tree into compressed object streams."""

import re
import zlib


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, metadata) unpacked, to search in."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)
