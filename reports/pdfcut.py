"""PDF cuts: the pages of a paper, an agenda item or a pack, cut once and kept as files.

A cut is named by what it holds: the SHA-256 of each source document and the pages taken
from it. The name a request computes therefore finds the file the import, or the worker
after a correction or publication, stored (``cut_store``); a changed page range names a
new file, so a stale cut is never served. Requests do not run pdfium: a cut found
missing (say, a correction whose worker has not yet run) is made in the request, one at
a time in each process under ``PDFIUM_LOCK``, because pdfium is not thread-safe.

Every cut is a new PDF of copied pages, so the source's document-level actions (an
``/OpenAction``, named JavaScript) are left behind, and JavaScript actions that travel
with the pages are disabled (``_without_javascript``).
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import pypdfium2 as pdfium
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# pdfium keeps global state; every call into it from a process with threads holds this.
PDFIUM_LOCK = threading.Lock()

# (document, physical pages from 1); the document needs ``sha256`` and ``file``.
Part = tuple[object, Sequence[int]]


def cut_name(parts: Iterable[Part]) -> str:
    """The storage name of the cut of ``parts``, from what it holds."""
    digest = hashlib.sha256()
    for document, pages in parts:
        digest.update(f"{document.sha256}:{','.join(map(str, pages))};".encode())
    key = digest.hexdigest()
    return f"cuts/{key[:2]}/{key}.pdf"


def cut_store(parts: Sequence[Part]) -> str:
    """Make the cut of ``parts`` unless it is already stored; returns its storage name."""
    name = cut_name(parts)
    path = Path(default_storage.path(name))
    if path.exists():
        return name
    content = cut_pages([(document.file.path, pages) for document, pages in parts])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(content)
    os.replace(partial, path)  # readers see the whole file or none
    return name


def cut_pages(parts: Iterable[tuple[str, Iterable[int]]]) -> bytes:
    """A new PDF of the given physical pages (1-based) of each file, in the order given."""
    with PDFIUM_LOCK:
        out = pdfium.PdfDocument.new()
        sources = []
        try:
            for path, pages in parts:
                source = pdfium.PdfDocument(path)
                sources.append(source)
                out.import_pages(source, [number - 1 for number in pages])
            buffer = io.BytesIO()
            out.save(buffer)
        finally:
            out.close()
            for source in sources:
                source.close()
    return _without_javascript(buffer.getvalue())


def _without_javascript(pdf: bytes) -> bytes:
    """Rename the ``/JavaScript`` action type (and name tree) to one no viewer runs.

    pdfium writes names unescaped and uncompressed, so every JavaScript action a copied
    page carries (``/AA``, a link's ``/A``) is found; the new name has the same length,
    so the file's cross-reference offsets stay right."""
    return pdf.replace(b"/JavaScript", b"/NoJSAction")


def cut_response(request: HttpRequest, parts: Sequence[Part], filename: str) -> HttpResponse:
    """Serve a stored cut, with an ETag and Last-Modified for conditional requests.

    The access check is the caller's: it decides ``parts`` from what the request may see.
    PDFs never enter the public page cache (``council_portal.pagecache``)."""
    name = cut_store(parts)
    path = default_storage.path(name)
    modified = os.stat(path).st_mtime
    etag = f'"{Path(name).stem}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(modified))
    if not_modified is not None:
        return not_modified
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it when sent
    response = FileResponse(
        handle, content_type="application/pdf", filename=filename, as_attachment=False
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, no_cache=True)
    return response
