"""A citizen signs in through a real OpenID Connect provider (oidc-provider-mock on 127.0.0.1)."""

import base64
import datetime
import hashlib
import hmac
import json
import logging

import pytest

from veivalg.accounts import oidc
from veivalg.accounts.identity import identity_hash
from veivalg.accounts.models import Person
from veivalg.accounts.services import ID_TOKEN_SESSION_KEY, open_id_token
from veivalg.accounts.testing import identity_number, path_of, query_of

pytestmark = pytest.mark.django_db

PID = identity_number(datetime.date(1990, 3, 14))


def start(client) -> str:
    response = client.post("/logg-inn/start/")
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, *, sub="ola", pid=PID, name="Ola Nordmann"):
    provider.set_user(sub, pid=pid, name=name)
    back = provider.authorize(start(client), sub)
    return client.get(path_of(back))


def test_sign_in_page_has_a_button(client):
    response = client.get("/logg-inn/")
    assert "Logg inn med ID-porten" in response.content.decode()


def _pending(client, state: str) -> dict:
    """What Authlib keeps in the session for the sign-in attempt with this state."""
    return client.session[f"_state_{oidc.CLIENT_NAME}_{state}"]["data"]


def test_authorization_request_uses_pkce_s256_state_and_nonce(client, oidc_provider):
    query = query_of(start(client))
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    pending = _pending(client, query["state"])
    verifier = pending["code_verifier"]
    assert 43 <= len(verifier) <= 128
    assert query["code_challenge"] == b64url(hashlib.sha256(verifier.encode()).digest())
    assert query["nonce"] == pending["nonce"] and len(query["nonce"]) >= 20
    assert len(query["state"]) >= 20
    assert query["redirect_uri"] == "http://testserver/logg-inn/tilbake/"


def test_every_attempt_gets_its_own_state_nonce_and_verifier(client, oidc_provider):
    first, second = query_of(start(client)), query_of(start(client))
    assert first["state"] != second["state"] and first["nonce"] != second["nonce"]
    assert first["code_challenge"] != second["code_challenge"]


def test_citizen_signs_in_and_is_linked_to_one_person(client, oidc_provider):
    response = sign_in(client, oidc_provider)
    assert response.status_code == 302 and response["Location"] == "/min-side/"
    person = Person.objects.get()
    assert person.identity_hash == identity_hash(PID)
    assert person.birth_year == 1990
    assert person.display_name == "Ola Nordmann"
    assert client.get("/min-side/").status_code == 200

    client.post("/logg-ut/")
    sign_in(client, oidc_provider)
    assert Person.objects.count() == 1


def test_identity_number_is_stored_nowhere_in_plain_text(client, oidc_provider, django_db_blocker):
    sign_in(client, oidc_provider)
    from django.contrib.sessions.models import Session
    from django.core import serializers

    dump = serializers.serialize("json", [*Person.objects.all(), *Session.objects.all()])
    for session in Session.objects.all():
        dump += str(session.get_decoded())
    assert PID not in dump
    assert ID_TOKEN_SESSION_KEY in client.session  # sealed, for the sign-out hint


def test_tampered_state_is_refused_without_a_session(client, oidc_provider, caplog):
    oidc_provider.set_user("ola", pid=PID)
    back = oidc_provider.authorize(start(client), "ola")
    tampered = back.replace("state=", "state=x")
    with caplog.at_level(logging.WARNING, logger="veivalg.accounts.signin"):
        response = client.get(path_of(tampered))
    assert response.status_code == 400
    assert "Du er ikke logget inn" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Person.objects.count() == 0
    assert "state_mismatch" in caplog.text
    assert PID not in caplog.text and query_of(back)["code"] not in caplog.text


def test_replayed_callback_is_refused(client, oidc_provider):
    oidc_provider.set_user("ola", pid=PID)
    back = oidc_provider.authorize(start(client), "ola")
    assert client.get(path_of(back)).status_code == 302
    client.post("/logg-ut/")
    response = client.get(path_of(back))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_replayed_nonce_is_refused(client, oidc_provider, caplog):
    """An ID token issued for an earlier login (its nonce) cannot complete a new one."""
    other = oidc_provider.__class__(oidc_provider.issuer)
    from django.test import Client

    attacker = Client()
    oidc_provider.set_user("ola", pid=PID)
    stolen = other.authorize(start(attacker), "ola")  # a code bound to the attacker's nonce
    victim_start = query_of(start(client))
    # The victim's own state, with the attacker's code.
    with caplog.at_level(logging.WARNING, logger="veivalg.accounts.signin"):
        response = client.get(
            f"/logg-inn/tilbake/?code={query_of(stolen)['code']}&state={victim_start['state']}"
        )
    assert response.status_code == 400
    assert "nonce_mismatch" in caplog.text
    assert "_auth_user_id" not in client.session


def test_used_code_is_refused(client, oidc_provider, caplog):
    oidc_provider.set_user("ola", pid=PID)
    back = oidc_provider.authorize(start(client), "ola")
    code = query_of(back)["code"]
    assert client.get(path_of(back)).status_code == 302
    client.post("/logg-ut/")
    state = query_of(start(client))["state"]
    with caplog.at_level(logging.WARNING, logger="veivalg.accounts.signin"):
        response = client.get(f"/logg-inn/tilbake/?code={code}&state={state}")
    assert response.status_code == 400
    assert "code_rejected" in caplog.text


def test_provider_error_is_explained(client, oidc_provider):
    back = oidc_provider.deny(start(client))
    assert "error=access_denied" in back
    response = client.get(path_of(back))
    assert response.status_code == 400
    assert "Innloggingen ble avbrutt" in response.content.decode()


def test_invalid_identity_number_is_refused_and_not_logged(client, oidc_provider, caplog):
    bad = PID[:-1] + str((int(PID[-1]) + 1) % 10)
    with caplog.at_level(logging.INFO):
        response = sign_in(client, oidc_provider, pid=bad)
    assert response.status_code == 400
    assert "gyldig fødselsnummer" in response.content.decode()
    assert Person.objects.count() == 0
    assert "_auth_user_id" not in client.session
    assert "pid_invalid" in caplog.text and bad not in caplog.text


def test_missing_identity_number_is_refused(client, oidc_provider):
    oidc_provider.set_user("nopid", name="Uten nummer")
    back = oidc_provider.authorize(start(client), "nopid")
    assert client.get(path_of(back)).status_code == 400
    assert Person.objects.count() == 0


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _part(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _tokens(client, provider) -> tuple[str, str]:
    """A real ID token from a completed sign-in (kept sealed in the session), and its nonce."""
    sign_in(client, provider)
    id_token = open_id_token(client.session[ID_TOKEN_SESSION_KEY])
    return id_token, _part(id_token.split(".")[1])["nonce"]


def test_the_kept_id_token_verifies(client, oidc_provider):
    id_token, nonce = _tokens(client, oidc_provider)
    claims = oidc.verify_id_token(id_token, nonce=nonce)
    assert claims["pid"] == PID and "veivalg-test" in claims["aud"]


def test_id_token_for_another_client_is_refused(client, oidc_provider, settings):
    id_token, nonce = _tokens(client, oidc_provider)
    settings.OIDC_CLIENT_ID = "someone-else"
    with pytest.raises(oidc.SignInError, match="id_token_claims_invalid"):
        oidc.verify_id_token(id_token, nonce=nonce)


def test_id_token_with_a_forged_signature_is_refused(client, oidc_provider):
    id_token, nonce = _tokens(client, oidc_provider)
    header, payload, signature = id_token.split(".")
    forged = f"{header}.{payload}.{signature[:-6]}AAAAAA"
    with pytest.raises(oidc.SignInError, match="id_token_signature_invalid"):
        oidc.verify_id_token(forged, nonce=nonce)


def test_id_token_with_another_identity_number_under_the_real_signature_is_refused(client, oidc_provider):
    """An attacker edits the claims of a genuine token (someone else's number) and keeps its signature."""
    id_token, nonce = _tokens(client, oidc_provider)
    header, payload, signature = id_token.split(".")
    claims = _part(payload) | {"pid": identity_number(datetime.date(1985, 1, 2))}
    tampered = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(oidc.SignInError, match="id_token_signature_invalid"):
        oidc.verify_id_token(tampered, nonce=nonce)


def test_unsigned_id_token_is_refused(client, oidc_provider):
    id_token, nonce = _tokens(client, oidc_provider)
    payload = id_token.split(".")[1]
    unsigned = f"{b64url(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{payload}."
    with pytest.raises(oidc.SignInError, match="id_token_signature_invalid"):
        oidc.verify_id_token(unsigned, nonce=nonce)


def test_id_token_signed_with_the_client_secret_is_refused(client, oidc_provider, settings):
    """Algorithm confusion: HS256 keyed by our own client secret, which an insider may know."""
    id_token, nonce = _tokens(client, oidc_provider)
    header = _part(id_token.split(".")[0]) | {"alg": "HS256"}
    signing_input = f"{b64url(json.dumps(header).encode())}.{id_token.split('.')[1]}"
    mac = hmac.new(settings.OIDC_CLIENT_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(oidc.SignInError, match="id_token_signature_invalid"):
        oidc.verify_id_token(f"{signing_input}.{b64url(mac)}", nonce=nonce)


def test_id_token_with_another_nonce_is_refused(client, oidc_provider):
    id_token, _nonce = _tokens(client, oidc_provider)
    with pytest.raises(oidc.SignInError, match="nonce_mismatch"):
        oidc.verify_id_token(id_token, nonce="another")


def test_sign_out_ends_the_provider_session_too(client, oidc_provider):
    sign_in(client, oidc_provider)
    response = client.post("/logg-ut/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{oidc_provider.issuer}/oauth2/end_session?")
    query = query_of(location)
    assert query["post_logout_redirect_uri"] == "http://testserver/logget-ut/"
    assert query["id_token_hint"].count(".") == 2
    assert "_auth_user_id" not in client.session
    assert client.get("/logget-ut/").status_code == 200
    assert client.get("/min-side/").status_code == 302


def test_unavailable_provider_gives_a_clear_page(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    oidc.forget_provider()
    response = client.post("/logg-inn/start/")
    assert response.status_code == 503
    assert "svarer ikke" in response.content.decode()
