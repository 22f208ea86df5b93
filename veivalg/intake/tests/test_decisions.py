"""The caseworker makes a vedtak (or NAV a tilsagn) on a case part, and sees the letter."""

import datetime

import pytest
from django.urls import reverse

from veivalg.audit.models import AccessLogEntry
from veivalg.intake import services
from veivalg.intake.models import Decision
from veivalg.intake.states import PartStatus

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 8, 16)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Letters go to a private storage of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def vedtak_part(case, caseworker):
    part = case.parts.get(route="vedtak")
    return services.move_part(part=part, to=PartStatus.READY, by=caseworker)


@pytest.fixture
def nav_part(case, nav_counsellor):
    part = case.parts.get(route="nav")
    return services.move_part(part=part, to=PartStatus.READY, by=nav_counsellor)


def decide_url(part) -> str:
    return reverse("intake:decide", kwargs={"part_id": part.pk})


def granted_form(part, chosen, **changes) -> dict:
    return {
        "outcome": "granted",
        "offer": str(chosen.pk),
        "start_date": START.isoformat(),
        "days_per_week": "4",
        "reasons": "Du trenger et dagtilbud, og det er ledig plass.",
        "legal_basis": "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6",
        "language": "nb",
        "version": str(part.version),
        **changes,
    }


@pytest.fixture
def decided(client, caseworker, vedtak_part, offers, django_capture_on_commit_callbacks):
    """The vedtak part granted through the form, with its letter made by the (immediate) worker."""
    client.force_login(caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(vedtak_part), granted_form(vedtak_part, offers["activity"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Decision.objects.get(part=vedtak_part)


def test_caseworker_grants_a_place_and_the_letter_is_made(decided, client, offers):
    assert decided.outcome == PartStatus.GRANTED
    assert decided.offer == offers["activity"] and decided.start_date == START and decided.days_per_week == 4
    assert decided.part.status == PartStatus.GRANTED
    assert decided.letter and decided.letter_made_at is not None
    assert decided.letter.read(4) == b"%PDF"
    page = client.get(reverse("intake:decision", kwargs={"decision_id": decided.pk}))
    assert "Åpne brevet" in page.content.decode()


def test_the_form_suggests_the_legal_basis_of_the_route(
    client, caseworker, nav_counsellor, vedtak_part, nav_part
):
    client.force_login(caseworker)
    page = client.get(decide_url(vedtak_part)).content.decode()
    assert "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6" in page
    client.force_login(nav_counsellor)
    page = client.get(decide_url(nav_part)).content.decode()
    assert "kapittel 14" in page and "tiltaksforskriften" in page


def test_nynorsk_letter_gets_the_nynorsk_legal_basis(client, caseworker, vedtak_part, offers):
    client.force_login(caseworker)
    client.post(decide_url(vedtak_part), granted_form(vedtak_part, offers["activity"], language="nn"))
    assert Decision.objects.get().legal_basis == "helse- og omsorgstenestelova § 3-2 første ledd nr. 6"


def test_granting_without_offer_start_or_days_says_what_is_missing_and_keeps_the_text(
    client, caseworker, vedtak_part, offers
):
    client.force_login(caseworker)
    form = granted_form(vedtak_part, offers["activity"], offer="", start_date="", days_per_week="")
    page = client.post(decide_url(vedtak_part), form).content.decode()
    assert "Velg hvilket tilbud søkeren får." in page
    assert "Skriv når søkeren begynner." in page
    assert "Velg hvor mange dager i uka" in page
    assert "Du trenger et dagtilbud, og det er ledig plass." in page
    assert not Decision.objects.exists()


def test_days_per_week_must_be_one_to_five(client, caseworker, vedtak_part, offers):
    client.force_login(caseworker)
    page = client.post(
        decide_url(vedtak_part), granted_form(vedtak_part, offers["activity"], days_per_week="6")
    )
    assert "Velg mellom 1 og 5 dager." in page.content.decode()
    assert not Decision.objects.exists()


def test_an_offer_of_the_other_route_cannot_be_granted(client, caseworker, vedtak_part, offers):
    client.force_login(caseworker)
    page = client.post(decide_url(vedtak_part), granted_form(vedtak_part, offers["vta"]))
    assert "Velg et av tilbudene i listen." in page.content.decode()
    assert not Decision.objects.exists()


def test_refusal_needs_no_offer(client, caseworker, vedtak_part):
    client.force_login(caseworker)
    form = {
        "outcome": "refused",
        "reasons": "Du har ikke behov for dette tilbudet nå.",
        "legal_basis": "helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6",
        "language": "nb",
        "version": str(vedtak_part.version),
    }
    assert client.post(decide_url(vedtak_part), form).status_code == 302
    vedtak_part.refresh_from_db()
    assert vedtak_part.status == PartStatus.REFUSED


def test_a_second_tab_with_an_old_version_is_refused_and_nothing_typed_is_lost(
    client, caseworker, vedtak_part, offers
):
    client.force_login(caseworker)
    old = granted_form(vedtak_part, offers["activity"], reasons="Min egen begrunnelse.")
    services.move_part(part=vedtak_part, to=PartStatus.CLARIFICATION, by=caseworker)
    services.move_part(part=vedtak_part, to=PartStatus.READY, by=caseworker)
    page = client.post(decide_url(vedtak_part), old).content.decode()
    assert "Noen andre har endret saken mens du skrev" in page
    assert "Min egen begrunnelse." in page
    assert not Decision.objects.exists()
    vedtak_part.refresh_from_db()
    assert f'value="{vedtak_part.version}"' in page  # sending again now works


def test_a_part_not_ready_cannot_be_decided(client, caseworker, case, offers):
    part = case.parts.get(route="vedtak")  # still "mottatt"
    client.force_login(caseworker)
    page = client.get(decide_url(part)).content.decode()
    assert "kan ikke avgjøres nå" in page
    response = client.post(decide_url(part), granted_form(part, offers["activity"]))
    assert "Saken kan ikke avgjøres nå" in response.content.decode()
    assert not Decision.objects.exists()


def test_nav_cannot_decide_the_municipal_part_nor_bergen_nor_outsiders(
    client, nav_counsellor, other_caseworker, outsider, vedtak_part
):
    for user in (nav_counsellor, other_caseworker, outsider.user):
        client.force_login(user)
        assert client.get(decide_url(vedtak_part)).status_code == 404


def test_staff_letter_is_for_offices_on_the_case_only_and_the_read_is_logged(
    decided, client, nav_counsellor, other_caseworker
):
    url = reverse("intake:staff_letter", kwargs={"decision_id": decided.pk})
    client.force_login(nav_counsellor)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(
        person=decided.part.case.applicant, what__startswith="vedtaksbrev"
    ).exists()
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    assert client.get(reverse("intake:decision", kwargs={"decision_id": decided.pk})).status_code == 404


# --- every page that shows the applicant is in their access log ---------------------------------


def test_caseworker_opening_the_decision_form_is_logged_for_the_applicant(client, caseworker, vedtak_part):
    client.force_login(caseworker)
    assert client.get(decide_url(vedtak_part)).status_code == 200
    entry = AccessLogEntry.objects.get(
        person=vedtak_part.case.applicant, actor_user=caseworker, action=AccessLogEntry.Action.READ
    )
    assert entry.what == f"vedtaksskjema i sak {vedtak_part.case.reference}"


def test_caseworker_opening_a_decision_is_logged_for_the_applicant(client, caseworker, decided):
    what = f"vedtak i sak {decided.part.case.reference}"
    assert not AccessLogEntry.objects.filter(what=what).exists()
    response = client.get(reverse("intake:decision", kwargs={"decision_id": decided.pk}))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(what=what)
    assert (entry.person, entry.actor_user, entry.action) == (
        decided.part.case.applicant,
        caseworker,
        AccessLogEntry.Action.READ,
    )


def test_a_refused_decision_page_writes_nothing(client, other_caseworker, decided):
    client.force_login(other_caseworker)
    assert client.get(reverse("intake:decision", kwargs={"decision_id": decided.pk})).status_code == 404
    assert client.get(decide_url(decided.part)).status_code == 404
    assert not AccessLogEntry.objects.filter(actor_user=other_caseworker).exists()
