"""The one CSV writer: no cell reaches a spreadsheet as a formula, numbers stay numbers."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from veivalg.core.csv_export import FORMULA_STARTS, PLAIN_NUMBER, csv_download, spreadsheet_safe


def test_formula_cells_get_an_apostrophe_and_plain_text_and_numbers_do_not():
    assert (
        spreadsheet_safe('=HYPERLINK("https://angriper.example")')
        == '\'=HYPERLINK("https://angriper.example")'
    )
    assert spreadsheet_safe("+47 900 00 000") == "'+47 900 00 000"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert spreadsheet_safe("\t=1") == "'\t=1"
    assert spreadsheet_safe("Gården") == "Gården"
    assert spreadsheet_safe("-3") == "-3" and spreadsheet_safe("12,5") == "12,5"
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(7) == "7"


@given(st.text())
def test_no_cell_starts_like_a_formula_unless_it_is_a_plain_number(value):
    safe = spreadsheet_safe(value)
    assert safe.endswith(value)
    assert not safe.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(safe)


def test_the_download_is_utf8_with_semicolons_and_escaped_cells():
    response, writer = csv_download("deltakere.csv")
    writer.writerows([["Navn", "Behov"], ["=1+1", "rullestol; tolk"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="deltakere.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Navn", "Behov"], ["'=1+1", "rullestol; tolk"]]
