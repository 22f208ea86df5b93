"""Helpers for the applying tests: tiny real files, attachments, and a draft with every step
answered."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from veivalg.intake import services
from veivalg.intake.services import applications

from . import factories as f


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode."


def upload(name: str = "attest.png", content: bytes | None = None, content_type: str = "image/png"):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type=content_type)


def attachment(application, name: str = "attest.png", content: bytes | None = None):
    return applications.add_attachment(
        application=application, upload=upload(name, content), description="Attest fra hospitering"
    )


ALL_ANSWERS = {
    **f.COMPLETE_ANSWERS,
    "skole": {"school": "Sandvika videregående skole", "adapted_education": "ja", "finished": "juni 2026"},
    "stotte": {"needs": "Hjelp til å ta bussen."},
    "kontaktpersoner": {"who": ["skole"], "person_name": "", "person_phone": ""},
    "erfaring": {
        "items": [
            {
                "kind": "jobbsmak",
                "place": "Kiwi Sandvika",
                "starts_on": "2025-03-03",
                "ends_on": "2025-03-05",
                "tasks": "Fylte varer.",
            }
        ],
        "done": True,
    },
    "uforetrygd": {"benefit": "sokt"},
    "vedlegg": {"done": True},
}


def complete_draft(applicant, offers, *, by=None):
    """A draft with every step the offers need answered, ready to submit."""
    application = f.draft(applicant, offers=offers, answers=ALL_ANSWERS, by=by)
    if len(offers) > 1:
        application = services.save_answers(
            application=application, step="prioritet", answers={"done": True}, version=application.version
        )
    return application
