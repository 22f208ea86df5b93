"""The OpenID Connect relying party for citizen sign-in (ID-porten in production), on Authlib.

Authlib's Django client (`authlib.integrations.django_client`) runs the authorization code flow:
PKCE with S256, a `state` kept in the session and used once, a `nonce`, the token request, the
ID token's signature checked against the provider's JWKS (fetched again when the provider
rotates its keys), and the end-session URL for signing out. This module adds what we ask on top:

- the discovery document must name the configured issuer;
- only public-key signatures are accepted (never `none`, never an HMAC keyed by the client
  secret), whatever the discovery document lists;
- `iss`, `aud`, `sub` and `exp` are essential claims. Authlib on its own checks `aud` only
  through `azp`, so a token made for another client with our id as `azp` would pass;
- every refusal becomes a `SignInError` whose reason code is safe to log.

Nothing here logs a token, a code or a claim value.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.http import HttpRequest
from joserfc.errors import ClaimError, JoseError

CLIENT_NAME = "idporten"
DISCOVERY_TTL = 3600
LEEWAY_SECONDS = 60
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# Where the browser goes after signing in, with the state of the attempt it belongs to. Authlib
# keeps the state itself (with the nonce and the PKCE verifier) under its own session keys.
NEXT_SESSION_KEY = "accounts_oidc_next"


class SignInError(Exception):
    """A sign-in that must be refused. `reason` is a short code safe to log (no personal data)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SignedIn:
    claims: dict
    id_token: str
    next_url: str | None


_lock = threading.Lock()
_clients: dict[tuple[str, str, str], tuple[float, DjangoOAuth2App]] = {}


def forget_provider() -> None:
    """Drop the cached discovery document and keys (tests point the settings elsewhere)."""
    with _lock:
        _clients.clear()


def client() -> DjangoOAuth2App:
    """Authlib's client for the configured provider, with its discovery document checked.

    Rebuilt every `DISCOVERY_TTL` seconds so a changed discovery document is picked up.
    """
    issuer = settings.OIDC_ISSUER
    key = (issuer, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET)
    now = time.monotonic()
    with _lock:
        cached = _clients.get(key)
    if cached and cached[0] > now:
        return cached[1]
    app = OAuth().register(
        CLIENT_NAME,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": settings.OIDC_SCOPES,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic",
            "default_timeout": settings.OIDC_HTTP_TIMEOUT,
        },
    )
    try:
        metadata = app.load_server_metadata()
    except (requests.RequestException, ValueError, TypeError) as error:
        raise SignInError("discovery_failed") from error
    if str(metadata.get("issuer", "")).rstrip("/") != issuer:
        raise SignInError("discovery_issuer_mismatch")
    # Authlib verifies with the algorithms the discovery document lists; keep only ours.
    algorithms = [
        alg
        for alg in metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        if alg in ALLOWED_ALGORITHMS
    ]
    if not algorithms:
        raise SignInError("discovery_no_usable_algorithm")
    metadata["id_token_signing_alg_values_supported"] = algorithms
    with _lock:
        _clients[key] = (now + DISCOVERY_TTL, app)
    return app


def start(request: HttpRequest, *, redirect_uri: str, next_url: str, ui_locales: str = "nb") -> str:
    """Begin a sign-in: the provider's authorization URL. State, nonce and PKCE verifier stay
    in the session until the provider sends the browser back."""
    app = client()
    authorization = app.create_authorization_url(redirect_uri, ui_locales=ui_locales)
    app.save_authorize_data(request, redirect_uri=redirect_uri, **authorization)
    request.session[NEXT_SESSION_KEY] = {"state": authorization["state"], "next": next_url}
    return authorization["url"]


def finish(request: HttpRequest) -> SignedIn:
    """Complete the sign-in the provider sent the browser back from (code and state in the query).

    The state must be one this session started and is used once: a replayed or forged callback
    finds nothing. The code goes to the token endpoint with the PKCE verifier, and the ID token
    is verified (signature, iss, aud, exp, nonce) before anything is trusted.
    """
    pending = request.session.pop(NEXT_SESSION_KEY, None) or {}
    state = request.GET.get("state", "")
    app = client()
    if request.GET.get("error"):
        # Authlib refuses before it spends the state; spend it here so it cannot be used again.
        app.framework.clear_state_data(request.session, state)
        raise SignInError("provider_error")
    with _refusals():
        token = app.authorize_access_token(
            request, claims_options=_claims_options(app), leeway=LEEWAY_SECONDS
        )
    if not token.get("id_token") or "userinfo" not in token:
        raise SignInError("no_id_token")
    next_url = pending.get("next") if pending.get("state") == state else None
    return SignedIn(claims=dict(token["userinfo"]), id_token=token["id_token"], next_url=next_url)


def verify_id_token(id_token: str, *, nonce: str) -> dict:
    """The checks `finish` makes on an ID token, for a token already in hand: its claims."""
    app = client()
    with _refusals():
        claims = app.parse_id_token(
            {"id_token": id_token},
            nonce=nonce,
            claims_cls=CodeIDToken,
            claims_options=_claims_options(app),
            leeway=LEEWAY_SECONDS,
        )
    return dict(claims)


def _claims_options(app: DjangoOAuth2App) -> dict:
    return {
        "iss": {"essential": True, "value": app.server_metadata["issuer"]},
        "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn Authlib's, requests' and joserfc's exceptions into reason codes."""
    try:
        yield
    except MismatchingStateError:
        raise SignInError("state_mismatch") from None
    except OAuthError:
        raise SignInError("code_rejected") from None
    except requests.RequestException:
        raise SignInError("provider_request_failed") from None
    except ClaimError as error:
        reason = "nonce_mismatch" if error.claim == "nonce" else "id_token_claims_invalid"
        raise SignInError(reason) from None
    except (JoseError, ValueError):
        raise SignInError("id_token_signature_invalid") from None


def end_session_url(*, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the provider's session too, if the provider says how.

    Authlib adds a `state`; the page it comes back to says only «you are signed out», so the
    state is not checked there.
    """
    try:
        return client().create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri,
            id_token_hint=id_token or None,
            client_id=settings.OIDC_CLIENT_ID,
        )["url"]
    except (SignInError, RuntimeError):
        return None
