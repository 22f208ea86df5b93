"""The placements cast: the people and the intake's cast (accounts and intake tests' conftest)."""

from veivalg.accounts.tests.conftest import guardian, outsider, participant  # noqa: F401
from veivalg.intake.tests.conftest import (  # noqa: F401
    case,
    caseworker,
    nav_counsellor,
    offers,
    offices,
    other_caseworker,
    provider,
    provider_staff,
)
