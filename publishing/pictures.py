"""The pictures of a document's pages, drawn by the worker once its import is done."""

from __future__ import annotations

from django_tasks import task

from reports.models import Document
from reports.pictures import pictures_draw


def documents_pictures_draw(*, everything: bool = False):
    """Draw the missing pictures of the documents that have none (or, with
    ``everything``, of every document, looking for each page's files); yields each
    document with how many pages were drawn."""
    documents = Document.objects.order_by("pk")
    if not everything:
        documents = documents.filter(pictures=0)
    for document in documents.iterator():
        yield document, pictures_draw(document)


@task()
def draw_pictures(document_id: int) -> int:
    """Draw the pictures of a newly imported document's pages (the worker's)."""
    document = Document.objects.filter(pk=document_id).first()
    return pictures_draw(document) if document else 0
