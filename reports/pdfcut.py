"""Cut pages out of stored PDFs into a new PDF, with pypdfium2 (no new dependency)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import pypdfium2 as pdfium


def cut_pages(parts: Iterable[tuple[str, Iterable[int]]]) -> bytes:
    """A new PDF of the given physical pages (1-based) of each file, in the order given."""
    out = pdfium.PdfDocument.new()
    sources = []
    try:
        for path, pages in parts:
            source = pdfium.PdfDocument(path)
            sources.append(source)
            out.import_pages(source, [number - 1 for number in pages])
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        for source in sources:
            source.close()
