"""Every URL of the site, for every role, against one table (issue 5, item 7).

The table is `permission_table.py` beside this file. The walk collects every named URL pattern
of our apps from the resolver; a pattern missing from the table fails the test, so a new URL
must be added there with who may see it. URLs with arguments get real objects (an offer, an
event, a consent, …) built for each role, so a 200 means the page really showed them. A
property test then throws random ids, slugs and tokens at the same URLs: never a 500.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veivalg.accounts.models import Basis, DataRequest, Purpose
from veivalg.accounts.own_data import make_data_request
from veivalg.accounts.services import add_relationship, give_consent, make_editor
from veivalg.accounts.tests.factories import PersonFactory
from veivalg.core.models import MailStatus, OutgoingMail
from veivalg.directory.hsds import serializers as hsds
from veivalg.directory.models import OfferLocation
from veivalg.directory.tests.factories import LocationFactory, OfferFactory, municipality
from veivalg.events.tests.factories import EventFactory, RegistrationFactory
from veivalg.reminders.tests.factories import subscription

from .permission_table import ARGUMENTS, EXCLUDED, ROLES, TABLE, expected_status

pytestmark = pytest.mark.django_db


def named_patterns(patterns=None, namespace: tuple[str, ...] = (), prefix: str = "") -> dict[str, str]:
    """Every named pattern as {"namespace:name": "route"}, Wagtail's admin and Django's own left out."""
    found: dict[str, str] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("redaktor/", "static/", "media/")):
                continue
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            found.update(named_patterns(pattern.url_patterns, inner, route))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = ":".join(namespace + (pattern.name,))
            if name not in EXCLUDED:
                found[name] = route
    return found


def build_cast() -> dict:
    """Real objects for the URLs with arguments: Bærum's offer, event, a citizen's consent, …"""
    baerum = municipality("3201")
    location = LocationFactory()
    # Bærum's offer also takes residents of Asker, Bærum's neighbour (caseworker_neighbour).
    offer = OfferFactory(
        organization=location.organization,
        locations=[location],
        owner_municipality=baerum,
        served=[(baerum, None), (municipality("3203"), None)],
    )
    event = EventFactory(municipality=baerum)
    registration = RegistrationFactory(event=event)
    pending = subscription(confirmed=False, email="ny@eksempel.no")
    participant = PersonFactory(display_name="Ola Deltaker")
    relative = PersonFactory(display_name="Vera Verge")
    add_relationship(relative=relative, participant=participant, basis=Basis.GUARDIAN, mandate="Alt")
    on_consent = PersonFactory(display_name="Sam Samtykke")
    add_relationship(relative=on_consent, participant=participant, basis=Basis.CONSENT, scope="Søknader")
    consent = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN)
    data_request = make_data_request(
        person=participant, made_by=participant, kind=DataRequest.Kind.CORRECTION, text="Feil adresse."
    )
    mail = OutgoingMail.objects.create(
        purpose="intake.receipt",
        dedupe_key="permission-table",
        from_email="ikke-svar@veivalg.example",
        recipient="soker@eksempel.no",
        subject="Vi har fått søknaden din",
        body="…",
        status=MailStatus.FAILED,
        attempts=5,
    )
    intake = build_intake_cast(participant)
    placements = build_placements_cast(participant, intake)
    return {
        "municipality": {"slug": baerum.slug},
        "offer": {"slug": offer.slug},
        "organization": {"slug": offer.organization.slug},
        "event": {"slug": event.slug},
        "registration": {"token": registration.cancel_token},
        "event_registration_confirm": {"token": registration.confirm_token},
        "confirm": {"token": pending.confirm_token},
        "unsubscribe": {"token": pending.unsubscribe_token},
        "guide_step": {"number": 1},
        "consent": {"consent_id": consent.pk},
        "data_request": {"request_id": data_request.pk},
        "person": {"person_id": participant.pk},
        "outgoing_mail": {"mail_id": mail.pk},
        "hsds_offer": {"id": str(offer.pk)},
        "hsds_organization": {"id": str(offer.organization.pk)},
        "hsds_offer_location": {"id": str(OfferLocation.objects.get(offer=offer).pk)},
        "hsds_taxonomy": {"id": hsds.taxonomies()[0]["id"]},
        "hsds_term": {"id": hsds.all_terms()[0].id},
        "page_path": ("",),
        **intake["arguments"],
        **placements,
        "_people": {"citizen": participant, "relative": relative, "relative_consent": on_consent},
        "_staff": intake["staff"],
    }


def build_intake_cast(participant) -> dict:
    """The citizen's draft and submitted case (a vedtak part in Bærum and a NAV part), staff in
    each intake role, a clarification at the provider and a decision with its letter."""
    import datetime

    from veivalg.accounts.models import Organisation, OrganisationKind, StaffRoleKind
    from veivalg.intake import services as intake_services
    from veivalg.intake.states import PartStatus
    from veivalg.intake.tests import apply_factories
    from veivalg.intake.tests import factories as f

    offices = f.baerum_offices()
    offers = f.applicable_offers()
    provider = f.provider_office()
    school = Organisation.objects.create(name="Sandvika videregående skole", kind=OrganisationKind.SCHOOL)
    school.municipalities.add(municipality("3201"))
    administration = Organisation.objects.create(name="Bærum kommune", kind=OrganisationKind.MUNICIPALITY)
    administration.municipalities.add(municipality("3201"))
    neighbour = f.office(OrganisationKind.ALLOCATION_OFFICE, "Tildelingskontoret i Asker", "3203")
    staff = {
        "caseworker_baerum": f.caseworker(offices["allocation"]),
        "caseworker_neighbour": f.caseworker(neighbour, username="saksbehandler.asker"),
        "nav_baerum": f.nav_counsellor(offices["nav"]),
        "provider_staff": f.staff_user("tilbyder", StaffRoleKind.PROVIDER_STAFF, provider),
        "school_counsellor": f.staff_user("radgiver", StaffRoleKind.SCHOOL_COUNSELLOR, school),
        "analyst": f.staff_user("analytiker", StaffRoleKind.ANALYST, administration),
    }
    draft = f.draft(participant, offers=[offers["activity"]])
    attachment = apply_factories.attachment(draft)
    case = f.submitted_case(participant, [offers["activity"], offers["vta"]])
    vedtak = case.parts.get(route="vedtak")
    nav = case.parts.get(route="nav")
    clarification = intake_services.book_clarification(
        part=vedtak,
        kind="visit",
        provider=provider,
        starts_on=datetime.date(2027, 3, 1),
        by=staff["caseworker_baerum"],
    )
    intake_services.move_part(part=vedtak, to=PartStatus.READY, by=staff["caseworker_baerum"])
    decision = intake_services.decide(
        part=vedtak,
        outcome=PartStatus.GRANTED,
        by=staff["caseworker_baerum"],
        reasons="Behovet er dokumentert.",
        legal_basis="Helse- og omsorgstjenesteloven § 3-2",
        offer=offers["activity"],
        start_date=datetime.date(2027, 8, 16),
        days_per_week=5,
    )
    return {
        "staff": staff,
        "offices": offices,
        "provider": provider,
        "offers": offers,
        "nav_part": nav,
        "arguments": {
            "draft": {"application_id": draft.pk},
            "draft_step": {"application_id": draft.pk, "step": "kommune"},
            "draft_attachment": {"application_id": draft.pk, "attachment_id": attachment.pk},
            "application": {"application_id": case.application_id},
            "case": {"case_id": case.pk},
            "part_vedtak": {"part_id": vedtak.pk},
            "part_nav": {"part_id": nav.pk},
            "clarification": {"clarification_id": clarification.pk},
            "decision": {"decision_id": decision.pk},
        },
    }


def build_placements_cast(participant, intake: dict) -> dict:
    """The citizen placed in the provider's own offer, on NAV's waiting list, with a wish for
    change on the agenda of Bærum's flow meeting."""
    import datetime
    from decimal import Decimal

    from veivalg.directory.models import OfferKind
    from veivalg.intake import services as intake_services
    from veivalg.intake.states import PartStatus
    from veivalg.placements import services as placements
    from veivalg.placements.models import ChangeWish, WaitingListEntry

    provider = intake["provider"]
    workshop = OfferFactory(
        organization=provider.provider,
        kind=OfferKind.objects.get(code="kommunalt-tilrettelagt-arbeid"),
        title="Verkstedet hos tilbyderen",
    )
    placement = placements.place(
        person=participant,
        offer=workshop,
        municipality=municipality("3201"),
        starts_on=datetime.date(2026, 8, 17),
        ends_on=datetime.date(2027, 6, 30),
        days_per_week=Decimal(3),
    )
    from veivalg.intake.tests import factories as f

    # A second case of hers, for VTA only, decided «waiting list» (the first case's NAV part
    # stays received for the intake's rows).
    nav = f.submitted_case(participant, [intake["offers"]["vta"]]).parts.get()
    counsellor = intake["staff"]["nav_baerum"]
    intake_services.move_part(part=nav, to=PartStatus.READY, by=counsellor)
    intake_services.decide(
        part=nav,
        outcome=PartStatus.WAITING_LIST,
        by=counsellor,
        reasons="Ingen ledig plass nå.",
        legal_basis="Forskrift om arbeidsmarkedstiltak kapittel 14",
        offer=intake["offers"]["vta"],
    )
    waiting = WaitingListEntry.objects.get(person=participant)
    wish = placements.register_wish(
        person=participant,
        kind=ChangeWish.Kind.MORE,
        reason="Vil jobbe fire dager.",
        placement=placement,
        by_person=participant,
    )
    meeting = placements.plan_meeting(
        organiser=intake["offices"]["allocation"],
        municipalities=[municipality("3201")],
        held_on=datetime.date(2027, 5, 5),
        title="Flytmøte uke 18",
        invited=[intake["offices"]["nav"], provider],
    )
    placements.build_agenda(meeting)
    return {
        "placement": {"placement_id": placement.pk},
        "waiting": {"entry_id": waiting.pk},
        "wish": {"wish_id": wish.pk},
        "meeting": {"meeting_id": meeting.pk},
        "item": {"item_id": meeting.items.get(wish=wish).pk},
    }


def client_for(role: str, cast: dict) -> Client:
    client = Client()
    User = get_user_model()
    if role == "citizen":
        client.force_login(cast["_people"]["citizen"].user)
    elif role in {"relative", "relative_consent"}:
        client.force_login(cast["_people"][role].user)
        response = client.post("/min-side/handle-for/", {"person": str(cast["_people"]["citizen"].pk)})
        assert response.status_code == 302
    elif role in {"editor_baerum", "editor_bergen"}:
        number = "3201" if role == "editor_baerum" else "4601"
        user = User.objects.create_user(role, password="x" * 20)
        make_editor(user=user, office=f"Kontoret ({role})", municipalities=[municipality(number)])
        client.force_login(user)
    elif role in cast["_staff"]:
        client.force_login(cast["_staff"][role])
    elif role == "superuser":
        client.force_login(User.objects.create_superuser("sjef", password="x" * 20))
    elif role == "staff_without_code":
        # The password step only: force_login leaves the session without a verified device.
        client.force_login(User.objects.create_superuser("sjef.utenkode", password="x" * 20))
    return client


def url_for(name: str, cast: dict) -> str:
    arguments = ARGUMENTS.get(name)
    if arguments is None:
        return reverse(name)
    value = cast[arguments]
    return reverse(name, args=value) if isinstance(value, tuple) else reverse(name, kwargs=value)


def test_every_url_of_the_site_is_in_the_table():
    missing = sorted(set(named_patterns()) - set(TABLE))
    assert missing == [], f"add these URLs to veivalg/core/tests/permission_table.py: {missing}"
    stale = sorted(set(TABLE) - set(named_patterns()))
    assert stale == [], f"these URLs are gone; remove them from the table: {stale}"


SIGN_IN_STEPS = {"staff:sign_in", "staff:sign_out", "staff:verify", "staff:enrol"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(role, settings):
    settings.STAFF_2FA_REQUIRED = role == "staff_without_code"
    cast = build_cast()
    client = client_for(role, cast)
    observed = {}
    for name in sorted(set(named_patterns()) & set(TABLE)):
        response = client.get(url_for(name, cast))
        observed[name] = response.status_code
    expected = {name: expected_status(name, role) for name in observed}
    if role == "staff_without_code":
        # The back office sends them to the code page before any view looks at the request.
        for name in expected:
            if name not in SIGN_IN_STEPS and url_for(name, cast).startswith(("/ansatt/", "/redaktor/")):
                expected[name] = 302
    wrong = {
        name: f"expected {expected[name]}, got {observed[name]}"
        for name in observed
        if observed[name] != expected[name]
    }
    assert wrong == {}


# Random values for each kind of path argument: ids that exist nowhere, slugs and tokens of any shape.
RANDOM_ARGUMENT = {
    "slug": st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z"),
    "token": st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/?#%"),
        min_size=1,
        max_size=80,
    ),
    # Past every real row: the cast and the migrations make letter templates numbered from 1,
    # which a superuser may open (200), and hypothesis likes small numbers.
    "number": st.one_of(st.just(0), st.integers(min_value=10**6, max_value=10**9)),
    "step": st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z"),
    "uuid": st.uuids(),
    "id": st.one_of(st.uuids().map(str), st.text(alphabet="abcdef0123456789-xyz", min_size=1, max_size=40)),
}
UUID_ARGUMENTS = {
    "consent_id",
    "request_id",
    "person_id",
    "application_id",
    "case_id",
    "part_id",
    "clarification_id",
    "decision_id",
    "attachment_id",
    "placement_id",
    "entry_id",
    "wish_id",
    "meeting_id",
    "item_id",
    "capacity_id",
    "mail_id",
}
FUZZABLE = sorted(name for name, key in ARGUMENTS.items() if key != "page_path")


@pytest.fixture
def role_clients(db):
    cast = build_cast()
    return {role: client_for(role, cast) for role in ROLES}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_ids_slugs_and_tokens_never_break_a_page(role_clients, data):
    name = data.draw(st.sampled_from(FUZZABLE), label="url")
    role = data.draw(st.sampled_from(ROLES), label="role")
    route = named_patterns()[name]
    kwargs = {}
    for argument in [part.split(":")[-1].split(">")[0] for part in route.split("<")[1:]]:
        kind = "uuid" if argument in UUID_ARGUMENTS else argument
        kwargs[argument] = data.draw(RANDOM_ARGUMENT[kind], label=argument)
    response = role_clients[role].get(reverse(name, kwargs=kwargs))
    assert response.status_code in {200, 302, 400, 403, 404, 405, 410, 422}, (name, role, kwargs)
    assert response.status_code != 200 or name.startswith(("hsds:list", "guide:", "events:wheel"))
