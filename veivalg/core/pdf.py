"""PDF documents (letters, copies, minutes, «mine data») from HTML templates, as tagged PDF/UA-1.

Every document template extends `core/pdf/base.html` (A4, page numbers, the fonts and the
document's title, author and description that screen readers and archives read).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict, *, language: str | None = None, request=None) -> bytes:
    """The template rendered in `language` (the reader's, or the site's default) as PDF/UA-1."""
    from weasyprint import HTML  # heavy; only the processes that make PDFs load it

    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(template, context, request=request)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
