"""The placements cast: the people and the intake's cast (accounts and intake tests' conftest)."""

import pytest

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


@pytest.fixture
def private_storage_in_tmp(settings, tmp_path):
    """Minutes PDFs go to a private storage in the test's own folder."""
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    storages._storages = {}
    yield
    storages._storages = {}
