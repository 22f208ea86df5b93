"""Two app servers writing the access log at once keep one chain (PostgreSQL's row lock on the
chain head). Transactional, alone in this file so that it runs after the other tests on its
process: a transactional test empties the database when it ends."""

import os
import threading

import pytest
from django.db import connections

from veivalg.audit.services import log_access, log_reads

from .test_chain import verify

POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.skipif(not POSTGRESQL, reason="two app servers writing at once: PostgreSQL's row lock")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_at_once_keep_one_chain(participant, django_user_model):
    """Eight workers each write ten entries as fast as they can, all starting together; without
    the head's lock two of them would chain onto the same entry."""
    workers, each = 8, 10
    start = threading.Barrier(workers)
    failures: list[BaseException] = []
    staff = django_user_model.objects.create_user("saksbehandler", is_staff=True)

    def write(number: int) -> None:
        try:
            start.wait()
            for index in range(each):
                if index % 2:
                    log_access(
                        person=participant, actor_name=f"Arbeider {number}", role="ansatt", what="søknad"
                    )
                else:
                    log_reads(user=staff, people_ids=[participant.pk], what=f"liste {number}")
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert f"intact: {workers * each} entries checked" in verify()
