"""Easy-read versions hold pictures, each with a required alt text (bokmål, optional nynorsk);
the accessibility statement's problem list and test method come in nynorsk too."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from veivalg.content.blocks import EasyReadImageBlock
from veivalg.content.models import AccessibilityStatementPage, ArticlePage
from veivalg.demo.pictograms import PICTOGRAMS, draw_png, pictogram_image

from .factories import article

pytestmark = pytest.mark.django_db


def test_a_picture_without_alt_text_is_refused():
    block = EasyReadImageBlock()
    image = pictogram_image("kalender")
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": "", "alt_nn": ""}))
    cleaned = block.clean(block.to_python({"image": image.pk, "alt": "En kalender", "alt_nn": ""}))
    assert cleaned["alt"] == "En kalender"


def test_the_easy_read_field_takes_only_pictures_with_alt_text():
    stream_block = ArticlePage._meta.get_field("easy_read_pictures").stream_block
    assert list(stream_block.child_blocks) == ["image"]
    assert stream_block.child_blocks["image"].child_blocks["alt"].required


def test_pictograms_are_small_pngs_stored_once():
    for name in PICTOGRAMS:
        png = draw_png(name)
        assert png.startswith(b"\x89PNG") and len(png) < 10_000
    assert pictogram_image("brev").pk == pictogram_image("brev").pk


def with_pictures(**fields):
    image = pictogram_image("brev")
    return article(
        easy_read_pictures=[
            {"type": "image", "value": {"image": image.pk, "alt": "Et brev i en konvolutt", "alt_nn": ""}}
        ],
        **fields,
    )


def test_the_article_shows_the_easy_read_picture_with_its_alt_text(client):
    html = client.get(with_pictures().url).content.decode()
    easy_read = html[html.index('id="lettlest"') :]
    assert '<img alt="Et brev i en konvolutt"' in easy_read


def test_a_nynorsk_reader_gets_nynorsk_alt_text_or_bokmal_marked_as_such():
    page = with_pictures()
    reader = Client()
    reader.cookies["veivalg_language"] = "nn"
    html = reader.get(page.url).content.decode()
    assert 'alt="Et brev i en konvolutt"' in html and 'lang="nb"' in html
    page.easy_read_pictures = [
        {
            "type": "image",
            "value": {"image": pictogram_image("brev").pk, "alt": "Et brev", "alt_nn": "Eit brev"},
        }
    ]
    page.save_revision().publish()
    assert 'alt="Eit brev"' in reader.get(page.url).content.decode()


def test_demo_rights_articles_have_pictograms_with_norwegian_alt_text(client):
    call_command("load_demo_content", verbosity=0)
    page = ArticlePage.objects.get(slug="klage-pa-vedtak")
    alts = [block.value["alt"] for block in page.easy_read_pictures]
    assert alts and all(alts) and all(block.value["alt_nn"] for block in page.easy_read_pictures)
    html = client.get(page.url).content.decode()
    assert f'alt="{alts[0]}"' in html
    assert sum(1 for p in ArticlePage.objects.all() if p.easy_read_pictures) >= 3


def test_accessibility_statement_problems_and_test_method_in_nynorsk(client):
    call_command("load_demo_content", verbosity=0)
    statement = AccessibilityStatementPage.objects.live().get()
    assert "Redaktørløsningen" in client.get(statement.url).content.decode()
    reader = Client()
    reader.cookies["veivalg_language"] = "nn"
    html = reader.get(statement.url).content.decode()
    assert "Redaktørløysinga (fleire krav)" in html and "Redaktørløsningen" not in html
    assert "Vi testar kvar side med axe-core" in html
    assert "Ikkje testa med brukarar" in html
