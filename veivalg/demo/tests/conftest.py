"""Demo test set-up: images (the pictograms the content loader draws) go to a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
