"""One stale-copy error and one not-allowed error for every app: a caller that only knows core
catches intake's and placements' refusals, and each app's own family still catches its kinds."""

import pytest

from veivalg.core import errors
from veivalg.intake.services import errors as intake
from veivalg.placements.services import errors as placements


@pytest.mark.parametrize("family", [intake.IntakeError, placements.PlacementError])
def test_each_apps_stale_and_not_allowed_are_cores_and_its_own(family):
    module = intake if family is intake.IntakeError else placements
    for own, shared, code in (
        (module.StaleVersion, errors.StaleVersion, "stale"),
        (module.NotAllowed, errors.NotAllowed, "not_allowed"),
    ):
        refusal = own("why")
        assert isinstance(refusal, shared) and isinstance(refusal, family)
        assert refusal.code == code
