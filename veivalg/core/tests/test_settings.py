"""An operator who sets a number, a switch or a JSON value wrongly gets a message naming the
variable when the process starts, not a bare ValueError (or a silently wrong value) later."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings


def start_with(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with these environment variables."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "veivalg.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("AXES_FAILURE_LIMIT", "fem", "AXES_FAILURE_LIMIT must be a whole number, got 'fem'"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be at least 1"),
        ("STATS_CACHE_SECONDS", "-5", "STATS_CACHE_SECONDS must be at least 0"),
        ("OIDC_HTTP_TIMEOUT", "ti", "OIDC_HTTP_TIMEOUT must be a number such as 2.5, got 'ti'"),
        ("DIRECTORY_VERSION_SECONDS", "nan", "DIRECTORY_VERSION_SECONDS must be at least 0"),
        ("PRIVATE_STORAGE_OPTIONS", "[1]", "PRIVATE_STORAGE_OPTIONS must be a JSON object, got list"),
        ("PRIVATE_STORAGE_OPTIONS", "{location", "PRIVATE_STORAGE_OPTIONS must be a JSON object:"),
        ("DEBUG", "kanskje", "DEBUG must be a boolean (true/false), got 'kanskje'"),
    ],
)
def test_a_bad_value_stops_the_start_with_the_variable_named(name, value, expected):
    result = start_with(**{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert expected in result.stderr


def test_good_values_are_used():
    result = start_with(AXES_FAILURE_LIMIT="7", OIDC_HTTP_TIMEOUT="2.5", DEBUG="false")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
