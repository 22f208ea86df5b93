"""Letter templates: each office's wording of its decision letters, and the review every change
goes through before a letter uses it.

- An allocation office has templates for vedtak, a NAV office for tilsagn: one per outcome and
  written standard. The national templates (no office) are the fallback; only a platform
  administrator may change them.
- Staff see and change only their own office's templates. Every lookup goes through
  `editable_templates(user)`, never through a template's number alone.
- A change is a proposal (`propose_change`). Letters keep the approved text until a second
  person who may change the template approves it (`approve_change`); the one who proposed it
  cannot. `reject_change` drops it. A newer proposal replaces a pending one; the form carries
  the pending change it was based on, so nobody replaces a colleague's proposal unknowingly.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from veivalg.accounts.models import Organisation
from veivalg.accounts.rules import is_administrator

from .models import LetterTemplate, LetterTemplateChange, Route
from .selectors import OFFICE_KIND, handler_offices
from .services.errors import IntakeError, StaleVersion
from .states import DECISION_OUTCOMES

ROUTE_OF_OFFICE_KIND = {kind: route for route, kind in OFFICE_KIND.items()}
LANGUAGES = ("nb", "nn")
Pending = LetterTemplateChange.Status.PENDING


class OwnChange(IntakeError):
    """The person who proposed a change cannot approve it."""

    code = "own_change"


class ChangeNotPending(IntakeError):
    """The change was approved, rejected or replaced by a newer one in the meantime."""

    code = "not_pending"


class NothingChanged(IntakeError):
    code = "nothing_changed"


# --- reads --------------------------------------------------------------------------------------


def editable_templates(user) -> QuerySet[LetterTemplate]:
    """The templates the user may see, change and review: every one for an administrator; for
    a caseworker or NAV counsellor, their own office's templates for the route it decides."""
    if not getattr(user, "is_authenticated", False):
        return LetterTemplate.objects.none()
    if is_administrator.test(user):
        return LetterTemplate.objects.all()
    own = LetterTemplate.objects.none()
    for route in Route.values:
        own |= LetterTemplate.objects.filter(route=route, office__in=handler_offices(user, route))
    return own


def office_templates(office: Organisation) -> list[LetterTemplate]:
    """The office's templates, one per outcome and written standard of the route it decides.
    Missing ones are made without text: until the office approves a text of its own, its
    letters use the national text."""
    route = ROUTE_OF_OFFICE_KIND.get(office.kind)
    if route is None:
        return []
    LetterTemplate.objects.bulk_create(
        [
            LetterTemplate(office=office, route=route, outcome=outcome, language=language)
            for outcome in DECISION_OUTCOMES
            for language in LANGUAGES
        ],
        ignore_conflicts=True,
    )
    return list(
        LetterTemplate.objects.filter(office=office, route=route)
        .select_related("approved_by")
        .order_by("outcome", "language")
    )


def wording(template: LetterTemplate) -> tuple[str, str]:
    """The title and body letters from the template's office use now (the national text while
    the office has none of its own)."""
    if template.body:
        return template.title, template.body
    national = (
        LetterTemplate.objects.national()
        .filter(route=template.route, outcome=template.outcome, language=template.language)
        .first()
    )
    return (national.title, national.body) if national is not None else ("", "")


def pending_change(template: LetterTemplate) -> LetterTemplateChange | None:
    return template.changes.filter(status=Pending).select_related("proposed_by").first()


def changes_to_review(user) -> QuerySet[LetterTemplateChange]:
    """Pending changes of the templates the user may change (their own among them)."""
    return (
        LetterTemplateChange.objects.filter(status=Pending, template__in=editable_templates(user))
        .select_related("template__office", "proposed_by")
        .order_by("proposed_at")
    )


# --- actions ------------------------------------------------------------------------------------


def _lock(template: LetterTemplate) -> LetterTemplate:
    return LetterTemplate.objects.select_for_update(of=("self",)).get(pk=template.pk)


@transaction.atomic
def propose_change(
    *, template: LetterTemplate, title: str, body: str, by, replacing: uuid.UUID | None
) -> LetterTemplateChange:
    """Propose a new wording. `replacing` is the pending change the proposer saw (None when
    none was pending); if another has come since, nothing is saved (StaleVersion)."""
    locked = _lock(template)
    pending = locked.changes.filter(status=Pending).first()
    if (pending.pk if pending else None) != replacing:
        raise StaleVersion
    if pending is None and (title, body) == wording(locked):
        raise NothingChanged
    now = timezone.now()
    if pending is not None:
        pending.status = LetterTemplateChange.Status.REPLACED
        pending.reviewed_at = now
        pending.save(update_fields=["status", "reviewed_at"])
    return LetterTemplateChange.objects.create(
        template=locked, title=title, body=body, proposed_by=by, proposed_at=now
    )


def _pending_locked(change: LetterTemplateChange) -> tuple[LetterTemplate, LetterTemplateChange]:
    # The template first, as propose_change does, so two reviewers cannot deadlock.
    template = _lock(change.template)
    locked = LetterTemplateChange.objects.select_for_update(of=("self",)).get(pk=change.pk)
    if locked.status != Pending:
        raise ChangeNotPending
    return template, locked


@transaction.atomic
def approve_change(*, change: LetterTemplateChange, by) -> LetterTemplate:
    """A second person approves the change: from now on letters use its text."""
    template, locked = _pending_locked(change)
    if locked.proposed_by_id is not None and locked.proposed_by_id == by.pk:
        raise OwnChange
    now = timezone.now()
    template.title, template.body = locked.title, locked.body
    template.approved_by, template.approved_at = by, now
    template.save(update_fields=["title", "body", "approved_by", "approved_at"])
    locked.status, locked.reviewed_by, locked.reviewed_at = LetterTemplateChange.Status.APPROVED, by, now
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return template


@transaction.atomic
def reject_change(*, change: LetterTemplateChange, by, note: str = "") -> LetterTemplateChange:
    """Drop the change (the proposer may withdraw their own); letters keep the approved text."""
    _, locked = _pending_locked(change)
    locked.status = LetterTemplateChange.Status.REJECTED
    locked.reviewed_by, locked.reviewed_at, locked.review_note = by, timezone.now(), note
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return locked
