"""Anonymous readers get content pages from the page cache; every change through Wagtail shows
at once, and no reader ever gets another reader's page, language or CSRF token."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from veivalg.content.models import ArticlePage, MunicipalAddition, PageFeedback

from .factories import article, content_root, municipality

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True, params=["veivalg.urls", "veivalg.content.tests.urls_cached_serve"])
def urlconf(request, settings):
    """Every test runs with /info/ as Wagtail mounts it (the cache in the `on_serve_page` hook)
    and through veivalg.content.urls (the cache in front of the page tree walk)."""
    settings.ROOT_URLCONF = request.param
    return request.param


def change_behind_wagtails_back(page, intro):
    """A change no signal or log sees: the cached page is still served after it."""
    ArticlePage.objects.filter(pk=page.pk).update(intro=intro)


def test_anonymous_reader_gets_the_article_from_the_cache(client):
    page = article(intro="Første ingress.")
    assert "Første ingress." in client.get(page.url).content.decode()
    change_behind_wagtails_back(page, "Endret uten publisering.")
    html = client.get(page.url).content.decode()
    assert "Første ingress." in html and "Endret uten publisering." not in html


def test_publishing_shows_the_new_text_at_once(client):
    page = article(intro="Første ingress.")
    client.get(page.url)
    page.intro = "Ny ingress etter publisering."
    page.save_revision().publish()
    assert "Ny ingress etter publisering." in client.get(page.url).content.decode()


def test_unpublished_moved_and_deleted_pages_leave_the_cache(client):
    page = article(slug="flyttes")
    other = article(slug="slettes", title="Slettes")
    section = article(slug="seksjon", title="Seksjon")  # any page can hold children in the tree
    for url in (page.url, other.url):
        assert client.get(url).status_code == 200
    old_url = page.url
    page.move(content_root().get_children().get(pk=section.pk), pos="last-child")
    moved = client.get(old_url)  # Wagtail leaves a redirect at the old address
    assert moved.status_code == 301 and moved["Location"] == "/info/seksjon/flyttes/"
    other.delete()
    assert client.get("/info/slettes/").status_code == 404
    section.specific.unpublish()
    assert client.get("/info/seksjon/").status_code == 404


def test_the_language_cookie_gives_each_reader_their_own_written_standard(client):
    page = article(title="Støttekontakt", title_nn="Støttekontakt på nynorsk")
    assert "Støttekontakt på nynorsk" not in client.get(page.url).content.decode()
    nynorsk = Client()
    nynorsk.cookies["veivalg_language"] = "nn"
    assert "Støttekontakt på nynorsk" in nynorsk.get(page.url).content.decode()
    assert "Støttekontakt på nynorsk" not in client.get(page.url).content.decode()


def test_the_remembered_municipality_gives_each_reader_their_own_additions(client):
    page = article()
    MunicipalAddition.objects.create(page=page, municipality=municipality("3201"), text="Søk i Bærum.")
    assert "Søk i Bærum." not in client.get(page.url).content.decode()
    baerum = Client()
    baerum.cookies["veivalg_kommune"] = "3201"
    assert "Søk i Bærum." in baerum.get(page.url).content.decode()
    assert "Søk i Bærum." not in client.get(page.url).content.decode()


def test_signed_in_readers_always_get_a_fresh_page_and_it_is_never_stored(client):
    page = article(intro="Første ingress.")
    client.get(page.url)
    change_behind_wagtails_back(page, "Bare ferske sider.")
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("leser", password="x" * 16))
    signed_in = reader.get(page.url).content.decode()
    assert "Bare ferske sider." in signed_in
    anonymous = client.get(page.url).content.decode()
    assert "Bare ferske sider." not in anonymous
    assert TOKEN.search(signed_in).group(1) not in anonymous


def test_every_reader_gets_their_own_csrf_token_and_the_feedback_form_works_from_the_cache():
    page = article()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(page.url).content.decode()).group(1)
    second_page = second.get(page.url)
    second_token = TOKEN.search(second_page.content.decode()).group(1)
    assert "csrftoken" in second_page.cookies  # the cached page still gives the reader a cookie
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # One reader's token does not work with another reader's cookie.
    assert second.post(page.url, {"helpful": "ja", "csrfmiddlewaretoken": first_token}).status_code == 403
    response = second.post(page.url, {"helpful": "ja", "csrfmiddlewaretoken": second_token})
    assert response.status_code == 302 and PageFeedback.objects.count() == 1
    assert first.post(page.url, {"helpful": "nei", "csrfmiddlewaretoken": first_token}).status_code == 302


def test_a_page_with_a_token_outside_the_form_is_not_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from veivalg.core.page_cache import serve_cached

    calls = []

    def produce(request):
        calls.append(1)
        return HttpResponse(f'<meta name="csrf" content="{get_token(request)}">')

    for _ in range(2):
        request = rf.get("/info/lekker/")
        serve_cached(
            request, name="test", version=lambda: "1", produce=lambda request=request: produce(request)
        )
    assert len(calls) == 2


def test_through_content_urls_a_cached_page_costs_no_query(
    client, settings, urlconf, django_assert_num_queries
):
    if urlconf == "veivalg.urls":
        pytest.skip("Wagtail's own URLs walk the page tree before the cache is asked")
    settings.DIRECTORY_VERSION_SECONDS = 60
    page = article()
    client.get(page.url)
    with django_assert_num_queries(0):
        assert client.get(page.url).status_code == 200


def test_a_page_given_a_view_restriction_leaves_the_cache(client):
    from wagtail.models import PageViewRestriction

    page = article(intro="Åpen tekst.")
    assert "Åpen tekst." in client.get(page.url).content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302 and "Åpen tekst." not in response.content.decode()
