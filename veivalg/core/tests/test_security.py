"""Security settings and headers: `check --deploy` is clean in production, the public site
sends a Content-Security-Policy without inline script and a Permissions-Policy, forms that send
e-mail or sign in answer 429 in plain words when used too often (and nothing the page cache
does can reset their counters), and the demo loaders refuse to run on a production server."""

import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.test import Client

from veivalg.directory.models import ErrorReport
from veivalg.directory.tests.factories import OfferFactory
from veivalg.events.models import Event
from veivalg.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
# The limiter counts in fixed windows (time // period); a test that ran across a window's end
# started counting again and failed now and then. One window of about 31 years holds any test.
ONE_WINDOW = 10**9


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **os.environ,
        "PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "IDENTITY_HASH_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "veivalg.example",
    }
    # The browser tests set this for Playwright in the same process; a deployment never would.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = {**os.environ, "PRODUCTION": "true", "IDENTITY_HASH_KEY": "x" * 64}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_public_page_has_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_editors_admin_is_left_without_the_policy():
    # Wagtail's admin needs inline scripts and styles (see settings.CONTENT_SECURITY_POLICY).
    response = Client().get("/redaktor/login/")
    assert "Content-Security-Policy" not in response


def test_public_templates_have_no_inline_script_or_style_attribute():
    offenders = []
    for path in (django_settings.BASE_DIR / "veivalg").glob("*/templates/**/*.html"):
        # Rendered to PDF by WeasyPrint, never served as a page.
        if path.name.endswith("_pdf.html") or path.parent.name == "pdf":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            inline_script = "<script" in line and "src=" not in line
            if inline_script or "style=" in line or "<style" in line or "onclick=" in line:
                offenders.append(f"{path.relative_to(django_settings.BASE_DIR)}:{number}")
    assert offenders == []


@pytest.fixture
def limited(settings):
    settings.RATE_LIMITS = {"directory:report_error": (2, ONE_WINDOW)}
    cache.clear()
    caches["ratelimit"].clear()
    yield
    cache.clear()
    caches["ratelimit"].clear()


def test_error_report_answers_429_after_the_limit_and_shows_what_was_typed(client, limited):
    offer = OfferFactory()
    url = f"{offer.get_absolute_url()}meld-feil/"
    for _ in range(2):
        assert client.post(url, {"message": "Telefonnummeret er feil.", "email": ""}).status_code == 302
    response = client.post(url, {"message": "Åpningstidene stemmer ikke.", "email": "kari@example.no"})
    assert response.status_code == 429
    assert response["Retry-After"]
    page = response.content.decode()
    assert "For mange forsøk på kort tid" in page and "Vent noen minutter" in page
    assert "Åpningstidene stemmer ikke." in page and "kari@example.no" in page
    assert "csrfmiddlewaretoken" not in page
    assert ErrorReport.objects.count() == 2


def test_reading_a_limited_page_is_not_counted(client, limited):
    offer = OfferFactory()
    url = f"{offer.get_absolute_url()}meld-feil/"
    for _ in range(5):
        assert client.get(url).status_code == 200


def test_admin_actions_on_offers_and_pages_are_logged():
    # Wagtail's log (who, what, when) covers snippets and pages; nothing turns it off.
    from wagtail.log_actions import registry
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from veivalg.directory.models import Offer, Organization

    assert registry.get_log_model_for_model(Offer) is ModelLogEntry
    assert registry.get_log_model_for_model(Organization) is ModelLogEntry
    assert registry.get_log_model_for_model(Page) is PageLogEntry


# --- One address, many usernames (password spraying) --------------------------------------------

SPRAYED = {"password": "Sommer2025!"}


@pytest.fixture
def sign_in_limited(settings):
    settings.RATE_LIMITS = {"sign_in_failures": (20, ONE_WINDOW)}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for tests
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def test_one_password_against_forty_usernames_from_one_address_gets_429_after_the_limit(
    sign_in_limited, django_user_model
):
    django_user_model.objects.create_user("saksbehandler", password="riktig-passord-123")
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    answers = [
        attacker.post("/ansatt/logg-inn/", {**SPRAYED, "username": f"bruker{n}"}).status_code
        for n in range(40)
    ]
    assert answers[:20] == [400] * 20  # wrong username or password, said plainly
    assert answers[20:] == [429] * 20
    refused = attacker.post("/ansatt/logg-inn/", {**SPRAYED, "username": "bruker41"})
    page = refused.content.decode()
    assert "For mange forsøk på kort tid" in page and "Sommer2025!" not in page
    # The same address is refused on the editors' sign-in too, even with a right password.
    wagtail = attacker.post(
        "/redaktor/login/", {"username": "saksbehandler", "password": "riktig-passord-123"}
    )
    assert wagtail.status_code == 429
    # Another address is not affected.
    colleague = Client(REMOTE_ADDR="198.51.100.20")
    response = colleague.post(
        "/ansatt/logg-inn/", {"username": "saksbehandler", "password": "riktig-passord-123"}
    )
    assert response.status_code == 302


def test_successful_sign_ins_from_one_office_address_do_not_count(
    sign_in_limited, settings, django_user_model
):
    settings.RATE_LIMITS = {"sign_in_failures": (3, ONE_WINDOW)}
    for n in range(5):
        django_user_model.objects.create_user(f"ansatt{n}", password="riktig-passord-123")
    for n in range(5):
        office = Client(REMOTE_ADDR="192.0.2.1")
        response = office.post(
            "/ansatt/logg-inn/", {"username": f"ansatt{n}", "password": "riktig-passord-123"}
        )
        assert response.status_code == 302


# --- The page cache cannot reset a rate limit -----------------------------------------------------


@pytest.fixture
def sign_up_limited(settings):
    settings.RATE_LIMITS = {"events:register": (2, ONE_WINDOW)}
    cache.clear()
    caches["ratelimit"].clear()
    yield
    cache.clear()
    caches["ratelimit"].clear()


SIGN_UP = {"name": "Kari Nordmann", "phone": "", "needs_other": ""}


def sign_up(client, event, n):
    return client.post(
        f"/arrangementer/{event.slug}/pamelding/", {**SIGN_UP, "email": f"kari{n}@eksempel.no"}
    )


def test_distinct_query_strings_do_not_reset_the_sign_up_limit(client, sign_up_limited, settings):
    """The audit's attack (5,200 query strings against 5,000 entries), at a tenth of the size."""
    settings.CACHES = {
        "default": {
            **django_settings.CACHES["default"],
            "LOCATION": "small",
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
        "ratelimit": django_settings.CACHES["ratelimit"],
    }
    event = EventFactory()
    assert [sign_up(client, event, n).status_code for n in range(2)] == [302, 302]
    flood = Client()  # no session: the pages it asks for are stored in the page cache
    for n in range(520):
        assert flood.get(f"/kommune/3201-baerum/arshjul.ics?x={n}").status_code == 200
    assert sign_up(client, event, 3).status_code == 429


def test_a_full_page_cache_does_not_evict_the_rate_limit_counters(client, sign_up_limited):
    event = EventFactory()
    assert [sign_up(client, event, n).status_code for n in range(2)] == [302, 302]
    for n in range(5200):  # more pages than the page cache holds
        cache.set(f"veivalg:page:test:{n}", b"<p>side</p>", 3600)
    assert sign_up(client, event, 3).status_code == 429


def page_cache_entries() -> int:
    return len(cache._cache)  # the local memory cache the tests run with


def test_junk_query_strings_add_no_page_cache_entries(client):
    cache.clear()
    wheel = "/kommune/3201-baerum/arshjul/"
    assert client.get(wheel).status_code == 200
    before = page_cache_entries()
    for n in range(30):
        assert client.get(f"{wheel}?utm_source={n}").status_code == 200
        assert client.get(f"{wheel}?ar=2026&x={n}").status_code == 200
    assert client.get(f"{wheel}?ar=2026&ar=2027").status_code == 200
    assert page_cache_entries() == before
    # A parameter the page reads is a page of its own, once, in whatever order it comes.
    client.get(f"{wheel}?ar=2026")
    assert page_cache_entries() == before + 1
    client.get(f"{wheel}?ar=2026")
    assert page_cache_entries() == before + 1


def test_search_parameters_in_another_order_share_one_entry(client):
    cache.clear()
    client.get("/sok/?q=verksted&kommune=3201")
    entries = page_cache_entries()
    client.get("/sok/?kommune=3201&q=verksted")
    assert page_cache_entries() == entries


# --- The cache is down: the site keeps serving ------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Redis as the cache for pages and counters, but nothing answers on its port."""
    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    settings.CACHES = {"default": down, "ratelimit": {**down, "KEY_PREFIX": "ratelimit"}}
    settings.RATE_LIMITS = {"events:register": (2, ONE_WINDOW)}
    from veivalg.core import ratelimit

    ratelimit._fallback.clear()
    yield
    ratelimit._fallback.clear()


def test_with_redis_down_cached_pages_are_served_fresh(client, redis_down):
    wheel = "/kommune/3201-baerum/arshjul/"
    assert client.get(wheel).status_code == 200
    EventFactory(title="Nytt møte i Bærum")  # saving bumps the version: must not fail either
    assert "Nytt møte i Bærum" in client.get(wheel).content.decode()


def test_with_redis_down_sign_up_works_and_is_limited_per_process(client, redis_down):
    event = EventFactory()
    assert [sign_up(client, event, n).status_code for n in range(2)] == [302, 302]
    assert sign_up(client, event, 3).status_code == 429


# --- Headers and the demo loaders -------------------------------------------------------------


def test_every_page_denies_camera_microphone_geolocation_payment_and_usb(client):
    for path in ("/", "/arrangementer/", "/redaktor/login/"):
        policy = Client().get(path)["Permissions-Policy"]  # Wagtail's title is not ours to check
        features = dict(part.strip().split("=", 1) for part in policy.split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (path, feature)


DEMO_LOADERS = sorted(name for name in get_commands() if name.startswith("load_demo_"))


def test_every_demo_loader_is_guarded():
    assert len(DEMO_LOADERS) >= 6


@pytest.mark.parametrize("command", DEMO_LOADERS)
def test_demo_loaders_refuse_on_a_production_server(settings, command):
    settings.DEBUG = False
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command(command, stdout=open(os.devnull, "w"))
    assert not Event.objects.filter(is_demo=True).exists()
    assert not get_user_model().objects.exists()


def test_demo_loader_runs_with_allow_demo_data(settings):
    settings.DEBUG = False
    settings.ALLOW_DEMO_DATA = True
    call_command("load_demo_events", stdout=open(os.devnull, "w"))
    assert Event.objects.filter(is_demo=True).exists()
