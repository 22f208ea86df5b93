"""Many people sign up and confirm at once: places go to exactly as many as there are, none is
lost, and the rest are on the waiting list.

Runs on PostgreSQL, where the row lock on the event serialises the registrations. SQLite locks
the whole database file instead, so the property is tested where it matters.
"""

import importlib
import threading
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection, connections

from veivalg.events.models import Registration, RegistrationStatus
from veivalg.events.services import confirm_registration, register_for_event

from .factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


@pytest.fixture(autouse=True)
def _municipalities():
    """A transactional test empties every table when it ends: the next one loads the reference
    data again (the migration's loader is idempotent)."""
    importlib.import_module("veivalg.places.migrations.0002_load_reference_data").load(apps, None)


def all_at_once(count: int, action: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            action(n)
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_thirty_sign_ups_at_once_then_thirty_confirmations_give_ten_places_and_twenty_waiting():
    event = EventFactory(capacity=10)
    errors = all_at_once(
        30, lambda n: register_for_event(event=event, name=f"Person {n}", email=f"person{n}@eksempel.no")
    )
    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 30
    assert registrations.filter(status=RegistrationStatus.PENDING).count() == 30
    tokens = list(registrations.values_list("confirm_token", flat=True))
    assert all_at_once(30, lambda n: confirm_registration(token=tokens[n])) == []
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    assert registrations.filter(status=RegistrationStatus.WAITING).count() == 20


def test_twenty_confirming_at_once_for_the_last_place_gives_it_to_exactly_one():
    event = EventFactory(capacity=5)
    for _ in range(4):
        RegistrationFactory(event=event)
    pending = [RegistrationFactory(event=event, status=RegistrationStatus.PENDING) for _ in range(20)]
    assert all_at_once(20, lambda n: confirm_registration(token=pending[n].confirm_token)) == []
    racing = Registration.objects.filter(pk__in=[r.pk for r in pending])
    assert racing.filter(status=RegistrationStatus.CONFIRMED).count() == 1
    assert racing.filter(status=RegistrationStatus.WAITING).count() == 19
    positions = sorted(r.waiting_position() for r in racing.filter(status=RegistrationStatus.WAITING))
    assert positions == list(range(1, 20))
