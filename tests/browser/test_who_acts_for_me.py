"""Ola signs in through the OpenID Connect provider (oidc-provider-mock, for real), opens «Hvem
handler for meg» from Min side, and ends the access he gave Sara on his consent, by keyboard
only. His guardian Vera stays: a guardianship is not his to end here. Both checkers (axe and
HTML_CodeSniffer) run on every page, on desktop and phone."""

import datetime

import pytest

from veivalg.accounts import testing
from veivalg.accounts.identity import birth_date, identity_hash
from veivalg.accounts.models import Basis, Relationship
from veivalg.accounts.services import add_relationship, relationship_between
from veivalg.accounts.testing import identity_number
from veivalg.accounts.tests.factories import PersonFactory

from .conftest import (
    accessibility_reports,
    assert_accessible_at_all_widths,
    assert_focus_visible,
    assert_styles_loaded,
    tab_to,
    where_on_page,
)

pytestmark = pytest.mark.browser

# The real provider on 127.0.0.1, shared with the accounts tests.
_oidc_server = testing._oidc_server
oidc_provider = testing.oidc_provider

OLA_PID = identity_number(datetime.date(1990, 3, 14))
PAGE = "/min-side/hvem-handler-for-meg/"


def assert_accessible(page, label: str) -> None:
    assert_styles_loaded(page)
    reports = accessibility_reports(page, where_on_page(page, label))
    if reports:
        pytest.fail("\n\n".join(reports), pytrace=False)


def press_enter_on(page, selector: str) -> None:
    tab_to(page, selector)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_participant_ends_a_relatives_access_by_keyboard(page, mobile_page, base_url, oidc_provider):
    ola = PersonFactory(
        display_name="Ola Deltaker", identity_hash=identity_hash(OLA_PID), birth_date=birth_date(OLA_PID)
    )
    sara = PersonFactory(display_name="Sara Samtykke")
    vera = PersonFactory(display_name="Vera Verge")
    add_relationship(relative=sara, participant=ola, basis=Basis.CONSENT, scope="Følge søknadene mine")
    add_relationship(relative=vera, participant=ola, basis=Basis.GUARDIAN, mandate="Økonomi")
    link = Relationship.objects.get(relative=sara)
    oidc_provider.set_user("ola", pid=OLA_PID, name="Ola Deltaker")

    page.goto("/min-side/")
    page.wait_for_url("**/logg-inn/?next=/min-side/")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    page.wait_for_url(f"{oidc_provider.issuer}/oauth2/authorize?**")
    page.locator("input[name=sub]").fill("ola")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/min-side/")
    assert_accessible(page, "Min side")

    # The same session on a phone-sized tab, for the widths check.
    mobile_page.context.add_cookies(page.context.cookies())
    assert_accessible_at_all_widths(page, mobile_page, PAGE)

    page.goto("/min-side/")
    press_enter_on(page, f'main a[href="{PAGE}"]')
    page.wait_for_url(f"**{PAGE}")
    assert page.get_by_role("heading", level=1).inner_text() == "Hvem handler for meg"
    assert page.get_by_text("statsforvalteren", exact=False).first.is_visible()
    assert_accessible(page, "Hvem handler for meg")

    press_enter_on(page, f"#avslutt-{link.pk}")
    page.wait_for_url("**/avslutt/?tilgang=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Vil du avslutte tilgangen til Sara Samtykke?"
    assert_accessible(page, "the question before ending")

    press_enter_on(page, "main form button[type=submit]")
    page.wait_for_url(f"**{PAGE}")
    assert page.get_by_role("status").get_by_text("Sara Samtykke kan ikke lenger se").is_visible()
    assert_accessible(page, "Hvem handler for meg, after ending")

    link.refresh_from_db()
    assert link.withdrawn_at is not None and link.withdrawn_by == ola
    assert relationship_between(sara, ola) is None
    assert relationship_between(vera, ola) is not None
