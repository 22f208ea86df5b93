"""The demo content: every audience and area filled, 12 rights in four versions, LIX bounds."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from veivalg.content.models import (
    AccessibilityStatementPage,
    ArticlePage,
    AudiencePage,
    ContentArea,
    MunicipalAddition,
)
from veivalg.content.readability import EASY_READ_MAX, PLAIN_LANGUAGE_MAX, lix, stream_text
from veivalg.core.testing import data_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for the module (it takes seconds) and rolled back after; its
    pictograms are drawn into a temporary folder, not the site's media."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), data_for_the_module(django_db_blocker):
        call_command("load_demo_content", verbosity=0)
        yield


def plain_text(page: ArticlePage, nn: bool) -> str:
    suffix = "_nn" if nn else ""
    return "\n".join(
        [
            getattr(page, f"title{suffix}"),
            getattr(page, f"intro{suffix}"),
            stream_text(getattr(page, f"body{suffix}")),
        ]
    )


def test_every_audience_page_has_an_article_in_every_area(demo):
    pages = AudiencePage.objects.live()
    assert sorted(p.audience.code for p in pages) == ["fagfolk", "parorende", "ung"]
    for page in pages:
        empty = [s["area"] for s in page.sections() if not s["articles"]]
        assert not empty, f"{page.title} has no articles in {empty}"


def test_twelve_rights_articles_with_plain_and_easy_read_in_bokmal_and_nynorsk(demo):
    rights = ArticlePage.objects.live().filter(area=ContentArea.RIGHTS)
    assert rights.count() >= 12
    for page in rights:
        assert page.body and page.body_nn and page.easy_read and page.easy_read_nn, page.slug
        assert page.title_nn and page.intro_nn, page.slug


def test_plain_text_of_every_demo_page_is_lix_40_or_lower(demo):
    too_hard = [
        (page.slug, nn, round(lix(plain_text(page, nn)), 1))
        for page in ArticlePage.objects.all()
        for nn in (False, True)
        if lix(plain_text(page, nn)) > PLAIN_LANGUAGE_MAX
    ]
    assert not too_hard


def test_easy_read_text_of_every_demo_page_is_lix_30_or_lower(demo):
    too_hard = [
        (page.slug, field, round(lix(getattr(page, field)), 1))
        for page in ArticlePage.objects.all()
        for field in ("easy_read", "easy_read_nn")
        if lix(getattr(page, field)) > EASY_READ_MAX
    ]
    assert not too_hard


def test_audience_and_statement_intros_are_plain_language(demo):
    pages = [*AudiencePage.objects.all(), *AccessibilityStatementPage.objects.all()]
    for page in pages:
        for text in (page.intro, page.intro_nn):
            assert lix(text) <= PLAIN_LANGUAGE_MAX, (page.slug, text)


def test_demo_has_municipal_additions_for_baerum_and_bergen(demo):
    numbers = set(MunicipalAddition.objects.values_list("municipality__number", flat=True))
    assert {"3201", "4601"} <= numbers


def test_demo_content_loads_twice_without_duplicates(demo):
    before = ArticlePage.objects.count(), MunicipalAddition.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert (ArticlePage.objects.count(), MunicipalAddition.objects.count()) == before
    assert AccessibilityStatementPage.objects.count() == 1


def test_every_demo_page_renders(demo, client):
    for page in [*ArticlePage.objects.live(), *AudiencePage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url
