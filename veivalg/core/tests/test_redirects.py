"""`safe_next` lets a reader go on only to a path on this site, whatever `next` holds."""

from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from veivalg.core.redirects import safe_next

REQUEST = RequestFactory().get("/", HTTP_HOST="testserver")


@given(st.text(max_size=80))
def test_any_value_gives_a_path_here_or_the_default(value):
    result = safe_next(REQUEST, value, "/standard/")
    assert result == "/standard/" or (result == value and result.startswith("/") and not result.startswith("//"))


def test_a_path_here_is_kept_and_everything_else_is_refused():
    assert safe_next(REQUEST, "/min-side/?fane=saker", "/d/") == "/min-side/?fane=saker"
    for value in ["204999", "min-side", "https://angriper.example/", "//angriper.example/", "/\\angriper.example"]:
        assert safe_next(REQUEST, value, "/d/") == "/d/", value
