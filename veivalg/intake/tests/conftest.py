"""The intake cast: an applicant and her guardian, Bærum's allocation office and NAV office with
a caseworker and a NAV counsellor each, a provider with staff, and outsiders who must be refused."""

import pytest

from veivalg.accounts.models import StaffRoleKind
from veivalg.accounts.tests.conftest import guardian, outsider, participant  # noqa: F401

from . import factories as f


@pytest.fixture
def offices(db):
    return f.baerum_offices()


@pytest.fixture
def offers(db):
    return f.applicable_offers()


@pytest.fixture
def caseworker(offices):
    return f.caseworker(offices["allocation"])


@pytest.fixture
def nav_counsellor(offices):
    return f.nav_counsellor(offices["nav"])


@pytest.fixture
def other_caseworker(db):
    """A caseworker in Bergen: must not see Bærum's cases."""
    bergen = f.office("allocation_office", "Tildelingskontoret i Bergen", "4601")
    return f.caseworker(bergen, username="bergen-saksbehandler")


@pytest.fixture
def provider(db):
    return f.provider_office()


@pytest.fixture
def provider_staff(provider):
    return f.staff_user(
        "tilbyder", StaffRoleKind.PROVIDER_STAFF, provider, first_name="Tone", last_name="Tilbyder"
    )


@pytest.fixture
def case(participant, offers, offices):  # noqa: F811 (the imported fixture)
    return f.submitted_case(participant, [offers["activity"], offers["vta"]])
