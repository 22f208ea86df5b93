"""The cast: a participant, a relative (guardian), a relative on the participant's consent, a
parent of a child, and an outsider."""

import datetime

import pytest

from veivalg.accounts.models import Basis
from veivalg.accounts.services import add_relationship
from veivalg.accounts.testing import _oidc_server, oidc_provider  # noqa: F401

from .factories import PersonFactory


@pytest.fixture
def participant(db):
    return PersonFactory(display_name="Ola Deltaker")


@pytest.fixture
def guardian(participant):
    relative = PersonFactory(display_name="Vera Verge")
    add_relationship(relative=relative, participant=participant, basis=Basis.GUARDIAN, mandate="Alt")
    return relative


@pytest.fixture
def consent_relative(participant):
    """Acts for the participant on the participant's own consent: may look, never decide."""
    relative = PersonFactory(display_name="Sara Samtykke")
    add_relationship(
        relative=relative, participant=participant, basis=Basis.CONSENT, scope="Følge søknader og plasser"
    )
    return relative


@pytest.fixture
def outsider(db):
    return PersonFactory(display_name="Ute Stående")


@pytest.fixture
def child(db):
    return PersonFactory(display_name="Emma Barn", birth_date=datetime.date(2012, 6, 20))


@pytest.fixture
def parent(child):
    relative = PersonFactory(display_name="Per Forelder")
    add_relationship(relative=relative, participant=child, basis=Basis.PARENT)
    return relative
