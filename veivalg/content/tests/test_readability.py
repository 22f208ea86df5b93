from veivalg.content.readability import band, html_to_text, lix


def test_html_to_text_makes_one_line_per_paragraph_and_list_item():
    assert html_to_text("<p>En.</p><ul><li>To</li><li>Tre &amp; fire</li></ul>") == "En.\nTo\nTre & fire"


def test_bands_follow_the_editor_limits():
    assert [band(20), band(30), band(35), band(40), band(41)] == [
        "lettlest",
        "lettlest",
        "middels",
        "middels",
        "vanskelig",
    ]


def test_list_items_count_as_sentences():
    assert lix("Du kan få hjelp\nSpør kommunen") == lix("Du kan få hjelp. Spør kommunen.")
