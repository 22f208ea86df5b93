"""Look inside a PDF in tests: WeasyPrint packs the structure tree into compressed object streams."""

import re
import zlib


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, metadata) unpacked, to search in.

    Each stream is inflated from its start to the end of its own zlib data. Cutting it at
    «endstream» instead lost a stream whose compressed data ended in a carriage return (the
    regular expression took that byte as part of the line break), so the letter test failed
    for some letters and not others."""
    parts = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[start.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)
