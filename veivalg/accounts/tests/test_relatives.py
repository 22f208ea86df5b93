"""Who acts for me (/min-side/hvem-handler-for-meg/): the participant sees each relative, the basis
and since when, and ends access given on their own consent. Only the person themself may; a
relative (even a guardian) acting for them gets 404. And the rule behind it: a relative on
consent may see, a guardian or a parent of a minor may decide."""

import datetime

import pytest
import rules
from django.test import Client
from django.urls import reverse

from veivalg.accounts.models import Basis, DataRequest, Relationship
from veivalg.accounts.own_data import make_data_request
from veivalg.accounts.services import ACTING_FOR_SESSION_KEY, add_relationship

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGE = "/min-side/hvem-handler-for-meg/"
END = "/min-side/hvem-handler-for-meg/avslutt/"


def act_for(client, relative, participant):
    client.force_login(relative.user)
    assert client.post("/min-side/handle-for/", {"person": str(participant.pk)}).status_code == 302


def link_of(relative, participant) -> Relationship:
    return Relationship.objects.get(relative=relative, participant=participant)


def test_participant_sees_who_acts_for_them_on_what_basis_and_since_when(
    client, participant, guardian, consent_relative
):
    client.force_login(participant.user)
    assert f'href="{PAGE}"' in client.get("/min-side/").content.decode()
    page = client.get(PAGE).content.decode()
    assert "Vera Verge" in page and "Verge" in page and "statsforvalteren" in page
    assert "Sara Samtykke" in page and "Samtykke fra deg" in page
    assert link_of(guardian, participant).created_at.strftime("%Y") in page
    # Only the consent can be ended here: one «Avslutt tilgangen», for Sara.
    assert page.count("Avslutt tilgangen") == 1
    assert f"?tilgang={link_of(consent_relative, participant).pk}" in page
    assert f"?tilgang={link_of(guardian, participant).pk}" not in page


def test_participant_ends_consent_relatives_access_and_it_stops_at_once(
    client, participant, consent_relative
):
    """Sara is acting for Ola in her own browser when Ola ends her access in his."""
    request = make_data_request(
        person=participant, made_by=participant, kind=DataRequest.Kind.CORRECTION, text="Feil adresse."
    )
    olas_request_page = reverse("accounts:request_received", kwargs={"request_id": request.pk})
    sara = Client()
    act_for(sara, consent_relative, participant)
    assert sara.get(olas_request_page).status_code == 200

    client.force_login(participant.user)
    link = link_of(consent_relative, participant)
    confirm = client.get(f"{END}?tilgang={link.pk}").content.decode()
    assert "Vil du avslutte tilgangen til Sara Samtykke?" in confirm
    response = client.post(END, {"tilgang": str(link.pk)}, follow=True)
    assert "Sara Samtykke kan ikke lenger se eller gjøre noe for deg" in response.content.decode()

    link.refresh_from_db()
    assert link.withdrawn_at is not None and link.withdrawn_by == participant
    assert sara.get(olas_request_page).status_code == 404
    assert ACTING_FOR_SESSION_KEY not in sara.session
    assert "Du handler på vegne av" not in sara.get("/min-side/").content.decode()
    assert sara.post("/min-side/handle-for/", {"person": str(participant.pk)}).status_code == 404
    page = client.get(PAGE).content.decode()
    assert "Hadde tilgang før" in page and "du avsluttet tilgangen" in page


def test_guardianship_and_parenthood_cannot_be_ended_here(client, participant, guardian, parent, child):
    client.force_login(participant.user)
    link = link_of(guardian, participant)
    assert client.get(f"{END}?tilgang={link.pk}").status_code == 404
    assert client.post(END, {"tilgang": str(link.pk)}).status_code == 404
    link.refresh_from_db()
    assert link.withdrawn_at is None

    client.force_login(child.user)
    link = link_of(parent, child)
    assert "til du fyller 18 år" in client.get(PAGE).content.decode()
    assert client.post(END, {"tilgang": str(link.pk)}).status_code == 404
    link.refresh_from_db()
    assert link.withdrawn_at is None


def test_a_relative_cannot_end_anyones_access(client, participant, guardian, consent_relative):
    """Acting for Ola, neither the guardian nor the relative on consent reaches the page; signed
    in as themselves, Ola's relationships are not theirs to end."""
    consent_link = link_of(consent_relative, participant)
    for relative in (guardian, consent_relative):
        act_for(client, relative, participant)
        assert client.get(PAGE).status_code == 404
        assert client.get(f"{END}?tilgang={consent_link.pk}").status_code == 404
        assert client.post(END, {"tilgang": str(consent_link.pk)}).status_code == 404
        client.post("/min-side/handle-for/meg-selv/")
        assert client.post(END, {"tilgang": str(consent_link.pk)}).status_code == 404
    consent_link.refresh_from_db()
    assert consent_link.withdrawn_at is None


def test_someone_elses_or_a_malformed_id_answers_404(client, participant, outsider):
    theirs = PersonFactory()
    add_relationship(relative=theirs, participant=outsider, basis=Basis.CONSENT, scope="Alt")
    client.force_login(participant.user)
    assert client.post(END, {"tilgang": str(link_of(theirs, outsider).pk)}).status_code == 404
    assert client.post(END, {"tilgang": "ikke-en-id"}).status_code == 404
    assert client.post(END, {}).status_code == 404
    assert client.get(END).status_code == 302
    assert link_of(theirs, outsider).withdrawn_at is None


def test_consent_relative_may_see_but_not_decide(participant, consent_relative, guardian):
    for rule in ("accounts.view_person", "audit.view_access_log"):
        assert rules.test_rule(rule, consent_relative.user, participant)
    for rule in ("accounts.decide_for_person", "accounts.manage_consents", "accounts.request_data_change"):
        assert not rules.test_rule(rule, consent_relative.user, participant)
        assert rules.test_rule(rule, guardian.user, participant)
        assert rules.test_rule(rule, participant.user, participant)


def test_parent_decides_for_a_minor_and_has_no_access_to_an_adult_child(client, parent, child):
    assert rules.test_rule("accounts.decide_for_person", parent.user, child)
    adult = PersonFactory(display_name="Voksen Sønn", birth_date=datetime.date(2000, 1, 1))
    add_relationship(relative=parent, participant=adult, basis=Basis.PARENT)
    assert not rules.test_rule("accounts.view_person", parent.user, adult)
    assert not rules.test_rule("accounts.decide_for_person", parent.user, adult)
    client.force_login(parent.user)
    assert client.post("/min-side/handle-for/", {"person": str(adult.pk)}).status_code == 404


def test_a_guardian_who_also_has_the_participants_consent_may_decide(participant):
    """Two bases at once: the guardianship decides, whichever was registered first."""
    helper = PersonFactory(display_name="Gunn Begge")
    add_relationship(relative=helper, participant=participant, basis=Basis.CONSENT, scope="Søknader")
    add_relationship(relative=helper, participant=participant, basis=Basis.GUARDIAN, mandate="Alt")
    assert rules.test_rule("accounts.decide_for_person", helper.user, participant)


def test_consent_relative_is_told_why_they_cannot_withdraw_or_ask_for_changes(
    client, participant, consent_relative
):
    act_for(client, consent_relative, participant)
    for path in ("/min-side/samtykker/", "/min-side/mine-data/"):
        page = client.get(path).content.decode()
        assert "Du kan se dette, men ikke bestemme" in page, path
    assert "Be om at noe blir rettet" not in client.get("/min-side/mine-data/").content.decode()
    assert client.post("/min-side/mine-data/retting/", {"text": "Feil navn."}).status_code == 404
    assert not DataRequest.objects.filter(person=participant).exists()
