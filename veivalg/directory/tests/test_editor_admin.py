"""Editors keep their own municipality's offers current in Wagtail, and nobody else's."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veivalg.accounts.services import make_editor
from veivalg.directory.models import Offer

from .factories import OfferFactory, OrganizationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    user = get_user_model().objects.create_user("redaktor", password="x-very-long-password-1")
    make_editor(user=user, office="Tildelingskontoret i Bærum", municipalities=[municipality("3201")])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def baerum_offer():
    return OfferFactory(title="Bærum-tilbud")


@pytest.fixture
def bergen_offer():
    org = OrganizationFactory(municipality=municipality("4601"))
    return OfferFactory(title="Bergen-tilbud", organization=org, served=[municipality("4601")])


def test_editor_lists_only_own_municipality(editor_client, baerum_offer, bergen_offer):
    body = editor_client.get(reverse("wagtailsnippets_directory_offer:list")).content.decode()
    assert "Bærum-tilbud" in body and "Bergen-tilbud" not in body


def test_editor_cannot_open_another_municipalitys_offer(editor_client, bergen_offer):
    response = editor_client.get(reverse("wagtailsnippets_directory_offer:edit", args=[bergen_offer.pk]))
    assert response.status_code in (302, 403, 404)
    assert b"Bergen-tilbud" not in response.content


def test_editor_saves_a_draft_without_changing_the_public_page(editor_client, baerum_offer):
    url = reverse("wagtailsnippets_directory_offer:edit", args=[baerum_offer.pk])
    form = editor_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(_formset_data(form))
    data["title"] = "Nytt navn i utkast"
    data["review_by"] = "2027-06-01"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    baerum_offer.refresh_from_db()
    assert baerum_offer.title == "Bærum-tilbud"  # the live row is unchanged
    assert baerum_offer.has_unpublished_changes
    assert baerum_offer.latest_revision.content["title"] == "Nytt navn i utkast"
    assert baerum_offer.latest_revision.user.username == "redaktor"


def test_editor_cannot_give_an_offer_a_script_address_as_its_website(editor_client, baerum_offer):
    """An editor types javascript:… as the offer's web page: the form says what is wrong, and no
    draft holds the address."""
    url = reverse("wagtailsnippets_directory_offer:edit", args=[baerum_offer.pk])
    form = editor_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(_formset_data(form))
    data["review_by"] = "2027-06-01"
    for address in ("javascript:alert(document.cookie)", "ftp://filer.example/tilbud"):
        response = editor_client.post(url, {**data, "url": address})
        assert response.status_code == 200
        errors = response.context["form"].errors["url"]
        assert "Skriv en nettadresse som begynner med http:// eller https://." in errors
    baerum_offer.refresh_from_db()
    assert baerum_offer.url == "" and baerum_offer.latest_revision is None
    assert editor_client.post(url, {**data, "url": "https://verksted.example/"}).status_code == 302


SECRET_DRAFT = "Bergens utkast som ikke er publisert"


def _object_urls(namespace: str, obj) -> dict[str, str]:
    """Every admin URL of one object that this snippet has (not all have previews or locks)."""
    from django.urls import NoReverseMatch

    revision = obj.latest_revision
    wanted = {
        name: [obj.pk]
        for name in (
            "edit",
            "delete",
            "usage",
            "history",
            "history_results",
            "copy",
            "inspect",
            "preview_on_edit",
            "unpublish",
            "lock",
            "unlock",
            "workflow_history",
            "confirm_workflow_cancellation",
        )
    }
    if revision is not None:
        for name in ("revisions_view", "revisions_revert", "revisions_unschedule"):
            wanted[name] = [obj.pk, revision.pk]
        wanted["revisions_compare"] = [obj.pk, "earliest", "latest"]
    urls = {}
    for name, args in wanted.items():
        try:
            urls[name] = reverse(f"{namespace}:{name}", args=args)
        except NoReverseMatch:
            continue
    return urls


def _refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] in ("/redaktor/", reverse("wagtailadmin_home"))
    )


def test_editor_reads_and_changes_nothing_of_another_municipalitys_offer_or_provider(
    editor_client, bergen_offer
):
    """Bærum's editor tries every admin URL of Bergen's offer (with an unpublished draft) and of
    its provider: history, revisions, compare, preview, lock, unlock, copy, delete. Each is
    refused, the draft is never shown, and nothing is locked or changed."""
    bergen_offer.summary = SECRET_DRAFT
    bergen_offer.save_revision()
    organization = bergen_offer.organization
    organization.description = SECRET_DRAFT
    organization.save_revision()
    targets = [
        ("wagtailsnippets_directory_offer", bergen_offer),
        ("wagtailsnippets_directory_organization", organization),
    ]
    for namespace, obj in targets:
        for name, url in _object_urls(namespace, obj).items():
            for response in (editor_client.get(url), editor_client.post(url, {"title": "x", "name": "x"})):
                assert _refused(response), f"{namespace}:{name} {response.status_code}"
                assert SECRET_DRAFT not in response.content.decode(), f"{namespace}:{name}"
    bergen_offer.refresh_from_db()
    assert not bergen_offer.locked and bergen_offer.title == "Bergen-tilbud"
    assert Offer.objects.filter(pk=bergen_offer.pk).exists()


def test_owner_municipality_choices_are_limited_for_editors(editor_client):
    form = editor_client.get(reverse("wagtailsnippets_directory_offer:add")).context["form"]
    assert list(form.fields["owner_municipality"].queryset) == [municipality("3201")]


def test_dashboard_lists_offers_past_review_per_municipality(editor_client, bergen_offer):
    OfferFactory(title="Gammelt tilbud", review_by=timezone.localdate() - datetime.timedelta(days=30))
    Offer.objects.filter(pk=bergen_offer.pk).update(review_by=datetime.date(2020, 1, 1))
    body = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tilbud som skulle vært kontrollert" in body
    assert "3201 Bærum" in body and "Gammelt tilbud" in body
    assert "Bergen-tilbud" not in body  # not this editor's municipality


def test_public_user_cannot_reach_the_admin(client):
    response = Client().get(reverse("wagtailsnippets_directory_offer:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def _formset_data(form) -> dict:
    data = {}
    for _name, formset in form.formsets.items():
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, subform in enumerate(formset.forms):
            for field in subform.fields:
                value = subform.initial.get(field)
                if value is not None:
                    data[f"{prefix}-{i}-{field}"] = getattr(value, "pk", value)
            data[f"{prefix}-{i}-id"] = subform.instance.pk
            data[f"{prefix}-{i}-ORDER"] = str(i + 1)
    return data
