"""Queueing a background task together with the change it belongs to.

With django-tasks' database backend a queued task is a row in the same database, so inserting
it inside the change's transaction makes the two one: either the sign-up (or decision, or
message) is saved with its mail task, or neither is and the reader is told to try again. Queueing
after the commit, as before, could save the change and lose the mail when the insert failed.
Other backends (the immediate one in tests, a broker in some other install) cannot join the
transaction; for them the task is queued once the change is committed, so it never runs on data
that is rolled back.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue_with_change(task, *args) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))
