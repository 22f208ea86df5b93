"""An editor of one municipality cannot reach another municipality's pages in the Wagtail admin:
not the editor, not the draft, its history, revisions or compare view, not a lock or a preview.
The policy is `content/permissions.py` (the page's `permissions_for_user`)."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from veivalg.content.models import ArticlePage

from .factories import article, editor, municipality

pytestmark = pytest.mark.django_db

DRAFT = "Utkast Bærum ikke har publisert ennå"


@pytest.fixture
def baerum_page():
    """A published Bærum article with a newer draft nobody outside Bærum may read."""
    page = article(title="Støttekontakt i Bærum", slug="baerum", owner_municipality=municipality("3201"))
    page.intro = DRAFT
    page.save_revision(user=editor("redaktor.baerum.forfatter", "3201"))
    return ArticlePage.objects.get(pk=page.pk)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(response) -> bool:
    """404 or 403, or Wagtail's refusal: back to the admin home with a message."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] in (
        "/redaktor/",
        reverse("wagtailadmin_home"),
    )


def reading_urls(page) -> dict[str, str]:
    revision = page.latest_revision
    pages = "wagtailadmin_pages"
    return {
        "edit": reverse(f"{pages}:edit", args=[page.pk]),
        "history": reverse(f"{pages}:history", args=[page.pk]),
        "history results": reverse(f"{pages}:history_results", args=[page.pk]),
        "one revision": reverse(f"{pages}:revisions_view", args=[page.pk, revision.pk]),
        "compare": reverse(f"{pages}:revisions_compare", args=[page.pk, "live", "latest"]),
        "compare by id": reverse(f"{pages}:revisions_compare", args=[page.pk, "earliest", revision.pk]),
        "revert": reverse(f"{pages}:revisions_revert", args=[page.pk, revision.pk]),
        "view draft": reverse(f"{pages}:view_draft", args=[page.pk]),
        "preview": reverse(f"{pages}:preview_on_edit", args=[page.pk]),
        "workflow history": reverse(f"{pages}:workflow_history", args=[page.pk]),
        "usage": reverse(f"{pages}:usage", args=[page.pk]),
        "copy": reverse(f"{pages}:copy", args=[page.pk]),
        "move": reverse(f"{pages}:move", args=[page.pk]),
        "unpublish": reverse(f"{pages}:unpublish", args=[page.pk]),
        "privacy": reverse(f"{pages}:set_privacy", args=[page.pk]),
        "delete": reverse(f"{pages}:delete", args=[page.pk]),
    }


def test_a_bergen_editor_reads_nothing_of_a_baerum_page_in_the_admin(baerum_page):
    bergen = signed_in(editor("redaktor.bergen", "4601"))
    for name, url in reading_urls(baerum_page).items():
        response = bergen.get(url)
        assert refused(response), f"{name}: {response.status_code}"
        assert DRAFT not in response.content.decode(), name


def test_a_bergen_editor_cannot_preview_a_baerum_page(baerum_page):
    bergen = signed_in(editor("redaktor.bergen", "4601"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[baerum_page.pk])
    assert refused(bergen.post(url, {"title": "Bergen skriver", "slug": "baerum"}))
    assert DRAFT not in bergen.get(url).content.decode()


def test_a_bergen_editor_cannot_lock_or_unlock_a_baerum_page(baerum_page):
    bergen = signed_in(editor("redaktor.bergen", "4601"))
    lock = reverse("wagtailadmin_pages:lock", args=[baerum_page.pk])
    assert refused(bergen.post(lock))
    assert not Page.objects.get(pk=baerum_page.pk).locked

    owner = editor("redaktor.baerum", "3201")
    assert signed_in(owner).post(lock).status_code == 302
    assert Page.objects.get(pk=baerum_page.pk).locked_by == owner
    assert refused(bergen.post(reverse("wagtailadmin_pages:unlock", args=[baerum_page.pk])))
    assert Page.objects.get(pk=baerum_page.pk).locked_by == owner


def test_the_baerum_editor_still_reads_drafts_history_and_compare(baerum_page):
    baerum = signed_in(editor("redaktor.baerum", "3201"))
    urls = reading_urls(baerum_page)
    for name in ("edit", "history", "one revision", "compare", "view draft", "workflow history"):
        response = baerum.get(urls[name])
        assert response.status_code == 200, f"{name}: {response.status_code}"
    assert DRAFT in baerum.get(urls["view draft"]).content.decode()


def test_a_bergen_editor_still_works_on_national_pages():
    national = article(title="Nasjonal side", slug="nasjonal")
    national.intro = "Nasjonalt utkast"
    national.save_revision()
    bergen = signed_in(editor("redaktor.bergen", "4601"))
    assert bergen.get(reverse("wagtailadmin_pages:edit", args=[national.pk])).status_code == 200
    assert bergen.get(reverse("wagtailadmin_pages:history", args=[national.pk])).status_code == 200
    assert bergen.post(reverse("wagtailadmin_pages:lock", args=[national.pk])).status_code == 302


def test_reports_and_the_page_permission_policy_leave_out_other_municipalities(baerum_page):
    from wagtail.permissions import policy_registry

    bergen_user = editor("redaktor.bergen", "4601")
    policy = policy_registry.get_by_type(Page)
    assert not policy.user_has_permission_for_instance(bergen_user, "change", baerum_page)
    assert baerum_page.pk not in policy.instances_user_has_permission_for(bergen_user, "change").values_list(
        "pk", flat=True
    )
    baerum_user = editor("redaktor.baerum", "3201")
    assert policy.user_has_permission_for_instance(baerum_user, "change", baerum_page)
