"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked by two independent checkers: axe-core (WCAG 2.1 A/AA and
best practice) and HTML_CodeSniffer (the engine pa11y uses; standard WCAG2AA, errors only). The
test fails with a readable list of what either found. Nothing here downloads a browser.

The database: the live server needs `transactional_db`, whose flush after each test would also
empty the reference data the migrations load (357 municipalities, offer kinds, synonyms,
Wagtail's root page). Browser tests therefore use serialized rollback: the migrated database is
serialized once when the test database is created and restored at the start of each browser
test. Two hooks below make that safe next to other tests on the same worker: the tables are
emptied before the restore, and the data is put back after a browser test's flush.
"""

from __future__ import annotations

import datetime
import os
import shutil
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

# Tests import the checkers from here, next to the fixtures.
from conftest import _forget_content_types, _know_all_content_types, reset_sequences

from .accessibility import (  # noqa: F401
    accessibility_reports,
    assert_no_axe_violations,
    assert_no_htmlcs_errors,
    axe_violations,
    htmlcs_errors,
    where_on_page,
)

# Playwright's sync API runs an event loop in the main thread from the moment the session's
# browser starts until the session ends, so Django's "async context" guard would refuse every
# ORM call after it: in these tests (factories, assertions) and in any test that runs later on
# the same worker. The calls are plain synchronous code in one thread; let them through.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
# Chromium asks for English unless told otherwise; a Norwegian reader's browser asks for bokmål.
LOCALE = "nb-NO"
TIMEOUT_MS = 10_000


def chromium_executable() -> str:
    path = (
        os.environ.get("CHROMIUM_PATH") or getattr(settings, "CHROMIUM_PATH", "") or shutil.which("chromium")
    )
    if not path:
        pytest.fail(
            "Chromium is not installed: run `make chromium` (Debian's package), or set CHROMIUM_PATH."
        )
    return path


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Browser:
    # Once Playwright's event loop runs in this thread, asgiref keeps Django's connections per
    # context instead of per thread, and the code after this would get a second connection that
    # lacks the serialized data (so serialized rollback would silently do nothing). Keep using
    # the connections the test database was set up on.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server, django_db_serialized_rollback) -> str:
    """The live server's address, with the reference data in place."""
    reset_sequences(connections["default"])
    # Django has just restored the serialized rows; content-type ids cached before that (a
    # flush's post_migrate elsewhere in this process may have handed out others) are stale.
    # Reload them all now, so the cache is right and complete until the next flush.
    _forget_content_types()
    _know_all_content_types()
    return live_server.url


def _new_page(browser: Browser, base_url: str, **options) -> Page:
    context = browser.new_context(base_url=base_url, locale=LOCALE, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def second_factor_on(settings):
    """The staff second factor, which the root conftest turns off for everything else."""
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def page(browser, base_url) -> Page:
    """A desktop browser tab (1280×900)."""
    page = _new_page(browser, base_url, viewport=DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def mobile_page(browser, base_url) -> Page:
    """A phone-sized tab (390×844) with touch and a mobile user agent's layout rules."""
    page = _new_page(
        browser, base_url, viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    page.context.close()


@pytest.fixture
def no_js_page(browser, base_url) -> Page:
    """A desktop tab with JavaScript turned off."""
    page = _new_page(browser, base_url, viewport=DESKTOP, java_script_enabled=False)
    yield page
    page.context.close()


def assert_styles_loaded(page: Page) -> None:
    """Every stylesheet the page links to arrived (axe's colour-contrast checks depend on it)."""
    missing = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')]
                 .filter(l => !l.sheet || l.sheet.cssRules.length === 0).map(l => l.href)"""
    )
    assert not missing, f"stylesheets did not load: {missing}"
    assert page.evaluate("() => document.querySelectorAll('link[rel=stylesheet]').length") >= 1


def horizontal_overflow(page: Page) -> list[str]:
    """The elements wider than the viewport, if the page scrolls sideways."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .filter(el => !el.closest('.ds-sr-only, .ds-skip-link'))
                .slice(0, 5).map(el => el.outerHTML.slice(0, 100));
        }"""
    )


def visit(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"{path}: expected HTTP {status}, got {response.status if response else None}"
    )
    assert_styles_loaded(page)


def assert_accessible_at_all_widths(page: Page, mobile_page: Page, path: str, status: int = 200) -> None:
    """Visit the path on desktop and on a phone, run axe and HTMLCS on both, and report all.

    On both widths the page must also reflow without sideways scrolling (WCAG 1.4.10).
    """
    reports = []
    for tab in (page, mobile_page):
        visit(tab, path, status)
        reports.extend(accessibility_reports(tab, where_on_page(tab, path)))
        overflow = horizontal_overflow(tab)
        if overflow:
            reports.append(f"{where_on_page(tab, path)} scrolls sideways; too wide: {overflow}")
    if reports:
        pytest.fail("\n\n".join(reports), pytrace=False)


def switch_language(page: Page, code: str) -> None:
    """Change language with the form in the header, as a reader would."""
    page.locator("#sprakvalg").select_option(code)
    with page.expect_navigation():
        page.locator(".language-form [type=submit]").click()
    assert page.locator("html").get_attribute("lang") == code


# --- keyboard ----------------------------------------------------------------------------------


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, max_presses: int = 60) -> None:
    """Press Tab until the element matching the selector has focus; fail if it never does."""
    seen = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
        seen.append(
            page.evaluate("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : ''")
        )
    pytest.fail(f"Tab never reached {selector!r}; went through:\n" + "\n".join(seen[:30]), pytrace=False)


def assert_focus_visible(page: Page) -> None:
    """The focused element shows that it has focus.

    Usually that is Designsystemet's focus ring (outline and box-shadow). An element that shows
    focus another way, like the skip link that appears with a background, must at least look
    different focused than unfocused.
    """
    style = page.evaluate(
        """() => {
            const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
            return {tag: el.outerHTML.slice(0, 80), outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                    boxShadow: s.boxShadow, box: {x: r.x, y: r.y, width: r.width, height: r.height}};
        }"""
    )
    if style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", ""):
        return
    if style["boxShadow"] not in ("none", ""):
        return
    box = style["box"]
    assert box["width"] > 1 and box["height"] > 1, f"the focused element is not visible: {style}"
    page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); "
        "return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
    )
    clip = {
        "x": max(box["x"] - 4, 0),
        "y": max(box["y"] - 4, 0),
        "width": box["width"] + 8,
        "height": box["height"] + 8,
    }
    with_focus = page.screenshot(clip=clip)
    page.evaluate("() => { window.__focusCheck = document.activeElement; document.activeElement.blur(); }")
    without_focus = page.screenshot(clip=clip)
    page.evaluate("() => window.__focusCheck.focus()")
    assert with_focus != without_focus, f"focus makes no visible difference on {style['tag']}: {style}"


# --- data --------------------------------------------------------------------------------------


@dataclass
class Directory:
    """A small directory in Bærum: a workshop that also takes Asker residents, a day centre,
    a football group and a cooking course."""

    workshop: object
    day_centre: object
    football: object
    course: object
    organization: object


@pytest.fixture
def directory(base_url) -> Directory:
    from veivalg.directory.models import OfferKind, OpeningHours
    from veivalg.directory.tests.factories import (
        LocationFactory,
        OfferFactory,
        OrganizationFactory,
        municipality,
    )

    baerum, asker = municipality("3201"), municipality("3203")
    organization = OrganizationFactory(
        name="Sandvika arbeidssenter",
        org_number="987654321",
        description="Arbeidssenteret har verksted, kantine og vaskeri.",
        phone="67 00 00 00",
        website="https://arbeidssenter.example",
    )
    workshop_site = LocationFactory(
        organization=organization,
        name="Verkstedet",
        address="Industriveien 4",
        city="Sandvika",
        accessibility="Trinnfri inngang og HC-toalett.",
        transport="Buss 150 til Sandvika stasjon, fem minutter å gå.",
    )
    for weekday in range(1, 6):
        OpeningHours.objects.create(
            location=workshop_site, weekday=weekday, opens_at="08:00", closes_at="15:30"
        )
    kinds = {k.code: k for k in OfferKind.objects.all()}
    workshop = OfferFactory(
        organization=organization,
        kind=kinds["kommunalt-tilrettelagt-arbeid"],
        title="Snekkerverksted i Sandvika",
        title_nn="Snikkarverkstad i Sandvika",
        summary="Arbeid med snekring og montasje for voksne som trenger tilrettelegging.",
        summary_nn="Arbeid med snikkarverk og montering for vaksne som treng tilrettelegging.",
        easy_read="Du lager ting av tre. Du jobber sammen med andre.",
        description="Vi lager benker, fuglekasser og møbler på bestilling.",
        eligibility="Voksne med utviklingshemming som bor i Bærum eller Asker.",
        how_to_apply="Søk til tildelingskontoret i kommunen din.",
        min_age=18,
        max_age=67,
        places_total=24,
        rolling_intake=True,
        contact_email="verksted@arbeidssenter.example",
        contact_phone="67 00 00 01",
        last_checked_on=datetime.date(2026, 1, 15),
        checked_by="Tildelingskontoret i Bærum",
        served=[(baerum, None), (asker, 4)],
        locations=[workshop_site],
    )
    day_centre = OfferFactory(
        organization=organization,
        kind=kinds["dagtilbud"],
        title="Dagsenter Bekkestua",
        summary="Aktivitet på dagtid med turer, musikk og matlaging.",
        locations=[workshop_site],
    )
    football = OfferFactory(
        kind=kinds["fritidstilbud"],
        title="Fotball for alle",
        summary="Trening hver tirsdag på Bærum idrettspark. Alle kan være med.",
        cost="200 kroner i halvåret",
    )
    course = OfferFactory(
        kind=kinds["voksenopplaering"],
        title="Kurs i matlaging",
        summary="Lær å lage enkle middager. Kurset går over ti kvelder.",
        application_deadline=datetime.date(2027, 8, 15),
    )
    return Directory(
        workshop=workshop, day_centre=day_centre, football=football, course=course, organization=organization
    )
