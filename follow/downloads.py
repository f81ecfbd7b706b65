"""CSV downloads, streamed a row at a time so that a 20-year archive never sits in memory,
and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets
# (CSV injection): a title printed "=HYPERLINK(...)" must be read as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value as a CSV cell: empty for None, text that looks like a formula quoted by a
    leading apostrophe, which spreadsheets show as text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file whose ``write`` hands back the line, so ``csv.writer`` yields lines."""

    def write(self, line: str) -> str:
        return line


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    """A download of ``header`` then ``rows`` (each value passed through ``cell``), written
    as the client reads it."""
    writer = csv.writer(_Echo())

    def lines():
        # The byte order mark tells Excel the file is UTF-8, so "£" and "–" survive.
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
