"""The review workflow «Redaksjonell kontroll»: an editor approves only pages of their own
municipalities (and national pages), never their own submission; superusers may do both."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from veivalg.content.models import EditorialReviewTask

from .factories import article, editor, municipality

pytestmark = pytest.mark.django_db


def submit(page, user, intro="Ny tekst til gjennomgang."):
    """The user writes a new revision and sends it to review, as the editor's «Send» does."""
    page.intro = intro
    revision = page.save_revision(user=user)
    Workflow.objects.get(name="Redaksjonell kontroll").start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state, revision


def approve(user, page, task_state):
    client = Client()
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url, {})


def refused(response) -> bool:
    """Wagtail answers a refused action by sending the user to the admin home with a message."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/redaktor/"
    )


@pytest.fixture
def baerum_page():
    return article(title="Bærum", slug="baerum", owner_municipality=municipality("3201"))


def test_the_workflow_uses_the_scoped_review_task():
    task = Workflow.objects.get(name="Redaksjonell kontroll").workflow_tasks.get().task.specific
    assert isinstance(task, EditorialReviewTask) and task.active
    assert [g.name for g in task.groups.all()] == ["Redaktør"]


def test_an_editor_cannot_approve_a_page_of_another_municipality(baerum_page):
    author = editor("redaktor.baerum", "3201")
    task_state, _ = submit(baerum_page, author)
    bergen = editor("redaktor.bergen", "4601")
    assert task_state.task.specific.get_actions(baerum_page, bergen) == []
    assert task_state not in TaskState.objects.reviewable_by(bergen)
    assert refused(approve(bergen, baerum_page, task_state))
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert "Ny tekst til gjennomgang." not in Client().get(baerum_page.url).content.decode()


def test_an_editor_cannot_approve_their_own_submission(baerum_page):
    author = editor("redaktor.baerum", "3201")
    task_state, _ = submit(baerum_page, author)
    assert task_state.task.specific.get_actions(baerum_page, author) == []
    assert task_state not in TaskState.objects.reviewable_by(author)
    assert refused(approve(author, baerum_page, task_state))
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_another_editor_of_the_municipality_approves_and_the_page_is_published(baerum_page):
    task_state, _ = submit(baerum_page, editor("redaktor.baerum", "3201"))
    colleague = editor("kollega.baerum", "3201")
    assert task_state in TaskState.objects.reviewable_by(colleague)
    assert approve(colleague, baerum_page, task_state).status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    assert "Ny tekst til gjennomgang." in Client().get(baerum_page.url).content.decode()


def test_an_editor_elsewhere_approves_a_national_page():
    national = article(title="Nasjonal", slug="nasjonal")
    task_state, _ = submit(national, editor("redaktor.baerum", "3201"))
    bergen = editor("redaktor.bergen", "4601")
    assert approve(bergen, national, task_state).status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED


def test_an_editor_cannot_approve_a_revision_they_wrote_that_someone_else_submitted(baerum_page):
    writer = editor("redaktor.baerum", "3201")
    baerum_page.intro = "Skrevet av redaktøren."
    baerum_page.save_revision(user=writer)
    Workflow.objects.get(name="Redaksjonell kontroll").start(baerum_page, editor("kollega.baerum", "3201"))
    task_state = baerum_page.current_workflow_task_state
    assert task_state.revision.user == writer
    assert refused(approve(writer, baerum_page, task_state))
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_superuser_may_approve_their_own_submission(baerum_page):
    boss = get_user_model().objects.create_superuser("sjef", "sjef@example.no", "x" * 16)
    task_state, _ = submit(baerum_page, boss)
    assert approve(boss, baerum_page, task_state).status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
