"""A guardian signs in through the OpenID Connect provider (oidc-provider-mock, for real), acts for
the person she is verge for, withdraws a consent, reads the access log and her data, and signs
out of both. Axe runs on every one of our pages; the provider's own pages are not ours."""

import datetime

import pytest

from veivalg.accounts import testing
from veivalg.accounts.identity import birth_date, identity_hash
from veivalg.accounts.models import Basis, Purpose
from veivalg.accounts.services import add_relationship, give_consent, has_consent
from veivalg.accounts.testing import identity_number
from veivalg.accounts.tests.factories import PersonFactory

from .conftest import assert_no_axe_violations, assert_styles_loaded

pytestmark = pytest.mark.browser

# The real provider on 127.0.0.1, shared with the accounts tests.
_oidc_server = testing._oidc_server
oidc_provider = testing.oidc_provider

KARI_PID = identity_number(datetime.date(1968, 9, 2))


def check(page, path_glob: str) -> None:
    page.wait_for_url(path_glob)
    assert_styles_loaded(page)
    assert_no_axe_violations(page)


def test_guardian_signs_in_acts_for_ola_and_signs_out(page, base_url, oidc_provider):
    kari = PersonFactory(
        display_name="Kari Verge", identity_hash=identity_hash(KARI_PID), birth_date=birth_date(KARI_PID)
    )
    ola = PersonFactory(display_name="Ola Deltaker")
    add_relationship(relative=kari, participant=ola, basis=Basis.GUARDIAN, mandate="Personlige forhold")
    give_consent(person=ola, purpose=Purpose.SHARE_CAREER_PLAN, scope="Til Arba AS")
    oidc_provider.set_user("kari", pid=KARI_PID, name="Kari Verge")

    page.goto("/min-side/")
    check(page, "**/logg-inn/?next=/min-side/")
    page.get_by_role("button", name="Logg inn med ID-porten").click()

    page.wait_for_url(f"{oidc_provider.issuer}/oauth2/authorize?**")
    page.locator("input[name=sub]").fill("kari")
    page.get_by_role("button", name="Authorize").click()

    check(page, "**/min-side/")
    assert page.get_by_role("heading", level=1).inner_text() == "Min side"
    page.get_by_role("link", name="Velg hvem du vil handle for").click()

    check(page, "**/min-side/handle-for/")
    page.get_by_role("button", name="Handle for Ola Deltaker").click()
    check(page, "**/min-side/")
    assert page.get_by_text("Du handler på vegne av Ola Deltaker").is_visible()

    page.get_by_role("navigation", name="Min side").get_by_role("link", name="Samtykker").click()
    check(page, "**/min-side/samtykker/")
    assert page.get_by_text("Du handler på vegne av Ola Deltaker").is_visible()
    page.get_by_role("button", name="Trekk tilbake").click()
    check(page, "**/min-side/samtykker/?trukket=1")
    assert not has_consent(ola, Purpose.SHARE_CAREER_PLAN)

    page.get_by_role("link", name="Hvem har sett opplysningene").first.click()
    check(page, "**/min-side/hvem-har-sett/")
    assert page.get_by_text("Kari Verge (pårørende (verge)) så på samtykker").first.is_visible()

    page.get_by_role("link", name="Mine data").first.click()
    check(page, "**/min-side/mine-data/")
    page.get_by_role("link", name="Be om at noe blir rettet").click()
    check(page, "**/min-side/mine-data/retting/")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".ds-error-summary")
    assert_no_axe_violations(page, "retting med feil")
    page.get_by_label("Hva er feil, og hva skal det stå?").fill("Adressen er gammel.")
    page.get_by_role("button", name="Send").click()
    check(page, "**/min-side/mine-data/foresporsel/*/")

    page.get_by_role("button", name="Bytt tilbake til meg selv").click()
    check(page, "**/min-side/")
    assert page.get_by_text("Du handler på vegne av").count() == 0

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{oidc_provider.issuer}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    check(page, "**/logget-ut/**")  # the provider adds the state Authlib sent
    page.goto("/min-side/")
    page.wait_for_url("**/logg-inn/?next=/min-side/")


def test_refused_sign_in_page_is_accessible(page, base_url, oidc_provider):
    page.goto("/logg-inn/tilbake/?code=x&state=y")
    check(page, "**/logg-inn/tilbake/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Du er ikke logget inn"
