"""Bad input at the edge (issue 13, point 7): a clear 400 or a form message, never a 500 or a
worker running out of memory."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/kommune/?q=%00",
    "/kommune/forslag/?q=ber%00gen",
    "/api/hsds/organizations?search=%00",
    "/sok/?q=arbeid%00",
    "/sok/alt/?q=%00",
    "/statistikk/?kommune=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_character_in_the_query_string_answers_400_with_a_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Vi kunne ikke lese adressen" in response.content.decode()


def test_a_huge_year_range_in_the_statistics_is_a_form_message_not_a_memory_error(client):
    response = client.get("/statistikk/?fra=-9999999999&til=9999999999")
    assert response.status_code in (200, 400)
    assert "Skriv et år mellom" in response.content.decode()


@settings(max_examples=30, deadline=None)
@given(q=st.text(min_size=1, max_size=40))
def test_any_text_in_the_municipality_search_gives_a_page(q):
    from django.test import Client

    response = Client().get("/kommune/", {"q": q})
    assert response.status_code in (200, 302, 400)
