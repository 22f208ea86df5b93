"""Decision letters: default wording in plain bokmål and nynorsk, a tagged PDF with the right to
complain, and a notice e-mail with no personal data. Editing the templates: test_letter_templates."""

import pytest
from django.urls import reverse

from veivalg.core.readability import PLAIN_LANGUAGE_MAX, lix
from veivalg.events.tests.conftest import smtp_server  # noqa: F401 (a real SMTP server)
from veivalg.intake import letters
from veivalg.intake.models import LetterTemplate, Route
from veivalg.intake.states import DECISION_OUTCOMES
from veivalg.intake.tasks import send_case_notice

from . import test_decisions

# The decided case and the private storage, shared with test_decisions.
decided = test_decisions.decided
private_files = test_decisions.private_files
vedtak_part = test_decisions.vedtak_part

pytestmark = pytest.mark.django_db


def test_every_route_outcome_and_language_has_a_plain_template():
    for route in Route.values:
        for outcome in DECISION_OUTCOMES:
            for language in ("nb", "nn"):
                template = LetterTemplate.objects.national().get(
                    route=route, outcome=outcome, language=language
                )
                assert lix(template.title + "\n" + template.body) <= PLAIN_LANGUAGE_MAX
                assert letters.unknown_placeholders(template.body) == []


def test_the_fixed_words_of_a_letter_are_plain_in_both_standards():
    for words in letters.FRAME.values():
        assert lix("\n".join(words.values())) <= PLAIN_LANGUAGE_MAX


def test_nynorsk_templates_are_nynorsk():
    body = " ".join(LetterTemplate.objects.filter(language="nn").values_list("body", flat=True))
    for bokmal in (" ikke ", " hva ", " hvorfor ", " nå.", " fra "):
        assert bokmal not in body


def letter_text(decision) -> str:
    html = letters.letter_context(decision)
    from django.template.loader import render_to_string

    return render_to_string("intake/pdf/letter.html", html)


def test_letter_says_the_decision_how_to_answer_and_how_to_complain(decided):
    text = letter_text(decided)
    assert '<html lang="nb">' in text
    assert "<title>Du får plass: Dagtilbud på Gården</title>" in text
    assert "Du får plass." in text
    assert "Trykk på «Ja takk»" in text
    assert "Fristen er 3 uker" in text and "forvaltningsloven § 28" in text
    assert decided.part.office.name in text and decided.part.case.reference in text


def test_letter_pdf_is_tagged(decided):
    from veivalg.core.tests.pdf import inflated

    data = decided.letter.read()
    assert data.startswith(b"%PDF")
    objects = inflated(data)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert b"/Lang" in objects and b"pdfuaid:part" in objects


def test_templates_are_refused_to_citizens_and_editors(client, participant, outsider):
    client.force_login(participant.user)
    assert client.get(reverse("intake:letter_templates")).status_code == 404


def test_notice_email_says_only_that_there_is_a_new_letter(case, participant, smtp_server):  # noqa: F811
    send_case_notice.enqueue(str(case.pk))
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "soker@eksempel.no"
    assert "nytt brev" in message["Subject"]
    for personal in (participant.name, "Ola", case.reference, "Dagtilbud", "Tildelingskontoret", "NAV Bærum"):
        assert personal not in body and personal not in message["Subject"]
    assert f"/min-side/saker/{case.pk}/" in body
