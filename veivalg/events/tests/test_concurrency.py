"""Thirty people register at once for ten places: exactly ten get a place, none is lost.

Runs on PostgreSQL, where the row lock on the event serialises the registrations. SQLite locks
the whole database file instead, so the property is tested where it matters.
"""

import threading

import pytest
from django.db import connection, connections

from veivalg.events.models import Registration, RegistrationStatus
from veivalg.events.services import register_for_event

from .factories import EventFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_thirty_at_once_for_ten_places_gives_ten_confirmed_and_twenty_waiting():
    event = EventFactory(capacity=10)
    barrier = threading.Barrier(30)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            register_for_event(event=event, name=f"Person {n}", email=f"person{n}@eksempel.no")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 30
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    assert registrations.filter(status=RegistrationStatus.WAITING).count() == 20
