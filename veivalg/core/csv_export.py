"""CSV files for spreadsheet programs: the one way the site writes a CSV download.

A spreadsheet runs a cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage
return), so a name such as `=HYPERLINK("https://…")` typed by a provider or a citizen would
become a live link or worse in the office's spreadsheet (CSV injection). Every text cell that
starts that way gets a leading apostrophe, which spreadsheets show as plain text. Plain
numbers (`-3`, `12,5`) are left alone: they are not formulas, and the figures must stay numbers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def spreadsheet_safe(value: object) -> str:
    """The cell as text that no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SpreadsheetWriter:
    """`csv.writer` with `;` between cells (what Norwegian spreadsheets expect) and every cell
    made safe."""

    def __init__(self, stream, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_download(filename: str) -> tuple[HttpResponse, SpreadsheetWriter]:
    """An attachment response and the writer that fills it. The file starts with a byte-order
    mark so spreadsheet programs read æ, ø and å as UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    return response, SpreadsheetWriter(response)
