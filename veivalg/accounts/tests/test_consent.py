"""The participant sees and withdraws consents; features ask `has_consent` and get the truth."""

import datetime

import pytest

from veivalg.accounts.models import Consent, Purpose
from veivalg.accounts.services import give_consent, has_consent, withdraw_consent

pytestmark = pytest.mark.django_db


def test_participant_withdraws_a_consent_and_it_stops_at_once(client, participant):
    consent = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN, scope="Til Arba AS")
    assert has_consent(participant, Purpose.SHARE_CAREER_PLAN)
    client.force_login(participant.user)
    page = client.get("/min-side/samtykker/").content.decode()
    assert "Karriereplanen kan deles med tilbydere" in page and "Trekk tilbake" in page

    response = client.post(f"/min-side/samtykker/{consent.pk}/trekk-tilbake/")
    assert response.status_code == 302
    assert not has_consent(participant, Purpose.SHARE_CAREER_PLAN)
    page = client.get(response["Location"]).content.decode()
    assert "Samtykket er trukket tilbake" in page
    assert "Ingen samtykker gjelder nå" in page


def test_withdrawn_consent_used_again_is_false(participant):
    consent = give_consent(person=participant, purpose=Purpose.COUNSELLOR_CONTACT)
    withdraw_consent(consent=consent, by=participant)
    assert has_consent(participant, Purpose.COUNSELLOR_CONTACT) is False
    withdraw_consent(consent=consent, by=participant)  # twice keeps the first time
    assert Consent.objects.get().withdrawn_at is not None


def test_consent_ends_on_its_end_date(participant):
    give_consent(person=participant, purpose=Purpose.SHARE_SCHOOL_INFO, ends_on=datetime.date(2026, 6, 30))
    assert has_consent(participant, Purpose.SHARE_SCHOOL_INFO, today=datetime.date(2026, 6, 30))
    assert not has_consent(participant, Purpose.SHARE_SCHOOL_INFO, today=datetime.date(2026, 7, 1))


def test_consent_for_one_party_covers_only_that_party(participant):
    give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN, party="Arba AS")
    assert has_consent(participant, Purpose.SHARE_CAREER_PLAN, for_party="Arba AS")
    assert not has_consent(participant, Purpose.SHARE_CAREER_PLAN, for_party="Aurora verksted SA")
    assert has_consent(participant, Purpose.SHARE_CAREER_PLAN)


def test_unknown_purpose_is_a_programming_error(participant):
    with pytest.raises(ValueError):
        has_consent(participant, "sell_to_advertisers")


def test_guardian_may_withdraw(client, guardian, participant):
    consent = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN)
    client.force_login(guardian.user)
    client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    assert client.post(f"/min-side/samtykker/{consent.pk}/trekk-tilbake/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == guardian


def test_relative_on_consent_basis_may_look_but_not_withdraw(client, participant):
    from veivalg.accounts.models import Basis
    from veivalg.accounts.services import add_relationship

    from .factories import PersonFactory

    helper = PersonFactory(display_name="Hanne Hjelper")
    add_relationship(relative=helper, participant=participant, basis=Basis.CONSENT, scope="Søknad")
    consent = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN)
    client.force_login(helper.user)
    client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    page = client.get("/min-side/samtykker/").content.decode()
    assert "Karriereplanen kan deles" in page and "Trekk tilbake" not in page
    assert client.post(f"/min-side/samtykker/{consent.pk}/trekk-tilbake/").status_code == 404
    assert has_consent(participant, Purpose.SHARE_CAREER_PLAN)


def test_someone_elses_consent_answers_404(client, participant, outsider):
    consent = give_consent(person=participant, purpose=Purpose.SHARE_CAREER_PLAN)
    client.force_login(outsider.user)
    assert client.post(f"/min-side/samtykker/{consent.pk}/trekk-tilbake/").status_code == 404
    assert has_consent(participant, Purpose.SHARE_CAREER_PLAN)
