"""Content pages as a reader sees them: rendering, written standard, municipal additions."""

import datetime

import pytest
from django.utils import timezone

from veivalg.content.models import (
    AccessibilityStatementPage,
    ArticlePage,
    ContentIndexPage,
    MunicipalAddition,
)

from .factories import article, audience_page, content_root, municipality

pytestmark = pytest.mark.django_db


def test_site_root_is_the_information_index_served_at_info(client):
    root = content_root()
    assert isinstance(root, ContentIndexPage)
    response = client.get("/info/")
    assert response.status_code == 200
    assert "<h1" in response.content.decode() and "Informasjon" in response.content.decode()


def test_audience_page_lists_its_articles_by_area(client):
    page = audience_page("ung", title="For deg")
    article(page, title="Finn en jobb", slug="finn-en-jobb", area="arbeid")
    article(title="Støttekontakt", slug="stottekontakt", area="rettigheter", audiences=["ung"])
    article(title="Bare for fagfolk", slug="fagfolk", area="rettigheter", audiences=["fagfolk"])
    html = client.get(page.url).content.decode()
    assert 'id="arbeid"' in html and "Finn en jobb" in html
    assert "Støttekontakt" in html
    assert "Bare for fagfolk" not in html


def test_article_shows_easy_read_body_breadcrumbs_feedback_and_read_aloud(client):
    page = article()
    html = client.get(page.url).content.decode()
    assert "Lettlest" in html and "Du søker om støttekontakt hos kommunen." in html
    assert 'aria-current="page"' in html
    assert "Fant du det du lette etter?" in html
    assert "data-read-aloud-controls" in html and "read-aloud.js" in html


def test_nynorsk_reader_sees_nynorsk_when_it_exists(client):
    page = article(title_nn="Støttekontakt på nynorsk", easy_read_nn="Du kan få ein ven som blir med deg ut.")
    client.cookies["veivalg_language"] = "nn"
    html = client.get(page.url).content.decode()
    assert "Du kan få ein ven som blir med deg ut." in html
    assert "Støttekontakt på nynorsk" in html


def test_nynorsk_reader_gets_bokmal_marked_lang_nb_when_nynorsk_is_missing(client):
    page = article(title="Verge", slug="verge", easy_read="En verge hjelper deg med brev.")
    client.cookies["veivalg_language"] = "nn"
    html = client.get(page.url).content.decode()
    assert '<html lang="nn"' in html
    assert 'lang="nb">Verge</h1>' in html
    assert 'aria-labelledby="lettlest" lang="nb"' in html


def test_bokmal_reader_gets_no_extra_lang_attribute(client):
    html = client.get(article().url).content.decode()
    assert (
        'lang="nb">' not in html.split("<body", 1)[1].split('id="sprakvalg"', 1)[1].split("</header>", 1)[1]
    )


def test_municipal_addition_is_shown_only_for_the_chosen_municipality(client):
    page = article()
    MunicipalAddition.objects.create(
        page=page, municipality=municipality("3201"), text="I Bærum: ring 67 50 00 00."
    )
    assert "I Bærum" in client.get(page.url + "?kommune=3201").content.decode()
    assert "I Bærum" not in client.get(page.url + "?kommune=4601").content.decode()
    assert "I Bærum" not in client.get(page.url).content.decode()


def test_municipal_addition_follows_the_remembered_municipality_cookie(client):
    page = article()
    MunicipalAddition.objects.create(
        page=page, municipality=municipality("4601"), text="I Bergen: spør bydelen."
    )
    client.cookies["veivalg_kommune"] = "4601"
    assert "I Bergen: spør bydelen." in client.get(page.url).content.decode()
    client.cookies["veivalg_kommune"] = "3201"
    html = client.get(page.url).content.decode()
    assert "I Bergen: spør bydelen." not in html
    assert "har ikke lagt til noe om dette ennå" in html


def test_scheduled_page_is_neither_listed_nor_served_before_it_goes_live(client):
    parent = audience_page("ung")
    page = ArticlePage(
        title="Kommer snart",
        slug="kommer-snart",
        area="fritid",
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=7),
    )
    parent.add_child(instance=page)
    page.save_revision().publish()  # a future go-live date makes publish() schedule it
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None
    assert "Kommer snart" not in client.get(parent.url).content.decode()
    assert client.get(parent.url + "kommer-snart/").status_code == 404


def test_accessibility_statement_renders_with_required_sections(client):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    statement = AccessibilityStatementPage.objects.live().get()
    html = client.get(statement.url).content.decode()
    for text in ("Tilgjengelighetserklæring", "WCAG 2.1", "axe-core", "uutilsynet.no", "Wagtail", "mailto:"):
        assert text in html
