"""The structure of a document's pages (headings, paragraphs, lists, fields, tables),
read by the worker once its import is done.

Laying out every page, and finding tables with pdfplumber on the pages drawn with rules,
costs several times the import's own reading (docs/performance.md, issue 22), so it runs
after the import, like the pictures; until it has, each page shows its text as extracted.
"""

from __future__ import annotations

import logging

import pypdfium2 as pdfium
from django_tasks import task

from packs.reading.blocks import pdf_blocks
from reports.models import Document, Page
from reports.pdfcut import PDFIUM_LOCK
from reports.storage import local_copy

logger = logging.getLogger(__name__)


def document_tables_read(document: Document) -> int:
    """Store the blocks of each page of ``document``; returns how many pages were laid
    out. pdfium is not thread-safe, so the reading holds its lock."""
    try:
        with local_copy(document.file) as path, PDFIUM_LOCK:
            blocks = pdf_blocks(str(path))
    except (OSError, ValueError, pdfium.PdfiumError):
        logger.exception("Could not read the tables of %s", document)
        return 0
    pages = list(document.pages.all())
    for page in pages:
        page.blocks = blocks[page.number - 1] if page.number <= len(blocks) else None
    Page.objects.bulk_update(pages, ["blocks"], batch_size=200)
    return sum(1 for page in pages if page.blocks is not None)


@task()
def read_tables(document_id: int) -> int:
    """Read the structure of a newly imported document's pages (the worker's)."""
    document = Document.objects.filter(pk=document_id).first()
    return document_tables_read(document) if document else 0
