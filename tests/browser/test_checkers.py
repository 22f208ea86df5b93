"""The two accessibility checkers really check: a page with a picture without alt text and a
field without a label fails both, so a green browser suite means something."""

import pytest

from .conftest import axe_violations, htmlcs_errors, visit

pytestmark = pytest.mark.browser

BROKEN = """() => {
    const main = document.querySelector('main');
    const img = document.createElement('img');
    img.src = '/static/favicon.svg';
    main.appendChild(img);
    const input = document.createElement('input');
    input.type = 'text';
    main.appendChild(input);
}"""


def test_both_checkers_find_a_missing_alt_text_and_a_missing_label(page):
    visit(page, "/")
    assert axe_violations(page) == [] and htmlcs_errors(page) == []
    page.evaluate(BROKEN)
    axe_ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= axe_ids
    codes = {e["code"] for e in htmlcs_errors(page)}
    assert any(".H37" in code for code in codes), codes  # img element missing an alt attribute
