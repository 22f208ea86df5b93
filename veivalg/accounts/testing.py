"""Test helpers: a real OpenID Connect provider (oidc-provider-mock) on 127.0.0.1, and a way to
sign in through it. Import the fixtures into a conftest or test module to use them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from .identity import compose_identity_number
from .oidc_mock import running_provider


@dataclass
class Provider:
    issuer: str

    def set_user(self, sub: str, **claims) -> None:
        """Give `sub` these claims (such as pid and name) for the next sign-ins."""
        httpx.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Submit the provider's form as `sub`; the redirect back to us (with code and state)."""
        response = httpx.post(authorize_url, data={"sub": sub}, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def deny(self, authorize_url: str) -> str:
        response = httpx.post(authorize_url, data={"action": "deny"}, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["location"]


@pytest.fixture(scope="session")
def _oidc_server():
    with running_provider() as issuer:
        yield issuer


@pytest.fixture
def oidc_provider(_oidc_server, settings) -> Provider:
    """The provider, with our settings pointing at it."""
    from . import oidc

    settings.OIDC_ISSUER = _oidc_server
    settings.OIDC_CLIENT_ID = "veivalg-test"
    settings.OIDC_CLIENT_SECRET = "test-secret"
    oidc.forget_provider()
    return Provider(issuer=_oidc_server)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def identity_number(born: datetime.date, *, synthetic: bool = True) -> str:
    for individual in range(500, 1000) if born.year >= 2000 else range(100, 500):
        number = compose_identity_number(born, individual, synthetic=synthetic)
        if number:
            return number
    raise ValueError(born)
