"""A sign-up and its e-mail are saved together or not at all (issue 13, point 4): the mail task
goes into the database queue in the same transaction as the sign-up. Before, the task was
queued after the commit; when that insert failed, the sign-up was saved, the reader got a 500,
no mail was ever sent, and signing up again found the existing sign-up and sent nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from veivalg.events.models import Registration

pytestmark = pytest.mark.django_db

FORM = {"name": "Kari Nordmann", "email": "kari@eksempel.no", "phone": "", "needs_other": ""}
TABLE = DBTaskResult._meta.db_table


def _refuse_task_inserts():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION veivalg_test_refuse_tasks() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'queue unavailable'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER veivalg_test_refuse_tasks BEFORE INSERT ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION veivalg_test_refuse_tasks()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER veivalg_test_refuse_tasks BEFORE INSERT ON {TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'queue unavailable'); END"
            )


def _accept_task_inserts():
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER veivalg_test_refuse_tasks{' ON ' + TABLE if connection.vendor == 'postgresql' else ''}"
        )


def test_a_sign_up_whose_mail_cannot_be_queued_is_not_saved_and_can_be_made_again(event, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("events:register", kwargs={"slug": event.slug})
    reader = Client(raise_request_exception=False)

    _refuse_task_inserts()
    response = reader.post(url, FORM)
    assert response.status_code >= 500
    assert not Registration.objects.filter(event=event).exists()

    _accept_task_inserts()
    response = reader.post(url, FORM)
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    queued = DBTaskResult.objects.filter(task_path__endswith="send_registration_mail")
    assert [row.args_kwargs["args"][0] for row in queued] == [registration.pk]
