"""The interface speaks bokmål, nynorsk and English completely, in plain words."""

from pathlib import Path

import polib
import pytest

from veivalg.core.readability import lix

LOCALE = Path(__file__).resolve().parents[3] / "locale"


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_interface_text_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"unchecked (fuzzy) in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", ["nn", "en"])
def test_compiled_catalogue_is_current(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    compiled = polib.mofile(str(mo))
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po)) if e.msgstr and not e.obsolete}
    in_mo = {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgstr}
    assert source.items() <= in_mo.items(), "run `make messages`: the .mo is older than the .po"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_interface_sentences_are_plain(language):
    """Standard text: LIX at most 40 over the interface's full sentences."""
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    sentences = []
    for entry in catalogue:
        text = entry.msgstr or entry.msgid
        if "%(" not in text and len(text.split()) >= 6 and text.rstrip().endswith((".", "?", "!")):
            sentences.append(text)
    assert len(sentences) > 50
    assert lix(" ".join(sentences)) <= 40
