"""PDF cuts: the pages of a paper, an agenda item or a pack, cut once and kept as files.

A cut is named by what it holds: the SHA-256 of each source document and the pages taken
from it. The name a request computes therefore finds the file the import, or the worker
after a correction or publication, stored (``cut_store``); a changed page range names a
new file, so a stale cut is never served. Requests do not run pdfium: a cut found
missing (say, a correction whose worker has not yet run) is made in the request, one at
a time in each process under ``PDFIUM_LOCK``, because pdfium is not thread-safe.

Every cut is a new PDF of copied pages, so the source's document-level actions (an
``/OpenAction``, named JavaScript, forms) are left behind, and of the actions that travel
with the pages only plain links are kept (``_without_actions``): a link to an http(s) or
mailto address, or to a place in the document. Launching programs, submitting forms,
``javascript:`` addresses, scripts and media are all taken out.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date

from .storage import content_store, local_copy

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
    return cuts_store([parts])[0]


def cuts_store(wanted: Sequence[Sequence[Part]]) -> list[str]:
    """Make each cut of ``wanted`` not yet stored; returns their storage names, in order.

    Each source PDF is opened once for all the cuts taken from it: pdfium reads a
    document's page tree on first use, which for a long pack costs more than the cut."""
    names = [cut_name(parts) for parts in wanted]
    missing = {
        name: parts
        for name, parts in zip(names, wanted, strict=True)
        if not default_storage.exists(name)
    }
    if not missing:
        return names
    with ExitStack() as stack:
        paths: dict[str, str] = {}
        for parts in missing.values():
            for document, _ in parts:
                if document.file.name not in paths:
                    copy = stack.enter_context(local_copy(document.file))
                    paths[document.file.name] = str(copy)
        sources = stack.enter_context(_Sources())
        for name, parts in missing.items():
            content = sources.cut([(paths[document.file.name], pages) for document, pages in parts])
            content_store(name, content)
    return names


def cut_pages(parts: Iterable[tuple[str, Iterable[int]]]) -> bytes:
    """A new PDF of the given physical pages (1-based) of each file, in the order given."""
    with _Sources() as sources:
        return sources.cut(parts)


class _Sources:
    """Source PDFs opened once by path, and cuts from them; pdfium only under the lock."""

    def __init__(self):
        self.open: dict[str, pdfium.PdfDocument] = {}

    def __enter__(self) -> _Sources:
        return self

    def __exit__(self, *exc) -> None:
        with PDFIUM_LOCK:
            for source in self.open.values():
                source.close()

    def cut(self, parts: Iterable[tuple[str, Iterable[int]]]) -> bytes:
        with PDFIUM_LOCK:
            out = pdfium.PdfDocument.new()
            try:
                for path, pages in parts:
                    if path not in self.open:
                        self.open[path] = pdfium.PdfDocument(path)
                    out.import_pages(self.open[path], [number - 1 for number in pages])
                buffer = io.BytesIO()
                out.save(buffer)
            finally:
                out.close()
        return _without_actions(buffer.getvalue())


# The addresses a link may keep; anything else (javascript:, file:, a program) is dropped.
PLAIN_SCHEMES = ("http://", "https://", "mailto:")
# Annotations that play media, run 3D scripts or carry files: kept out of every cut.
ACTIVE_ANNOTATIONS = {"/Screen", "/Movie", "/Sound", "/RichMedia", "/FileAttachment", "/3D"}
# Where an action can hide in a PDF pdfium has written (names unescaped, no object
# streams): a cut with none of these has nothing to take out.
ACTION_HOLDERS = (b"/Annots", b"/AA", b"/OpenAction", b"/Names", b"/AcroForm", b"/Outlines")


def _without_actions(pdf: bytes) -> bytes:
    """The PDF with every action taken out but plain links: no document or page actions
    (``/OpenAction``, ``/AA``), no forms or named scripts, no media or file annotations,
    and each annotation's action kept only when ``_plain_link`` says it is one. Most
    packs carry none, and are returned as they are."""
    if b"/ObjStm" not in pdf and not any(holder in pdf for holder in ACTION_HOLDERS):
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for key in ("/OpenAction", "/AA", "/Names", "/AcroForm"):
            if key in document.Root:
                del document.Root[key]
        for page in document.pages:
            _page_without_actions(page.obj)
        out = io.BytesIO()
        with warnings.catch_warnings():
            # Form fields keep their printed appearance but are no longer a form to fill
            # in: pikepdf warns that their widgets are not reachable from /AcroForm.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            document.save(out)
    return out.getvalue()


def _page_without_actions(page) -> None:
    if "/AA" in page:
        del page["/AA"]
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if annotation.get("/Subtype") in ACTIVE_ANNOTATIONS:
            continue
        node, seen = annotation, set()
        while isinstance(node, pikepdf.Dictionary) and node.objgen not in seen:
            seen.add(node.objgen)  # a field's parents carry actions too
            if "/AA" in node:
                del node["/AA"]
            if "/A" in node and not _plain_link(node["/A"]):
                del node["/A"]
            elif "/A" in node and "/Next" in node["/A"]:
                del node["/A"]["/Next"]
            node = node.get("/Parent")
        kept.append(annotation)
    page["/Annots"] = kept


def _plain_link(action) -> bool:
    """Whether an action is a plain link: to a place in the document, or to an http(s) or
    mailto address."""
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get("/S")
    if kind == "/GoTo":
        return True
    if kind == "/URI":
        address = str(action.get("/URI", "")).strip().lower()
        return address.startswith(PLAIN_SCHEMES)
    return False


def cut_response(request: HttpRequest, parts: Sequence[Part], filename: str) -> HttpResponse:
    """Serve a stored cut, with an ETag and Last-Modified for conditional requests.

    The access check is the caller's: it decides ``parts`` from what the request may see.
    A PDF's bytes never enter the public page cache (``council_portal.pagecache``).
    Behind nginx (``PDF_ACCEL_REDIRECT``), a cut on the host's disk is handed to it by an
    internal redirect, so no Python process streams the bytes; the cache keeps that
    redirect for signed-out visitors as it keeps a page."""
    name = cut_store(parts)
    modified = _modified(name)
    etag = f'"{Path(name).stem}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    if settings.PDF_ACCEL_REDIRECT and _on_disk(name):
        # The proxy sends the file itself (sendfile, byte ranges); Python only decided.
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = settings.PDF_ACCEL_REDIRECT + name
        response["Content-Disposition"] = content_disposition_header(False, filename)
    else:
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type="application/pdf",
            filename=filename,
            as_attachment=False,
        )
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, no_cache=True)
    return response


def _on_disk(name: str) -> bool:
    try:
        default_storage.path(name)
    except NotImplementedError:
        return False
    return True


def _modified(name: str) -> int | None:
    """When the stored cut was written, in seconds, if its storage can say."""
    try:
        return int(default_storage.get_modified_time(name).timestamp())
    except NotImplementedError:
        return None
