"""Editors get one e-mail a day listing what in their municipalities is past its review-by date."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from veivalg.content.tests.factories import article
from veivalg.core.models import MailStatus, OutgoingMail
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory
from veivalg.reminders.models import ReviewReminder
from veivalg.reminders.services import send_review_reminders

from .conftest import body_of
from .factories import editor, municipality, superuser

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
LAST_MONTH = TODAY - datetime.timedelta(days=30)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


def offer_in(number: str, title: str, **fields):
    organization = OrganizationFactory(municipality=municipality(number))
    return OfferFactory(organization=organization, title=title, **fields)


def page_in(number: str | None, title: str, slug: str, review_by=LAST_MONTH):
    owner = municipality(number) if number else None
    return article(title=title, slug=slug, owner_municipality=owner, review_by=review_by)


def offer_edit_url(offer) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailsnippets_directory_offer:edit", args=[offer.pk])


def page_edit_url(page) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_editor_gets_one_digest_of_overdue_offers_and_pages_with_edit_links(smtp_server):
    editor("baerum", "3201")
    workshop = offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)
    cafe = offer_in("3201", "Kafé Sandvika", review_by=TODAY - datetime.timedelta(days=1))
    page = page_in("3201", "Støttekontakt i Bærum", "stottekontakt-baerum")
    offer_in("3201", "Fersk kontroll", review_by=NEXT_MONTH)
    offer_in("3201", "Nedlagt verksted", review_by=LAST_MONTH, status="defunct")
    offer_in("3201", "Bare et utkast", review_by=LAST_MONTH, live=False)
    page_in("3201", "Nylig kontrollert side", "nylig", review_by=NEXT_MONTH)

    assert send_review_reminders(today=TODAY) == 1

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "baerum@kommune.example"
    assert message["Subject"].strip() == "Til kontroll i Veivalg: 3 tilbud og sider"
    body = body_of(message)
    assert "Bærum (3201)" in body
    for item, url in [
        (workshop, offer_edit_url(workshop)),
        (cafe, offer_edit_url(cafe)),
        (page, page_edit_url(page)),
    ]:
        assert item.title in body and url in body
    for title in ("Fersk kontroll", "Nedlagt verksted", "Bare et utkast", "Nylig kontrollert side"):
        assert title not in body
    assert "Kontrolleres innen" in body  # says what to do


def test_editor_of_two_municipalities_gets_one_digest_grouped_by_municipality(smtp_server):
    editor("vest", "4601", "4627")
    offer_in("4601", "Kaffibaren", review_by=LAST_MONTH)
    offer_in("4627", "Askøy aktivitetssenter", review_by=LAST_MONTH)

    send_review_reminders(today=TODAY)

    assert len(smtp_server.messages) == 1
    body = body_of(smtp_server.messages[0])
    assert body.index("Askøy (4627)") < body.index("Askøy aktivitetssenter") < body.index("Bergen (4601)")
    assert body.index("Bergen (4601)") < body.index("Kaffibaren")


def test_each_editor_of_a_municipality_gets_their_own_digest(inbox):
    editor("kari", "3201")
    editor("ola", "3201")
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)

    assert send_review_reminders(today=TODAY) == 2

    assert sorted(inbox()) == ["kari@kommune.example", "ola@kommune.example"]


def test_editor_of_another_municipality_gets_nothing(inbox):
    editor("baerum", "3201")
    editor("bergen", "4601")
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)
    page_in("3201", "Støttekontakt i Bærum", "stottekontakt-baerum")

    send_review_reminders(today=TODAY)

    assert list(inbox()) == ["baerum@kommune.example"]


def test_editor_without_an_email_address_is_skipped(smtp_server):
    editor("utenpost", "3201", email="")
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)

    assert send_review_reminders(today=TODAY) == 0
    assert smtp_server.messages == []


def test_the_same_item_is_not_sent_again_within_seven_days(smtp_server):
    editor("baerum", "3201")
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)
    send_review_reminders(today=TODAY)

    assert send_review_reminders(today=TODAY) == 0
    assert send_review_reminders(today=TODAY + datetime.timedelta(days=6)) == 0
    assert len(smtp_server.messages) == 1

    offer_in("3201", "Kafé Sandvika", review_by=TODAY + datetime.timedelta(days=2))
    assert send_review_reminders(today=TODAY + datetime.timedelta(days=6)) == 1
    body = body_of(smtp_server.messages[1])
    assert "Kafé Sandvika" in body and "Snekkerverksted" not in body  # only the new one

    assert send_review_reminders(today=TODAY + datetime.timedelta(days=7)) == 1
    assert "Snekkerverksted" in body_of(smtp_server.messages[2])
    assert ReviewReminder.objects.count() == 3


def test_an_item_checked_since_is_not_sent(smtp_server):
    editor("baerum", "3201")
    offer = offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)
    send_review_reminders(today=TODAY)
    offer.review_by = NEXT_MONTH
    offer.save()

    assert send_review_reminders(today=TODAY + datetime.timedelta(days=8)) == 0
    assert len(smtp_server.messages) == 1


def test_national_pages_go_to_superusers_with_an_email_address(inbox):
    superuser("admin", "admin@veivalg.example")
    superuser("utenpost", "")
    editor("baerum", "3201")
    national = page_in(None, "Individuell plan", "individuell-plan")

    send_review_reminders(today=TODAY)

    received = inbox()
    assert list(received) == ["admin@veivalg.example"]
    body = body_of(received["admin@veivalg.example"][0])
    assert "Nasjonale sider" in body and "Individuell plan" in body and page_edit_url(national) in body


def test_superuser_gets_national_pages_but_not_municipal_ones(inbox):
    superuser()
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)
    page_in(None, "Individuell plan", "individuell-plan")

    send_review_reminders(today=TODAY)

    body = body_of(inbox()["admin@veivalg.example"][0])
    assert "Individuell plan" in body and "Snekkerverksted" not in body


def test_command_sends_the_digests_for_today(smtp_server):
    editor("baerum", "3201")
    offer_in("3201", "Snekkerverksted", review_by=timezone.localdate() - datetime.timedelta(days=3))

    call_command("send_review_reminders")

    assert len(smtp_server.messages) == 1


def test_digest_is_retried_when_the_mail_server_is_down(smtp_down, deferred_tasks, commit):
    editor("baerum", "3201")
    offer_in("3201", "Snekkerverksted", review_by=LAST_MONTH)

    with commit():
        assert send_review_reminders(today=TODAY) == 1

    assert len(deferred_tasks) == 1
    retry = deferred_tasks[0]
    mail = OutgoingMail.objects.get()
    assert (mail.purpose, mail.status, mail.attempts) == ("reminders.review_digest", MailStatus.QUEUED, 1)
    assert retry.task.name == "deliver_mail" and list(retry.args) == [str(mail.pk), mail.retry_token]
    assert retry.task.run_after > timezone.now()
