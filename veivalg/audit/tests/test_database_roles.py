"""Production's database roles: the application connects as a role that may add to and read the
access log but not change, delete, empty or unlock it. The SQL is the one the docs give
(`manage.py print_database_roles_sql`); the PostgreSQL tests run it against the test database."""

import os
import re
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from veivalg.audit.database_roles import create_roles_sql, grants_sql
from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import log_access

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL's triggers and roles"
)
DOC = Path(settings.BASE_DIR) / "docs" / "operations" / "database-roles.md"


def refused(sql: str, match: str) -> None:
    """The statement fails, and the test's transaction goes on (a savepoint takes the error)."""
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.fixture
def entry(participant):
    return log_access(person=participant, actor_name="Noen", role="ansatt", what="søknad")


@postgresql_only
def test_truncate_of_the_access_log_is_refused_even_by_a_superuser(entry):
    with connection.cursor() as cursor:
        # The test database has the trigger off (root conftest.py); on, as migrated.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslogentry_no_truncate")
    refused("TRUNCATE audit_accesslogentry", "cannot be emptied")
    refused("TRUNCATE accounts_person CASCADE", "cannot be emptied")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


@postgresql_only
def test_application_role_adds_and_reads_but_cannot_change_empty_or_unlock_the_log(entry, participant):
    """Roles are shared by the whole PostgreSQL cluster: unique names, dropped at the end (and
    the test's transaction, which rolls back, holds their creation too)."""
    suffix = uuid.uuid4().hex[:12]
    owner, app = f"veivalg_test_owner_{suffix}", f"veivalg_test_app_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in create_roles_sql(owner=owner, app=app) + grants_sql(owner=owner, app=app):
            cursor.execute(statement)
        try:
            cursor.execute(f"SET ROLE {app}")
            written = log_access(person=participant, actor_name="Appen", role="ansatt", what="vedtak")
            assert AccessLogEntry.objects.filter(pk__in=[entry.pk, written.pk]).count() == 2
            out, err = StringIO(), StringIO()
            call_command("verify_access_log", stdout=out, stderr=err)
            assert "Access log chain intact: 2 entries checked" in out.getvalue()
            assert err.getvalue() == ""  # no warning: this role cannot change the log

            denied = "permission denied"
            refused(f"UPDATE audit_accesslogentry SET what = 'x' WHERE id = {entry.pk}", denied)
            refused(f"DELETE FROM audit_accesslogentry WHERE id = {entry.pk}", denied)
            refused("TRUNCATE audit_accesslogentry", denied)
            refused("DELETE FROM audit_accesslogchainhead", denied)
            refused("TRUNCATE audit_accesslogchainhead", denied)
            for trigger in ("audit_accesslogentry_immutable", "audit_accesslogentry_no_truncate", "ALL"):
                refused(f"ALTER TABLE audit_accesslogentry DISABLE TRIGGER {trigger}", "must be owner")
            refused("DROP TABLE audit_accesslogentry", "must be owner")
            # Nor can it become the owner. (SET ROLE would test the session's user, a superuser here.)
            cursor.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", [owner])
            assert cursor.fetchone() == (False,)
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {app}, {owner}")
            cursor.execute(f"DROP ROLE {app}")
            cursor.execute(f"DROP ROLE {owner}")
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "søknad"


@postgresql_only
def test_check_warns_when_it_runs_as_a_role_that_can_change_the_log(entry):
    out, err = StringIO(), StringIO()
    call_command("verify_access_log", stdout=out, stderr=err)
    assert "Access log chain intact" in out.getvalue()
    assert "Warning: the database role this ran as can change the access log (superuser" in err.getvalue()


def test_the_documented_script_is_what_the_command_prints():
    out = StringIO()
    call_command("print_database_roles_sql", "--database", "veivalg", stdout=out)
    documented = re.search(r"```sql\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert documented is not None, f"{DOC} has no sql block"
    assert documented.group(1) == out.getvalue()


def test_the_grants_alone_are_the_part_run_after_every_migrate():
    out = StringIO()
    call_command("print_database_roles_sql", "--grants", stdout=out)
    assert out.getvalue() == "".join(
        f"{statement};\n" for statement in grants_sql(owner="veivalg_owner", app="veivalg_app")
    )
    assert (
        "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON public.audit_accesslogentry FROM veivalg_app;"
        in out.getvalue()
    )


def test_a_role_name_that_is_not_plain_is_refused():
    with pytest.raises(CommandError, match="not a plain PostgreSQL name"):
        call_command(
            "print_database_roles_sql", "--app", "app; DROP TABLE audit_accesslogentry", stdout=StringIO()
        )
