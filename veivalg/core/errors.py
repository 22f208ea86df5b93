"""Domain errors every app shares: a rule said no, and nothing was saved. Each app's own error
family (`IntakeError`, `PlacementError`) keeps its kinds; the two that mean the same everywhere
are defined once here and mixed into each family, so `except StaleVersion` from this module
catches a stale copy whichever app refused it, and `except IntakeError` still catches intake's.
"""

from __future__ import annotations


class DomainError(Exception):
    """A domain rule said no; `code` names which, for the view's message."""

    code = "domain_error"


class StaleVersion(DomainError):
    """Someone saved a newer copy after the user opened theirs (another tab, a colleague)."""

    code = "stale"


class NotAllowed(DomainError):
    """The current state (or the user) does not allow the change; the argument says which rule."""

    code = "not_allowed"
