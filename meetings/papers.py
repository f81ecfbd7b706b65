"""A meeting's agenda with the papers under each item, as a request may see them.

One function, used by the meeting page and the agenda item page, with a fixed number
of queries whatever the size of the meeting. A decision is shown under the item it
decides (its own, or its report's), once: a proposal whose made record is shown is
folded into it as its history. The meeting's own minutes, usually carried by the next
meeting's pack, are shown apart from the minutes of the previous meeting it received.
Each report carries the appendices the request may see as ``visible_appendices``, and
each minutes received its meeting's decisions as ``visible_decisions``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from decisions.models import by_reference, with_history
from reports.models import Report

from .access import Access
from .models import AgendaItem, Meeting


@dataclass
class ItemPapers:
    """An agenda item and what may be shown under it."""

    item: AgendaItem
    readable: bool
    reports: list = field(default_factory=list)
    minutes: list = field(default_factory=list)
    decisions: list = field(default_factory=list)

    @property
    def papers(self) -> list:
        return [*self.reports, *self.minutes, *self.decisions]

    def pdf_parts(self) -> list:
        """The pages of this item's papers, document by document, for its own PDF."""
        documents = {}
        pages: dict[int, set[int]] = defaultdict(set)
        papers = [*self.reports, *self.minutes, *self.decisions]
        papers += [appendix for report in self.reports for appendix in report.visible_appendices]
        for paper in papers:
            for document, numbers in paper.pdf_parts():
                documents[document.pk] = document
                pages[document.pk].update(numbers)
        return [(documents[pk], sorted(numbers)) for pk, numbers in sorted(pages.items())]


@dataclass
class MeetingPapers:
    items: list[ItemPapers]
    unassigned: list  # papers of the meeting's documents that name no item
    documents: list
    own_minutes: list = field(default_factory=list)  # the minutes of this meeting

    @property
    def unassigned_reports(self) -> list:
        """The reports among them, shown with their appendices as an item's are."""
        return [paper for paper in self.unassigned if isinstance(paper, Report)]

    @property
    def unassigned_others(self) -> list:
        return [paper for paper in self.unassigned if not isinstance(paper, Report)]

    def item(self, number: str) -> ItemPapers | None:
        return next((entry for entry in self.items if entry.item.number == number), None)


def meeting_papers(meeting: Meeting, access: Access) -> MeetingPapers:
    items = list(access.agenda_items().filter(meeting=meeting).order_by("order"))
    for item in items:
        item.meeting = meeting
    by_item = {item.pk: ItemPapers(item=item, readable=access.may_read(item)) for item in items}
    unassigned = []
    documents = list(
        access.documents().filter(meeting=meeting).without_reading().order_by("uploaded_at")
    )

    reports = list(
        access.reports()
        .filter(document__meeting=meeting)
        .prefetch_related(
            Prefetch(
                "appendices",
                queryset=access.appendices().order_by("first_page"),
                to_attr="visible_appendices",
            )
        )
        .order_by("document__uploaded_at", "first_page")
    )
    # The wide joins below are sorted here, not by ORDER BY: with one, Django hashes every
    # selected column while compiling (``SQLCompiler._order_by_pairs``), and a meeting's
    # rows are few.
    minutes = sorted(
        access.minutes()
        .filter(document__meeting=meeting)
        .select_related("meeting__committee")
        .prefetch_related(
            Prefetch(
                "meeting__decisions",
                queryset=access.current_decisions().order_by(),
                to_attr="visible_decisions",
            )
        )
        .order_by(),
        key=lambda minutes: minutes.meeting.date,
        reverse=True,
    )
    for received in minutes:
        received.meeting.visible_decisions.sort(key=by_reference)
    own_minutes = sorted(
        access.minutes()
        .filter(meeting=meeting)
        .with_document("document__meeting__committee", "agenda_item__meeting__committee")
        .order_by(),
        key=lambda own: (own.is_exempt, own.document.uploaded_at, own.first_page),
    )
    for own in own_minutes:
        own.meeting = meeting
    decisions = with_history(
        sorted(
            access.decisions()
            .filter(meeting=meeting)
            .annotate(report_item_id=F("report__agenda_item"))
            .order_by(),
            key=by_reference,
        ),
        access.decisions(),
    )
    appendices = [appendix for report in reports for appendix in report.visible_appendices]
    _give_documents([*reports, *appendices, *minutes, *decisions], documents)
    for collection, attribute in ((reports, "reports"), (minutes, "minutes")):
        for paper in collection:
            entry = by_item.get(paper.agenda_item_id)
            if attribute == "minutes" and paper.meeting_id == meeting.pk:
                continue  # this meeting's own minutes, printed in its own papers
            if entry is None:
                unassigned.append(paper)
            elif entry.readable:
                getattr(entry, attribute).append(paper)
    for record in decisions:
        entry = by_item.get(record.agenda_item_id) or by_item.get(record.report_item_id)
        if entry is None:
            unassigned.append(record)
        elif entry.readable:
            entry.decisions.append(record)
    return MeetingPapers(
        items=list(by_item.values()),
        unassigned=unassigned,
        documents=documents,
        own_minutes=own_minutes,
    )


def _give_documents(papers: list, documents: list) -> None:
    """Give each paper its document from the meeting's, read once, instead of a copy of
    it joined to every paper's row (a paper whose document is not among them reads its
    own when asked)."""
    by_pk = {document.pk: document for document in documents}
    for paper in papers:
        if paper.document_id in by_pk:
            paper.document = by_pk[paper.document_id]
