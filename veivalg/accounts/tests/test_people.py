"""Relatives act for a participant on a basis the system understands, with a visible banner."""

import datetime

import pytest

from veivalg.accounts.models import Basis, Relationship
from veivalg.accounts.services import ACTING_FOR_SESSION_KEY, add_relationship, relationship_between

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def act_for(client, relative, participant):
    client.force_login(relative.user)
    return client.post("/min-side/handle-for/", {"person": str(participant.pk)})


def test_guardian_chooses_whom_to_act_for_and_sees_the_banner(client, guardian, participant):
    client.force_login(guardian.user)
    page = client.get("/min-side/handle-for/").content.decode()
    assert "Handle for Ola Deltaker" in page

    response = client.post("/min-side/handle-for/", {"person": str(participant.pk)})
    assert response.status_code == 302
    assert client.session[ACTING_FOR_SESSION_KEY] == str(participant.pk)
    assert str(participant.pk) not in response["Location"]
    page = client.get("/min-side/").content.decode()
    assert "Du handler på vegne av Ola Deltaker" in page
    assert "Bytt tilbake til meg selv" in page


def test_switch_back_ends_acting(client, guardian, participant):
    act_for(client, guardian, participant)
    client.post("/min-side/handle-for/meg-selv/")
    assert ACTING_FOR_SESSION_KEY not in client.session
    assert "Du handler på vegne av" not in client.get("/min-side/").content.decode()


def test_outsider_cannot_act_for_someone(client, outsider, participant):
    response = act_for(client, outsider, participant)
    assert response.status_code == 404
    assert ACTING_FOR_SESSION_KEY not in client.session


def test_unknown_or_malformed_person_answers_404(client, guardian):
    client.force_login(guardian.user)
    assert client.post("/min-side/handle-for/", {"person": "not-a-uuid"}).status_code == 404
    assert (
        client.post("/min-side/handle-for/", {"person": "00000000-0000-0000-0000-000000000000"}).status_code
        == 404
    )


def test_parent_basis_ends_on_the_childs_18th_birthday(parent, child):
    link = Relationship.objects.get(relative=parent)
    assert link.ends_on() == datetime.date(2030, 6, 19)
    assert link.is_active(today=datetime.date(2030, 6, 19))
    assert not link.is_active(today=datetime.date(2030, 6, 20))
    assert Relationship.objects.active(datetime.date(2030, 6, 19)).filter(pk=link.pk).exists()
    assert not Relationship.objects.active(datetime.date(2030, 6, 20)).filter(pk=link.pk).exists()


def test_leap_day_child_turns_18_on_first_of_march():
    from veivalg.accounts.models import Person

    child = Person(birth_date=datetime.date(2012, 2, 29))
    link = Relationship(basis=Basis.PARENT, participant=child)
    assert link.ends_on() == datetime.date(2030, 2, 28)
    assert link.is_active(datetime.date(2030, 2, 28)) and not link.is_active(datetime.date(2030, 3, 1))


def test_acting_ends_at_once_when_the_basis_ends(client, parent, child, monkeypatch):
    act_for(client, parent, child)
    assert "Du handler på vegne av" in client.get("/min-side/").content.decode()
    child.birth_date = datetime.date(2000, 1, 1)  # now an adult
    child.save(update_fields=["birth_date"])
    page = client.get("/min-side/").content.decode()
    assert "Du handler på vegne av" not in page
    assert ACTING_FOR_SESSION_KEY not in client.session


def test_consent_basis_ends_on_its_end_date(participant):
    relative = PersonFactory()
    add_relationship(
        relative=relative,
        participant=participant,
        basis=Basis.CONSENT,
        scope="Søknad om arbeid",
        valid_until=datetime.date(2027, 1, 31),
    )
    assert relationship_between(relative, participant, today=datetime.date(2027, 1, 31))
    assert relationship_between(relative, participant, today=datetime.date(2027, 2, 1)) is None


def test_consent_and_guardian_bases_need_their_text(participant):
    relative = PersonFactory()
    with pytest.raises(ValueError):
        add_relationship(relative=relative, participant=participant, basis=Basis.CONSENT)
    with pytest.raises(ValueError):
        add_relationship(relative=relative, participant=participant, basis=Basis.GUARDIAN)


def test_pages_need_sign_in(client):
    for path in ["/min-side/", "/min-side/samtykker/", "/min-side/mine-data/", "/min-side/hvem-har-sett/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/logg-inn/?next=")


def test_staff_without_a_person_gets_404(client, django_user_model):
    staff = django_user_model.objects.create_user("redaktor", is_staff=True)
    client.force_login(staff)
    for path in ["/min-side/", "/min-side/samtykker/", "/min-side/mine-data/", "/min-side/hvem-har-sett/"]:
        assert client.get(path).status_code == 404
