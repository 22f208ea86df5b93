"""An offer that applications point to cannot be deleted, and the editor is told why
(issue 13, point 8: Wagtail said «referenced 0 times», then the delete failed with a 500)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from veivalg.accounts.services import make_editor
from veivalg.directory.models import Offer

from .factories import OfferFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("redaktor.sletting", password="x-very-long-password-1")
    make_editor(user=user, office="Tildelingskontoret i Bærum", municipalities=[municipality("3201")])
    client = Client()
    client.force_login(user)
    return client


def _chosen_in_an_application(offer):
    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.intake.tests import factories as f

    f.draft(PersonFactory(), offers=[offer])


def test_deleting_an_offer_in_an_application_is_refused_with_a_message(editor):
    offer = OfferFactory(title="Dagtilbud Demo")
    _chosen_in_an_application(offer)
    url = reverse("wagtailsnippets_directory_offer:delete", args=[offer.pk])

    for response in (editor.get(url, follow=True), editor.post(url, follow=True)):
        assert response.status_code == 200
        assert "kan ikke slettes" in response.content.decode()
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_an_offer_nothing_points_to_can_still_be_deleted(editor):
    offer = OfferFactory(title="Feilregistrert Demo")
    url = reverse("wagtailsnippets_directory_offer:delete", args=[offer.pk])
    response = editor.post(url)
    assert response.status_code == 302
    assert not Offer.objects.filter(pk=offer.pk).exists()
