"""Accounts services: staff set-up, citizen sign-in, acting for someone, consent. A person's own
data (download, correction, deletion, retention) is in own_data.py.

Views call these; they never write these models themselves.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from veivalg.places.models import Municipality

from .identity import InvalidIdentityNumber, birth_date, identity_hash, validate_identity_number
from .models import (
    ROLES_BY_ORGANISATION_KIND,
    Basis,
    Consent,
    EditorAssignment,
    Organisation,
    Person,
    Purpose,
    Relationship,
    StaffRole,
)
from .oidc import SignInError

EDITOR_GROUP = "Redaktør"
ACTING_FOR_SESSION_KEY = "accounts_acting_for"
ID_TOKEN_SESSION_KEY = "accounts_id_token"

signin_log = logging.getLogger("veivalg.accounts.signin")


@transaction.atomic
def make_editor(*, user, office: str, municipalities: list[Municipality]) -> EditorAssignment:
    """Let a staff user edit the directory data of the given municipalities, shown as `office`."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    assignment, _created = EditorAssignment.objects.update_or_create(user=user, defaults={"office": office})
    assignment.municipalities.set(municipalities)
    return assignment


@transaction.atomic
def add_staff_role(*, user, organisation: Organisation, role: str) -> StaffRole:
    """Give a user a role in an organisation; the kind of organisation must allow the role."""
    if role not in ROLES_BY_ORGANISATION_KIND[organisation.kind]:
        raise ValueError(f"a {organisation.kind} cannot give the role {role}")
    staff_role, _created = StaffRole.objects.get_or_create(user=user, organisation=organisation, role=role)
    return staff_role


def roles_of(user, *kinds: str):
    """The user's roles (of the given kinds), with their organisations."""
    if not getattr(user, "is_authenticated", False):
        return StaffRole.objects.none()
    return StaffRole.objects.of(user, *kinds).select_related("organisation")


def organisations_of(user, *kinds: str):
    """The organisations in which the user holds one of the given roles."""
    return Organisation.objects.filter(pk__in=roles_of(user, *kinds).values("organisation"))


def municipalities_served(user, *kinds: str):
    """The municipalities the user's organisations serve in the given roles."""
    return Municipality.objects.filter(organisations__in=organisations_of(user, *kinds)).distinct()


# --- sign-in ------------------------------------------------------------------------------------


def log_refused_sign_in(reason: str) -> None:
    """Record a refused sign-in by its reason code only: no number, token, code or state."""
    signin_log.warning("citizen sign-in refused: %s", reason)


def _display_name(claims: dict) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return name.strip()[:200] if isinstance(name, str) else ""


@transaction.atomic
def person_for_claims(claims: dict) -> Person:
    """The person the verified ID token is about, created at the first sign-in.

    The identity number comes from the `pid` claim; it must be a valid fødselsnummer or
    D-nummer, and only its keyed hash is stored.
    """
    try:
        number = validate_identity_number(claims.get("pid"))
    except InvalidIdentityNumber:
        raise SignInError("pid_invalid") from None
    person, created = Person.objects.select_for_update().get_or_create(
        identity_hash=identity_hash(number),
        defaults={"birth_date": birth_date(number), "display_name": _display_name(claims)},
    )
    if not created and not person.display_name and _display_name(claims):
        person.display_name = _display_name(claims)
        person.save(update_fields=["display_name"])
    if person.user_id is None:
        user = get_user_model().objects.create_user(username=f"person-{person.pk}")
        person.user = user
        person.save(update_fields=["user"])
    return person


def _id_token_cipher() -> AESGCM:
    key = hashlib.sha256(f"veivalg.id-token:{settings.SECRET_KEY}".encode()).digest()
    return AESGCM(key)


def seal_id_token(id_token: str) -> str:
    """The ID token holds the identity number, so the session table keeps it encrypted."""
    nonce = secrets.token_bytes(12)
    return base64.urlsafe_b64encode(
        nonce + _id_token_cipher().encrypt(nonce, id_token.encode(), None)
    ).decode()


def open_id_token(sealed: str | None) -> str | None:
    if not sealed:
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return _id_token_cipher().decrypt(raw[:12], raw[12:], None).decode()
    except Exception:  # a changed key or a damaged value: sign out without a hint
        return None


# --- acting for someone -------------------------------------------------------------------------


def active_relationships(relative: Person, *, today: datetime.date | None = None):
    return (
        Relationship.objects.active(today)
        .filter(relative=relative)
        .select_related("participant")
        .order_by("participant__display_name")
    )


def relationship_between(
    relative: Person | None, participant: Person, *, today: datetime.date | None = None
) -> Relationship | None:
    if relative is None:
        return None
    # Asked twice per page (the rule, then the access log's role); the answer is kept on the
    # relative's object, which lives for one request.
    memo = relative.__dict__.setdefault("_relationship_memo", {})
    key = (participant.pk, today)
    if key not in memo:
        links = Relationship.objects.filter(relative=relative, participant=participant).select_related(
            "participant"
        )
        # A relative with two bases (the participant's consent and guardianship) gets the one
        # that lets them decide; the consent alone only lets them look.
        active = sorted(
            (link for link in links if link.is_active(today)), key=lambda link: link.basis == Basis.CONSENT
        )
        memo[key] = active[0] if active else None
    return memo[key]


def relatives_of(participant: Person):
    """Everyone who has had a right to act for the participant, newest first, in force or not."""
    return (
        Relationship.objects.filter(participant=participant)
        .select_related("relative", "participant", "withdrawn_by")
        .order_by("-created_at")
    )


class CannotEndRelationship(Exception):
    """Only the participant can end a relative's access, and only one given on their consent:
    guardianship is decided by the county governor (statsforvalteren), and a parent's right ends
    by itself on the 18th birthday."""


@transaction.atomic
def end_relationship(*, relationship: Relationship, by: Person) -> Relationship:
    """The participant ends a relative's right to act for them on the participant's consent.

    It takes effect at once: every request re-checks the relationship (`acting_for`), so the
    relative's next request switches their acting back and the participant's pages answer 404.
    Ending twice keeps the first time. Who ended it, and when, stays on the row.
    """
    link = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if by.pk != link.participant_id or link.basis != Basis.CONSENT:
        raise CannotEndRelationship
    if link.withdrawn_at is None:
        link.withdrawn_at = timezone.now()
        link.withdrawn_by = by
        link.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return link


def start_acting_for(request, *, relative: Person, participant: Person) -> None:
    """Let the signed-in relative act for the participant. Only the session holds the choice."""
    if relationship_between(relative, participant) is None:
        raise PermissionError("no active relationship")
    request.session[ACTING_FOR_SESSION_KEY] = str(participant.pk)


def stop_acting(request) -> None:
    request.session.pop(ACTING_FOR_SESSION_KEY, None)


def own_person(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def acting_for(request) -> Person | None:
    """The participant the signed-in relative is acting for, if the right still holds.

    Checked on every request: a relationship that ended (a child turned 18, consent withdrawn)
    ends the acting at once.
    """
    person_id = request.session.get(ACTING_FOR_SESSION_KEY)
    if not person_id:
        return None
    me = own_person(request.user)
    try:
        participant = Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValueError, Exception):
        participant = None
    if participant is None or relationship_between(me, participant) is None:
        stop_acting(request)
        return None
    return participant


def current_subject(request) -> Person | None:
    """Whose information the signed-in person is looking at: someone they act for, or themself."""
    return acting_for(request) or own_person(request.user)


# --- consent ------------------------------------------------------------------------------------


def has_consent(
    person: Person, purpose: str, *, for_party: str | None = None, today: datetime.date | None = None
) -> bool:
    """Whether `person` has a consent in force for `purpose` (and for `for_party`, when given).

    The one check later features call before they share or use anything under a consent.
    A consent given for no particular party covers every party; a withdrawn or ended one none.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    consents = Consent.objects.in_force(today).filter(person=person, purpose=purpose)
    if for_party is not None:
        consents = consents.filter(party__in=["", for_party])
    return consents.exists()


def give_consent(
    *,
    person: Person,
    purpose: str,
    given_by: Person | None = None,
    scope: str = "",
    party: str = "",
    ends_on: datetime.date | None = None,
) -> Consent:
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        given_by=given_by or person,
        scope=scope,
        party=party,
        ends_on=ends_on,
    )


@transaction.atomic
def withdraw_consent(*, consent: Consent, by: Person) -> Consent:
    """Withdraw at once. Withdrawing twice keeps the first time."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return consent


def add_relationship(
    *,
    relative: Person,
    participant: Person,
    basis: str,
    scope: str = "",
    mandate: str = "",
    valid_until: datetime.date | None = None,
) -> Relationship:
    if basis == Basis.CONSENT and not scope:
        raise ValueError("a relationship on the participant's consent needs a scope")
    if basis == Basis.GUARDIAN and not mandate:
        raise ValueError("a guardian relationship needs the mandate")
    return Relationship.objects.create(
        relative=relative,
        participant=participant,
        basis=basis,
        scope=scope,
        mandate=mandate,
        valid_until=valid_until,
    )
