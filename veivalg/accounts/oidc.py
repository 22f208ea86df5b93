"""An OpenID Connect relying party for citizen sign-in (ID-porten in production).

Authorization code flow with PKCE (S256), `state` and `nonce`. The ID token's signature is
checked against the provider's JWKS with joserfc, and `iss`, `aud`, `exp` and `nonce` are checked.
Nothing here logs a token, a code or a claim value.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

DISCOVERY_TTL = 3600
# Only public-key signatures: never "none", never a shared-secret HMAC.
ALLOWED_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}


class SignInError(Exception):
    """A sign-in that must be refused. `reason` is a short code safe to log (no personal data)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    signing_algorithms: tuple[str, ...]


_lock = threading.Lock()
_providers: dict[str, tuple[float, Provider]] = {}
_key_sets: dict[str, KeySet] = {}


def _http() -> httpx.Client:
    return httpx.Client(timeout=settings.OIDC_HTTP_TIMEOUT, follow_redirects=False)


def provider(*, refresh: bool = False) -> Provider:
    """The provider's metadata from `<issuer>/.well-known/openid-configuration`, cached an hour."""
    issuer = settings.OIDC_ISSUER
    with _lock:
        cached = _providers.get(issuer)
    if cached and not refresh and cached[0] > time.monotonic():
        return cached[1]
    try:
        with _http() as http:
            response = http.get(f"{issuer}/.well-known/openid-configuration")
            response.raise_for_status()
            data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInError("discovery_failed") from error
    if data.get("issuer", "").rstrip("/") != issuer:
        raise SignInError("discovery_issuer_mismatch")
    metadata = Provider(
        issuer=data["issuer"],
        authorization_endpoint=data["authorization_endpoint"],
        token_endpoint=data["token_endpoint"],
        jwks_uri=data["jwks_uri"],
        end_session_endpoint=data.get("end_session_endpoint"),
        signing_algorithms=tuple(
            alg
            for alg in data.get("id_token_signing_alg_values_supported") or ["RS256"]
            if alg in ALLOWED_ALGORITHMS
        ),
    )
    with _lock:
        _providers[issuer] = (time.monotonic() + DISCOVERY_TTL, metadata)
    return metadata


def _key_set(meta: Provider, *, refresh: bool = False) -> KeySet:
    with _lock:
        keys = _key_sets.get(meta.jwks_uri)
    if keys is not None and not refresh:
        return keys
    try:
        with _http() as http:
            response = http.get(meta.jwks_uri)
            response.raise_for_status()
            keys = KeySet.import_key_set(response.json())
    except (httpx.HTTPError, ValueError, JoseError) as error:
        raise SignInError("jwks_failed") from error
    with _lock:
        _key_sets[meta.jwks_uri] = keys
    return keys


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class LoginAttempt:
    """What the session keeps between the redirect to the provider and the way back."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> LoginAttempt:
        return cls(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=secrets.token_urlsafe(64),
        )

    @property
    def code_challenge(self) -> str:
        return _b64url(hashlib.sha256(self.code_verifier.encode()).digest())


def authorization_url(attempt: LoginAttempt, *, redirect_uri: str, ui_locales: str = "nb") -> str:
    meta = provider()
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.OIDC_SCOPES,
        "state": attempt.state,
        "nonce": attempt.nonce,
        "code_challenge": attempt.code_challenge,
        "code_challenge_method": "S256",
        "ui_locales": ui_locales,
    }
    return f"{meta.authorization_endpoint}?{urlencode(params)}"


def exchange_code(*, code: str, attempt: LoginAttempt, redirect_uri: str) -> tuple[dict, str]:
    """Trade the code for tokens; the verified ID token's claims and the raw ID token."""
    meta = provider()
    try:
        with _http() as http:
            response = http.post(
                meta.token_endpoint,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": attempt.code_verifier,
                },
                auth=(settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET),
                headers={"Accept": "application/json"},
            )
    except httpx.HTTPError as error:
        raise SignInError("token_request_failed") from error
    if response.status_code != 200:
        raise SignInError("code_rejected")
    try:
        id_token = response.json()["id_token"]
    except (ValueError, KeyError, TypeError):
        raise SignInError("no_id_token") from None
    return verify_id_token(id_token, nonce=attempt.nonce), id_token


def verify_id_token(id_token: str, *, nonce: str) -> dict:
    meta = provider()
    try:
        token = _decode(id_token, meta, refresh=False)
    except SignInError:
        # The provider may have rotated its keys since we fetched them.
        token = _decode(id_token, meta, refresh=True)
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=60,
        iss={"essential": True, "value": meta.issuer},
        aud={"essential": True, "value": settings.OIDC_CLIENT_ID},
        exp={"essential": True},
        sub={"essential": True},
    )
    try:
        registry.validate(claims)
    except JoseError:
        raise SignInError("id_token_claims_invalid") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID:
        raise SignInError("id_token_claims_invalid")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise SignInError("nonce_mismatch")
    return claims


def _decode(id_token: str, meta: Provider, *, refresh: bool):
    try:
        return jwt.decode(id_token, _key_set(meta, refresh=refresh), algorithms=list(meta.signing_algorithms))
    except (JoseError, ValueError):
        raise SignInError("id_token_signature_invalid") from None


def end_session_url(*, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the provider's session too, if the provider says how."""
    try:
        meta = provider()
    except SignInError:
        return None
    if not meta.end_session_endpoint:
        return None
    params = {"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": settings.OIDC_CLIENT_ID}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{meta.end_session_endpoint}?{urlencode(params)}"
