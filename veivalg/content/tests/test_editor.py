"""The editors' side: LIX on publish, the review workflow, municipality scope, stale pages, feedback."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from veivalg.content.forms import ContentPageForm
from veivalg.content.models import ArticlePage, PageFeedback
from veivalg.content.wagtail_hooks import StalePagesPanel

from .factories import article, content_root, editor, municipality

pytestmark = pytest.mark.django_db

HARD_EASY_READ = (
    "Kommunens tildelingskontor gjennomfører kartleggingssamtaler, funksjonsvurderinger og "
    "koordineringsmøter med spesialisthelsetjenesten før enkeltvedtak om tjenestetilbud fattes."
)


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("sjef", "sjef@example.no", "x" * 16)
    client = Client()
    client.force_login(user)
    return client


def edit_data(page: ArticlePage, **overrides) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "title_nn": "",
        "area": page.area,
        "intro": page.intro,
        "intro_nn": "",
        "easy_read": page.easy_read,
        "easy_read_nn": "",
        "easy_read_pictures": streamfield([]),
        "body": streamfield([("paragraph", rich_text("Du søker hos kommunen."))]),
        "body_nn": streamfield([]),
        "municipal_additions": inline_formset([]),
        "comments": inline_formset([]),
        "review_by": "2030-01-01",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_publishing_hard_easy_read_text_gives_a_norwegian_error_with_the_score(admin_client):
    page = article()
    url = f"/redaktor/pages/{page.pk}/edit/"
    response = admin_client.post(url, {**edit_data(page, easy_read=HARD_EASY_READ), "action-publish": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors["easy_read"]
    assert "Den lettleste teksten har LIX" in errors[0] and "30 eller lavere" in errors[0]
    page.refresh_from_db()
    assert page.easy_read != HARD_EASY_READ


def test_saving_a_draft_with_hard_easy_read_text_is_allowed(admin_client):
    page = article()
    response = admin_client.post(
        f"/redaktor/pages/{page.pk}/edit/", edit_data(page, easy_read=HARD_EASY_READ)
    )
    assert response.status_code == 302
    assert ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object().easy_read == HARD_EASY_READ


def test_publishing_easy_read_text_within_the_limit_works(admin_client):
    page = article()
    text = "Du kan få hjelp.\nSpør kommunen."
    response = admin_client.post(
        f"/redaktor/pages/{page.pk}/edit/", {**edit_data(page, easy_read=text), "action-publish": "1"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.easy_read == text


def test_editor_js_shows_live_lix(admin_client):
    page = article()
    html = admin_client.get(f"/redaktor/pages/{page.pk}/edit/").content.decode()
    assert "content/lix-editor.js" in html
    assert 'data-contentpath="easy_read"' in html and 'data-contentpath="body"' in html


def test_review_workflow_is_assigned_to_the_content_root():
    workflow = Workflow.objects.get(name="Redaksjonell kontroll")
    assert content_root().get_workflow() == workflow
    task = workflow.workflow_tasks.get().task.specific
    assert [g.name for g in task.groups.all()] == ["Redaktør"]
    assert article().get_workflow() == workflow


def test_baerum_editor_cannot_edit_or_delete_a_bergen_page():
    bergen_page = article(title="Bergen", slug="bergen", owner_municipality=municipality("4601"))
    client = Client()
    client.force_login(editor("redaktor.baerum", "3201"))
    # The page permission policy refuses: Wagtail sends the editor back to the dashboard.
    edit = client.get(f"/redaktor/pages/{bergen_page.pk}/edit/")
    assert edit.status_code == 302 and edit["Location"] == "/redaktor/"
    assert client.get(f"/redaktor/pages/{bergen_page.pk}/delete/").status_code in (302, 404)
    assert client.post(f"/redaktor/pages/{bergen_page.pk}/delete/").status_code in (302, 404)
    assert Page.objects.filter(pk=bergen_page.pk).exists()
    assert (
        client.get(f"/redaktor/pages/add/content/articlepage/{bergen_page.get_parent().pk}/").status_code
        == 200
    )


def test_baerum_editor_edits_baerum_and_national_pages():
    baerum_page = article(title="Bærum", slug="baerum", owner_municipality=municipality("3201"))
    national = article(title="Nasjonal", slug="nasjonal")
    client = Client()
    client.force_login(editor("redaktor.baerum", "3201"))
    assert client.get(f"/redaktor/pages/{baerum_page.pk}/edit/").status_code == 200
    assert client.get(f"/redaktor/pages/{national.pk}/edit/").status_code == 200


def test_explorer_hides_other_municipalities_pages():
    article(title="Bergensside", slug="bergen", owner_municipality=municipality("4601"))
    article(title="Bæringside", slug="baerum", owner_municipality=municipality("3201"))
    client = Client()
    client.force_login(editor("redaktor.baerum", "3201"))
    html = client.get(f"/redaktor/pages/{content_root().pk}/").content.decode()
    assert "Bæringside" in html
    assert "Bergensside" not in html


def test_owner_choices_are_limited_to_the_editors_municipalities():
    user = editor("redaktor.baerum", "3201")
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ContentPageForm)
    form = form_class(instance=ArticlePage(), for_user=user, parent_page=content_root())
    assert [m.number for m in form.fields["owner_municipality"].queryset] == ["3201"]


def test_dashboard_lists_stale_pages_per_municipality():
    past = timezone.localdate() - datetime.timedelta(days=1)
    article(title="Gammel i Bergen", slug="bergen", owner_municipality=municipality("4601"), review_by=past)
    article(title="Gammel nasjonal", slug="nasjonal", review_by=past)
    article(title="Fersk", slug="fersk")
    everything = StalePagesPanel(get_user_model().objects.create_superuser("a", "a@example.no", "x" * 16))
    context = everything.get_context_data()
    assert context["total"] == 2
    assert dict(context["rows"]) == {"Bergen": 1, "Nasjonalt": 1}
    baerum = StalePagesPanel(editor("redaktor.baerum", "3201")).get_context_data()
    assert [p.title for p in baerum["oldest"]] == ["Gammel nasjonal"]


def test_dashboard_shows_the_panel(admin_client):
    article(title="Gammel", slug="gammel", review_by=timezone.localdate() - datetime.timedelta(days=3))
    html = admin_client.get("/redaktor/").content.decode()
    assert "Informasjonssider som skulle vært kontrollert" in html and "Gammel" in html


def test_editors_see_feedback_filtered_by_page_but_not_other_municipalities():
    national = article(title="Nasjonal", slug="nasjonal")
    bergen = article(title="Bergensside", slug="bergen", owner_municipality=municipality("4601"))
    PageFeedback.objects.create(page=national, helpful=True, comment="Nyttig nasjonal")
    PageFeedback.objects.create(page=bergen, helpful=False, comment="Mangler noe i Bergen")
    client = Client()
    client.force_login(editor("redaktor.baerum", "3201"))
    response = client.get("/redaktor/snippets/content/pagefeedback/", {"page": national.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nyttig nasjonal" in html and "Mangler noe i Bergen" not in html


def test_root_page_of_tree_is_not_a_content_page():
    assert Page.objects.get(depth=1).specific_class is Page
