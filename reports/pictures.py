"""Pictures of a document's pages: a small one of every page, to see a pack at a glance
on the review page, and a large one to read a page by.

They are drawn once, by the worker after an import (``publishing.pictures``), never in a
request, and stored under the document's SHA-256, like the cuts: a document imported
again finds the pictures it already has. They are WebP, which at these sizes takes under
half the space of PNG for about the same time to encode (docs/performance.md).
"""

from __future__ import annotations

import io
import logging
import os
import threading
from pathlib import Path

import pypdfium2 as pdfium
from django.core.files.storage import default_storage

from .pdfcut import PDFIUM_LOCK

logger = logging.getLogger(__name__)

# Width in pixels of each size. A page is never drawn taller than twice its width, so an
# odd page size (a narrow strip) cannot make a huge bitmap.
SIZES = {"small": 180, "large": 1000}
CONTENT_TYPE = "image/webp"
# Lossy, yet text stays crisp at 80; method 2 encodes twice as fast as the default 4.
ENCODING = {"format": "WEBP", "quality": 80, "method": 2}


def picture_name(document, page: int, size: str) -> str:
    """The storage name of the ``size`` picture of physical page ``page`` (from 1)."""
    key = document.sha256
    return f"pictures/{key[:2]}/{key}/{page}-{size}.webp"


def picture_path(document, page: int, size: str) -> Path:
    return Path(default_storage.path(picture_name(document, page, size)))


def pictures_draw(document) -> int:
    """Draw the pictures of every page of ``document`` not drawn already, then record on
    the document how many pages have them. Returns how many pages were drawn now.

    pdfium is held one page at a time, so a request cutting a PDF in the same process
    waits for one page at most. A page pdfium cannot draw is logged and left out, and so
    is a document whose file cannot be opened (it then keeps the count it had)."""
    missing = [
        number
        for number in range(1, document.page_count + 1)
        if not all(picture_path(document, number, size).exists() for size in SIZES)
    ]
    drawn = 0
    if missing:
        try:
            with PDFIUM_LOCK:
                pdf = pdfium.PdfDocument(document.file.path)
        except (OSError, pdfium.PdfiumError):
            logger.exception("%s: its file could not be opened to draw its pages", document)
            return 0
        try:
            for number in missing:
                try:
                    with PDFIUM_LOCK:
                        pictures = _page_pictures(pdf, number)
                except pdfium.PdfiumError:
                    logger.exception("%s: page %d could not be drawn", document, number)
                    continue
                for size, content in pictures.items():
                    _store(picture_path(document, number, size), content)
                drawn += 1
        finally:
            with PDFIUM_LOCK:
                pdf.close()
    document.pictures = document.page_count - len(missing) + drawn
    document.save(update_fields=["pictures"])
    return drawn


def _page_pictures(pdf, number: int) -> dict[str, bytes]:
    """Each size of one page, encoded (while the bitmap it shares memory with lives)."""
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        pictures = {}
        for size, pixels in SIZES.items():
            scale = min(pixels / width, 2 * pixels / height)
            bitmap = page.render(scale=scale)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, **ENCODING)
            bitmap.close()
            pictures[size] = buffer.getvalue()
        return pictures
    finally:
        page.close()


def _store(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(content)
    os.replace(partial, path)  # readers see the whole file or none
