"""The step registry, the help texts' readability, and the attachment checks by content."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from veivalg.core.readability import EASY_READ_MAX, PLAIN_LANGUAGE_MAX, lix
from veivalg.intake import steps
from veivalg.intake.services import applications
from veivalg.intake.services.errors import AttachmentRejected

from . import apply_factories as af
from . import factories as f


def _help_texts(easy_read: bool) -> list[str]:
    texts = []
    for step in steps.STEPS:
        form_class = step.form_class
        for name, field in form_class.base_fields.items():
            text = form_class.easy_help.get(name) if easy_read else field.help_text
            if text:
                texts.append(str(text))
    return texts


@pytest.mark.parametrize(("easy_read", "limit"), [(True, EASY_READ_MAX), (False, PLAIN_LANGUAGE_MAX)])
def test_help_texts_are_plain_and_easy_read_ones_easier(easy_read, limit):
    with translation.override("nb"):
        too_hard = {text: round(lix(text)) for text in _help_texts(easy_read) if lix(text) > limit}
    assert too_hard == {}


def test_every_step_form_has_an_easy_read_help_text_for_each_helped_field():
    for step in steps.STEPS:
        helped = {name for name, field in step.form_class.base_fields.items() if field.help_text}
        assert helped <= set(step.form_class.easy_help), step.key


@pytest.mark.django_db
def test_missing_steps_follow_the_kinds_chosen(participant, offers, offices):
    vta = af.complete_draft(participant, [offers["vta"]])
    assert steps.missing_steps(vta) == []
    bare = f.draft(participant, offers=[offers["activity"], offers["vta"]])
    assert steps.missing_steps(bare) == [
        "prioritet",
        "skole",
        "erfaring",
        "uforetrygd",
        "stotte",
        "kontaktpersoner",
        "vedlegg",
    ]


@pytest.mark.django_db
def test_summary_rows_name_their_step(participant, offers, offices):
    application = af.complete_draft(participant, [offers["vta"]])
    rows = steps.summary(application)
    assert {row["step"] for row in rows} >= {"kommune", "tilbud", "erfaring", "uforetrygd", "kontakt"}
    assert {
        "label": "E-post",
        "value": "soker@eksempel.no",
        "step": "kontakt",
        "section": "Hvordan kan vi nå deg?",
    } in rows
    assert any("Kiwi Sandvika, 03.03.2025 – 05.03.2025" in row["value"] for row in rows)


@given(st.binary(max_size=64))
def test_only_pdf_jpeg_and_png_by_their_first_bytes(head):
    kind = applications.sniff(head)
    expected = (
        "application/pdf"
        if head.startswith(b"%PDF-")
        else "image/jpeg"
        if head.startswith(b"\xff\xd8\xff")
        else "image/png"
        if head.startswith(b"\x89PNG\r\n\x1a\n")
        else None
    )
    assert kind == expected


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", af.exe_bytes(), "wrong_type"),
        ("bilde.png", b"<html><script>alert(1)</script>", "wrong_type"),
        ("tom.pdf", b"", "empty"),
    ],
)
def test_uploads_are_judged_by_content_not_name(name, content, code):
    with pytest.raises(AttachmentRejected) as refused:
        applications.check_upload(af.upload(name, content))
    assert refused.value.code == code


def test_a_real_pdf_named_as_an_image_is_a_pdf():
    assert applications.check_upload(af.upload("bilde.jpg", af.pdf_bytes())) == "application/pdf"
