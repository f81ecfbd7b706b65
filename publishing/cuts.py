"""The PDFs of a meeting, cut once where its papers change and read by every request."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tasks import task

from decisions.models import DecisionRecord
from meetings.access import PUBLIC, Access
from meetings.models import Meeting
from meetings.papers import meeting_papers
from reports.models import Appendix, Minutes, Report
from reports.pdfcut import cuts_store


def meeting_pdfs_cut(meeting: Meeting) -> int:
    """Cut and store every PDF of a meeting that someone may ask for: each paper, each
    agenda item as the public, a councillor and staff see it, and each pack whole and as
    the public sees it. The worker runs it where papers change (after an import, a
    correction or a publication), so requests only read files. Returns how many cuts the
    meeting has."""
    wanted = []
    for access in (PUBLIC, Access(sees_exempt=True), Access(sees_drafts=True, sees_exempt=True)):
        papers = meeting_papers(meeting, access)
        wanted += [entry.pdf_parts() for entry in papers.items if entry.readable]
    documents = list(meeting.documents.all())
    for document in documents:
        wanted += [document.pdf_parts(public=True), document.pdf_parts(public=False)]
    for model in (Report, Appendix, Minutes, DecisionRecord):
        for paper in model.objects.filter(document__in=documents).with_document():
            wanted.append(paper.pdf_parts())
    return len(set(cuts_store([parts for parts in wanted if parts])))


@dataclass(frozen=True)
class _CutsAfterCommit:
    meeting_id: int

    def __call__(self) -> None:
        cut_meeting_pdfs.enqueue(self.meeting_id)


def meeting_pdfs_changed(meeting: Meeting) -> None:
    """Have the worker cut the meeting's PDFs again once the current change commits: once,
    however many of the change's steps (an import, its labels, a publication) touch it."""
    queued = _CutsAfterCommit(meeting.pk)
    waiting = transaction.get_connection().run_on_commit
    if not any(callback == queued for _savepoints, callback, _robust in waiting):
        transaction.on_commit(queued)


@task()
def cut_meeting_pdfs(meeting_id: int) -> int:
    """Cut a meeting's PDFs after an import, a correction or a publication (the worker's)."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    return meeting_pdfs_cut(meeting) if meeting else 0
