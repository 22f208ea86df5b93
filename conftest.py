"""Shared test set-up: tasks run at once, and every HTML page the test client renders is checked."""

import html5lib
import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Search-index updates and e-mails run in the worker in production; in tests, at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Tests look at a page right after a change: no remembered directory version.
    settings.DIRECTORY_VERSION_SECONDS = 0
    settings.SEARCH_VOCABULARY_SECONDS = 0
    settings.STATS_CACHE_SECONDS = 0
    # Tests that sign staff in with force_login, or post a form many times, are about other
    # things: the second factor and the rate limits are switched on by their own tests
    # (veivalg/accounts/tests/test_staff_security.py, veivalg/core/tests/test_security.py).
    settings.STAFF_2FA_REQUIRED = False
    settings.RATE_LIMITS = {}
    # Tests load demo data with DEBUG off (as Django's test runner sets it); the guard itself is
    # tested in veivalg/core/tests/test_security.py.
    settings.ALLOW_DEMO_DATA = True


@pytest.fixture(autouse=True)
def _tasks_must_not_fail(request):
    """A background task that raises is caught and logged by django-tasks, so a test would go
    on with, say, an offer missing from the search index. Fail the test where it happened
    instead; a test about a failing task says so with @pytest.mark.task_failure_expected."""
    from django_tasks import TaskResultStatus
    from django_tasks.signals import task_finished

    failed: list = []

    def record(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(task_result)

    task_finished.connect(record, weak=False)
    yield
    task_finished.disconnect(record)
    if failed and not request.node.get_closest_marker("task_failure_expected"):
        details = "\n".join(
            f"{result.task.module_path}: {error.traceback}" for result in failed for error in result.errors
        )
        pytest.fail(f"{len(failed)} background task(s) failed:\n{details}")


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """Forget cached content-type ids before each test: a transactional test or a browser test's
    flush and restore elsewhere in this process may have given the rows other ids, and a stale
    id → model map points generic relations (Wagtail's workflow states) at nothing. Browser tests
    are left alone: between their flush and restore the cache must keep rows from being made."""
    if not _uses_serialized_rollback(request.node):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


class CheckedClient(Client):
    """A test client that fails on HTML a person could not use: it must parse, declare a
    language, have exactly one h1, and a <title> that starts with the h1 text."""

    def request(self, **request):
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        if (
            content_type.startswith("text/html")
            and not 300 <= response.status_code < 400
            and not getattr(response, "streaming", False)
        ):
            check_html_page(response.content.decode())
        return response


def check_html_page(text: str) -> None:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document = parser.parse(text)
    html = document if document.tag == "html" else document.find("html")
    assert html is not None and html.get("lang"), "the page has no lang attribute"
    h1s = document.findall(".//h1")
    assert len(h1s) == 1, f"expected one h1, found {len(h1s)}"
    h1_text = " ".join("".join(h1s[0].itertext()).split())
    title = document.find(".//title")
    assert title is not None, "the page has no <title>"
    title_text = " ".join("".join(title.itertext()).split())
    # A page with errors starts its title with «Feil:» (nynorsk too; English «Error:»).
    core = title_text.removeprefix("Feil: ").removeprefix("Error: ")
    assert core.startswith(h1_text), f"<title> {title_text!r} does not start with the h1 {h1_text!r}"


@pytest.fixture
def client():
    return CheckedClient()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """PostgreSQL: the access log refuses TRUNCATE (audit migration 0006), but Django empties the
    test database with TRUNCATE after transactional and browser tests. Switch that trigger off in
    the test database only; veivalg/audit/tests/test_database_roles.py switches it on to test it."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_trigger "
                    "WHERE tgname = 'audit_accesslogentry_no_truncate') THEN "
                    "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_no_truncate; "
                    "END IF; END $$"
                )
    return django_db_setup


# Transactional tests with serialized_rollback (browser tests, the fault tests that need a
# second process): Django restores the migrated data at the start of such a test and leaves the
# tables empty at its end. These hooks, for every such test in the suite, empty the tables
# before the restore (another transactional test's flush may have re-created content types
# that would collide) and put the data back after it for a test that expects it.


def _uses_serialized_rollback(item: pytest.Item | None) -> bool:
    """Whether the test restores the migrated data (the fixture, or the django_db marker's flag)."""
    if item is None:
        return False
    marker = item.get_closest_marker("django_db")
    return "django_db_serialized_rollback" in getattr(item, "fixturenames", ()) or bool(
        marker and marker.kwargs.get("serialized_rollback")
    )


# The node id of the browser test that the previous one left an empty (flushed) database for.
_left_empty_for: str | None = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Before a browser test, empty the database unless the browser test before it just did.

    Django restores the serialized data into the tables as they are. After some other
    transactional test its flush has re-created content types and permissions with new keys,
    which would collide with the restored ones, so the tables must be empty first.
    """
    global _left_empty_for
    if _uses_serialized_rollback(item) and _left_empty_for != item.nodeid:
        _with_test_database(item.config, _flush)
    _left_empty_for = None
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a browser test's flush, put the migrated data back for whatever runs next."""
    global _left_empty_for
    try:
        return (yield)
    finally:
        if _uses_serialized_rollback(item) and nextitem is not None:
            if _uses_serialized_rollback(nextitem):
                _left_empty_for = nextitem.nodeid  # it restores the data itself
            else:
                _with_test_database(item.config, _restore)


def _with_test_database(config: pytest.Config, action) -> None:
    """Run the action on the test database; do nothing before pytest-django has created it."""
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        return
    with config.stash[blocking_manager_key].unblock():
        action(connection, contents)


def _flush(connection, contents: str) -> None:
    # Know every content type before the tables are emptied: code that runs between this flush
    # and Django's restore then finds them in the cache instead of creating rows the restore
    # would collide with.
    _know_all_content_types()
    call_command(
        "flush", verbosity=0, interactive=False, database=connection.alias, inhibit_post_migrate=True
    )


def _restore(connection, contents: str) -> None:
    connection.creation.deserialize_db_from_string(contents)
    reset_sequences(connection)
    _forget_content_types()


def _know_all_content_types() -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def _forget_content_types() -> None:
    """After the restore, the content types have their migrated ids again, but the process's
    cache may hold the ids a flush's post_migrate gave them; a stale id → model map points
    generic relations (Wagtail's workflow states) at nothing. (Not after our own flush: the
    cache is what stops code between the flush and Django's restore from creating rows.)"""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def reset_sequences(connection) -> None:
    """Restored rows keep their ids but PostgreSQL's sequences were reset by the flush; move
    them past the restored ids, or the next insert collides (SQLite needs nothing)."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
