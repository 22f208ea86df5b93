"""Security settings and headers: `check --deploy` is clean in production, the public site
sends a Content-Security-Policy without inline script, and forms that send e-mail or sign in
answer 429 in plain words when used too often."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from veivalg.directory.models import ErrorReport
from veivalg.directory.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


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
    settings.RATE_LIMITS = {"directory:report_error": (2, 600)}
    cache.clear()
    yield
    cache.clear()


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
