"""The intake's domain errors: a rule said no. Views catch `IntakeError` (or one of its kinds)
and show a clear message; nothing was saved."""

from __future__ import annotations

from veivalg.core import errors


class IntakeError(errors.DomainError):
    """A domain rule said no; `message` is for the user (already translated by the caller)."""

    code = "intake_error"


class StaleVersion(IntakeError, errors.StaleVersion):
    code = "stale"


class NotAllowed(IntakeError, errors.NotAllowed):
    code = "not_allowed"


class NoOffice(IntakeError):
    code = "no_office"


class OfferClosed(IntakeError):
    code = "offer_closed"

    def __init__(self, offers):
        super().__init__(offers)
        self.offers = offers


class Incomplete(IntakeError):
    code = "incomplete"

    def __init__(self, steps):
        super().__init__(steps)
        self.steps = steps


class AttachmentRejected(IntakeError):
    """`code` is one of: too_large, wrong_type, empty, too_many."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
