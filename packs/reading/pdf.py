"""The thin PDF layer: check the file, extract each page's text with pdfium, page by page."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    NoTextError,
    NotPdfError,
    TooLargeError,
)
from .model import ParsedPack
from .pack import parse_pages
from .pages import describe_page

_CHUNK = 1 << 20


def parse_pdf(
    source: str | os.PathLike | bytes,
    *,
    filename: str | None = None,
    committee: str | None = None,
    council: str | None = None,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPack:
    """Parse a council pack PDF given as a path or as bytes.

    ``council`` is the authority the portal serves, for papers that name it only as "the
    above Council" with no letterhead. ``progress(done, total)`` is called as pages are
    read, for a progress bar.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or "upload.pdf"
        size = len(data)
    else:
        path = Path(source)
        name = filename or path.name
        size = path.stat().st_size
        data = None
    if max_bytes is not None and size > max_bytes:
        raise TooLargeError(
            f"{name} is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.1f} MB allowed."
        )
    head, tail, sha256 = _sniff(data if data is not None else path)
    if not head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")[:1024].count(b"%PDF-"):
        raise NotPdfError(f"{name} is not a PDF file.")
    if b"%%EOF" not in tail:
        raise CorruptPdfError(f"{name} is truncated: the PDF ends before its last section.")

    document = _open(data if data is not None else str(path), name, head + tail)
    try:
        count = len(document)
        if count == 0:
            raise EmptyPdfError(f"{name} has no pages.")
        described = []
        without_text = []
        for index in range(count):
            text, has_text = _page_text(document, index, name)
            if not has_text:
                without_text.append(index + 1)
            described.append(describe_page(index + 1, text, has_text))
            if progress:
                progress(index + 1, count)
    finally:
        document.close()
    if without_text and not any(page.text.strip() for page in described):
        raise NoTextError(without_text)
    return parse_pages(
        [p.text for p in described],
        filename=name,
        sha256=sha256,
        committee=committee,
        council=council,
        described=described,
    )


def _sniff(source: bytes | Path) -> tuple[bytes, bytes, str]:
    """First and last bytes of the file, and its SHA-256, reading it once in chunks."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return source[:8192], source[-8192:], digest.hexdigest()
    head = tail = b""
    with open(source, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not head:
                head = chunk[:8192]
            digest.update(chunk)
            tail = (tail + chunk)[-8192:]
    return head, tail, digest.hexdigest()


def _open(source: bytes | str, name: str, ends: bytes) -> pdfium.PdfDocument:
    """Open with pdfium; on failure tell encrypted, empty and damaged files apart by their
    trailer, since pdfium's last-error code can be stale."""
    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        if b"/Encrypt" in ends:
            raise EncryptedPdfError(
                f"{name} is password-protected; upload an unlocked copy."
            ) from exc
        if re.search(rb"/Count\s*0\b", ends) and b"/Type/Page\n" not in ends:
            raise EmptyPdfError(f"{name} has no pages.") from exc
        raise CorruptPdfError(f"{name} is damaged and cannot be read as a PDF.") from exc


def _page_text(document: pdfium.PdfDocument, index: int, name: str) -> tuple[str, bool]:
    """A page's text, and whether it has any (a page that shows only an image has none)."""
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise CorruptPdfError(f"{name}: page {index + 1} is damaged ({exc}).") from exc
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        if text.strip():
            return text, True
        return text, not _has_image(page)
    finally:
        page.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    objects = page.get_objects(max_depth=2)
    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in objects)
