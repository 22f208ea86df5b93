"""LIX for editorial content: text out of StreamFields and rich text, and the band an editor sees.

The score itself comes from `veivalg.core.readability`; this module only prepares the text.
"""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext_lazy as _

from veivalg.core.readability import EASY_READ_MAX, PLAIN_LANGUAGE_MAX, lix

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(source: str) -> str:
    """Rich text as plain text, one line per paragraph or list item (a line ends a sentence)."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", source))).strip()


def stream_text(stream) -> str:
    """The readable text of a body StreamField: paragraphs, headings, fact boxes, captions."""
    parts: list[str] = []
    for block in stream or []:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(html_to_text(value.source))
        elif block.block_type == "heading":
            parts.append(str(value))
        elif block.block_type == "fact_box":
            parts.extend([value["title"], html_to_text(value["text"].source)])
        elif block.block_type == "image" and value.get("caption"):
            parts.append(value["caption"])
    return "\n".join(p for p in parts if p)


def band(score: float) -> str:
    """The band the editor sees: lettlest (≤ 30), middels (≤ 40) or vanskelig."""
    if score <= EASY_READ_MAX:
        return str(_("lettlest"))
    if score <= PLAIN_LANGUAGE_MAX:
        return str(_("middels"))
    return str(_("vanskelig"))


__all__ = ["EASY_READ_MAX", "PLAIN_LANGUAGE_MAX", "band", "html_to_text", "lix", "stream_text"]
