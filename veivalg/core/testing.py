"""Helpers for tests that several apps share (imported only by tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings


@contextmanager
def data_for_the_module(django_db_blocker) -> Iterator[None]:
    """Rows made inside last for every test of a module and are rolled back after the last one.

    For data that takes seconds to load (the demo loaders) and that the tests only read: it is
    made once in an outer transaction, each test runs in a savepoint inside it (pytest-django's
    own per-test transaction) and so sees the rows and cannot leave changes behind, as Django's
    `TestCase.setUpTestData` does. The autouse `settings` fixture does not reach a module
    fixture, so demo loading is allowed here explicitly.
    """
    with django_db_blocker.unblock(), override_settings(ALLOW_DEMO_DATA=True), transaction.atomic():
        yield
        transaction.set_rollback(True)
