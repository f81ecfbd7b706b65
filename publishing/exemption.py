"""Exempt is sticky: labels that only rise, the one act that lowers them, and what the
public would gain or lose by a change.

Every page and paper carries its exempt label (``is_exempt``), and so does each agenda
item. ``exemption_spread`` raises labels to what a meeting's exempt items and papers
imply, after every import, correction and admin save: it never lowers one, so deleting,
merging, splitting, retyping or moving papers, renumbering, a later pack or a re-import can
only hide more. ``exempt_lower`` is the one way down, taken by ``papers_make_public``:
named, with a reason, audited.

``PublicView`` is what the public may read of a meeting's papers once published: each
page, each paper and each agenda item opened to them. Taken before and after a correction,
it tells the preview every page whose visibility changes, both ways, and refuses a
correction that would reveal anything hidden unless it is a "make public".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Coalesce

from decisions.models import DecisionRecord
from meetings.access import Access
from meetings.models import AgendaItem, Meeting
from reports.models import (
    Appendix,
    Document,
    Minutes,
    Page,
    Report,
    pages_label,
)

# Every kind of paper cut from a document's pages, by the word staff read, and the
# method of ``Access`` that reads it.
PAPERS = {
    "report": Report,
    "appendix": Appendix,
    "minutes": Minutes,
    "decision": DecisionRecord,
}
READ_BY = {
    "report": "reports",
    "appendix": "appendices",
    "minutes": "minutes",
    "decision": "decisions",
}

# Everyone but councillors, counting what is not yet published as if it were: the
# public's view once the meeting (and each of its packs) is published.
ONCE_PUBLISHED = Access(sees_drafts=True)


def meeting_documents(meetings: Iterable[Meeting]):
    """The documents a meeting's labels reach: its own, and those carrying a paper on one
    of its agenda items (minutes presented, a decision record printed elsewhere)."""
    items = AgendaItem.objects.filter(meeting__in=meetings)
    own = Document.objects.order_by().filter(meeting__in=meetings).values_list("pk", flat=True)
    # One lookup each along its own index, put together by UNION: as ORed subqueries,
    # PostgreSQL hashed each over every document of the archive.
    on_items = (
        model.objects.order_by().filter(agenda_item__in=items).values_list("document", flat=True)
        for model in (Report, Minutes, DecisionRecord)
    )
    return Document.objects.filter(pk__in=list(own.union(*on_items)))


def exemption_spread(*meetings: Meeting | None) -> int:
    """Raise the exempt labels of ``meetings``' papers and pages to what their exempt items
    and papers imply, until nothing more rises; returns how many labels rose.

    - a paper on an exempt item (a report, minutes presented under it, a decision record
      of it) is exempt, and so is an appendix to an exempt report and a record following it;
    - an exempt item's printed page range in its meeting's agenda pack is exempt;
    - every page of an exempt paper is exempt, and every paper holding an exempt page.

    Nothing is ever lowered here. The labels are read in a few statements, each finding its
    rows by key (a subquery, or an OR across a join, would read every paper of the
    archive), the rules are followed in memory, and only what rises is written: most
    publications and corrections write nothing here."""
    meetings = [meeting for meeting in meetings if meeting is not None]
    if not meetings:
        return 0
    # Two changes to one meeting, or to meetings shown together, take turns here (their
    # rows locked until the change commits): each spread then reads the other's labels,
    # where both reading before either committed could each miss what the other raised.
    Meeting.objects.lock_shown_with(*meetings)
    exempt_items = AgendaItem.objects.filter(meeting__in=meetings, is_exempt=True).values_list(
        "pk", "meeting_id", "first_page", "last_page", "exempt_paragraph"
    )
    paragraphs = {}
    raised = 0
    for pk, meeting_id, first, last, paragraph in exempt_items:
        paragraphs[pk] = paragraph
        if first is not None:
            raised += Page.objects.filter(
                document__meeting_id=meeting_id,
                document__kind=Document.Kind.MAIN_PACK,
                printed_number__gte=first,
                printed_number__lte=last or first,
                is_exempt=False,
            ).update(is_exempt=True)
    page_counts = dict(meeting_documents(meetings).values_list("pk", "page_count"))
    return raised + _Spread.read(page_counts, paragraphs).raise_labels()


@dataclass
class _Paper:
    """What the spread reads of a paper: its pages and label, and what it follows."""

    kind: str
    pk: int
    document: int | None
    first: int | None
    last: int | None
    exempt: bool
    item: int | None = None
    report: int | None = None
    paragraph: int | None = None

    def numbers(self, page_count: int) -> range:
        if self.first is None:
            return range(0)
        return range(self.first, min(self.last or self.first, page_count) + 1)


@dataclass
class _Spread:
    """The labels ``exemption_spread`` follows within some documents (key: page count):
    their papers, the records following their reports or on the exempt items (key: their
    Schedule 12A paragraph), and their exempt pages."""

    page_counts: dict[int, int]
    items: dict[int, int | None]
    papers: list[_Paper]
    exempt_pages: dict[int, set[int]]
    report_exempt: dict[int, bool]

    @classmethod
    def read(cls, page_counts: dict[int, int], items: dict[int, int | None]) -> _Spread:
        documents = list(page_counts)
        exempt_pages = defaultdict(set)
        for document, number in Page.objects.filter(
            document__in=documents, is_exempt=True
        ).values_list("document_id", "number"):
            exempt_pages[document].add(number)
        columns = ["pk", "document_id", "first_page", "last_page", "is_exempt"]
        papers = [
            _Paper("report", *row, item=item, paragraph=paragraph)
            for *row, item, paragraph in Report.objects.filter(document__in=documents).values_list(
                *columns, "agenda_item_id", "exempt_paragraph"
            )
        ]
        papers += [
            _Paper("minutes", *row, item=item)
            for *row, item in Minutes.objects.filter(document__in=documents).values_list(
                *columns, "agenda_item_id"
            )
        ]
        papers += [
            _Paper("appendix", *row, report=report)
            for *row, report in Appendix.objects.filter(document__in=documents).values_list(
                *columns, "report_id"
            )
        ]
        # Records by their document, their report or their item, each along its own index.
        reports = [paper.pk for paper in papers if paper.kind == "report"]
        records = DecisionRecord.objects.filter(
            Q(document__in=documents) | Q(report__in=reports) | Q(agenda_item__in=list(items))
        )
        papers += [
            _Paper("decision", *row, item=item, report=report)
            for *row, item, report in records.values_list(*columns, "agenda_item_id", "report_id")
        ]
        report_exempt = {paper.pk: paper.exempt for paper in papers if paper.kind == "report"}
        elsewhere = {paper.report for paper in papers if paper.report} - report_exempt.keys()
        if elsewhere:
            report_exempt.update(
                Report.objects.filter(pk__in=elsewhere).values_list("pk", "is_exempt")
            )
        return cls(page_counts, items, papers, exempt_pages, report_exempt)

    def raise_labels(self) -> int:
        """Follow the rules until nothing more rises, write what rose, and return how many
        labels it was."""
        papers: set[tuple[str, int]] = set()
        pages: set[tuple[int, int]] = set()
        rising = True
        while rising:
            rising = False
            for paper in self.papers:
                if not paper.exempt and self._rises(paper):
                    paper.exempt = rising = True
                    papers.add((paper.kind, paper.pk))
                    if paper.kind == "report":
                        self.report_exempt[paper.pk] = True
            for paper in self.papers:
                if paper.exempt and paper.document in self.page_counts:
                    held = self.exempt_pages[paper.document]
                    for number in paper.numbers(self.page_counts[paper.document]):
                        if number not in held:
                            held.add(number)
                            pages.add((paper.document, number))
                            rising = True
        self._write(papers, pages)
        return len(papers) + len(pages)

    def _rises(self, paper: _Paper) -> bool:
        on_exempt_item = paper.kind != "appendix" and paper.item in self.items
        follows_exempt = paper.kind in ("appendix", "decision") and self.report_exempt.get(
            paper.report, False
        )
        holds_exempt = paper.document in self.page_counts and any(
            number in self.exempt_pages[paper.document]
            for number in paper.numbers(self.page_counts[paper.document])
        )
        return on_exempt_item or follows_exempt or holds_exempt

    def _write(self, papers: set[tuple[str, int]], pages: set[tuple[int, int]]) -> None:
        for kind, model in PAPERS.items():
            keys = [pk for raised, pk in papers if raised == kind]
            if keys:
                model.objects.filter(pk__in=keys).update(is_exempt=True)
        by_document = defaultdict(list)
        for document, number in pages:
            by_document[document].append(number)
        for document, numbers in by_document.items():
            Page.objects.filter(document=document, number__in=numbers).update(is_exempt=True)
        # A report on an exempt item gives the item's paragraph, where it says none.
        paragraphs = defaultdict(list)
        for paper in self.papers:
            given = self.items.get(paper.item)
            if paper.kind == "report" and paper.paragraph is None and given is not None:
                paragraphs[given].append(paper.pk)
        for paragraph, keys in paragraphs.items():
            Report.objects.filter(pk__in=keys).update(exempt_paragraph=paragraph)


# ---------------------------------------------------------------- what the public reads


@dataclass(frozen=True)
class PublicView:
    """What the public may read of a meeting's papers once published: pages as
    (document, number), papers as (kind, pk), the agenda items opened to them, and those
    exempt (which show their number and title only)."""

    pages: frozenset[tuple[int, int]]
    papers: frozenset[tuple[str, int]]
    items: frozenset[int]
    exempt_items: frozenset[int]

    @classmethod
    def of(cls, meeting: Meeting) -> PublicView:
        access = ONCE_PUBLISHED
        documents = list(meeting_documents([meeting]))
        pages: set[tuple[int, int]] = set()
        for document in access.documents().filter(pk__in=[d.pk for d in documents]):
            for source, numbers in document.pdf_parts(public=True):
                pages.update((source.pk, number) for number in numbers)
        papers = set()
        for kind, method in READ_BY.items():
            readable = getattr(access, method)()
            for pk, document_id, first, last in readable.filter(
                document__in=documents, first_page__isnull=False
            ).values_list("pk", "document_id", "first_page", Coalesce("last_page", "first_page")):
                papers.add((kind, pk))
                pages.update((document_id, number) for number in range(first, last + 1))
        items = dict(access.agenda_items().filter(meeting=meeting).values_list("pk", "is_exempt"))
        return cls(
            pages=frozenset(pages),
            papers=frozenset(papers),
            items=frozenset(pk for pk, exempt in items.items() if not exempt),
            exempt_items=frozenset(pk for pk, exempt in items.items() if exempt),
        )

    def changes_to(self, after: PublicView) -> VisibilityChange:
        return VisibilityChange(
            revealed=_runs(after.pages - self.pages),
            hidden=_runs(self.pages - after.pages),
            papers_revealed=sorted(after.papers - self.papers),
            papers_hidden=sorted(self.papers - after.papers),
            items_opened=sorted(self.exempt_items & after.items),
            items_closed=sorted(self.items & after.exempt_items),
        )


@dataclass
class VisibilityChange:
    """How a change alters what the public may read, in runs of pages per document."""

    revealed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    hidden: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    papers_revealed: list[tuple[str, int]] = field(default_factory=list)
    papers_hidden: list[tuple[str, int]] = field(default_factory=list)
    items_opened: list[int] = field(default_factory=list)
    items_closed: list[int] = field(default_factory=list)

    @property
    def reveals(self) -> bool:
        """Whether text hidden before becomes readable: a page, or an item's description
        and papers. (A new paper cut from pages already public reveals nothing.)"""
        return bool(self.revealed or self.items_opened)

    @property
    def hides(self) -> bool:
        return bool(self.hidden or self.papers_hidden or self.items_closed)

    def sentences(self) -> list[str]:
        """Each change in words: "Pages 12–18 of pack.pdf become public: Report “X”.\""""
        said = [
            f"{_pages_words(runs)} of {name} become public{_papers_on(document, runs)}."
            for document, name, runs in _named(self.revealed)
        ]
        said += [
            f"Item {item.number} “{item.title}” is no longer exempt: its description and "
            "papers become public."
            for item in AgendaItem.objects.filter(pk__in=self.items_opened)
        ]
        said += [
            f"{_pages_words(runs)} of {name} become hidden from the public"
            f"{_papers_on(document, runs)}."
            for document, name, runs in _named(self.hidden)
        ]
        said += [
            f"{_paper_words(kind, pk)} is no longer shown to the public."
            for kind, pk in self.papers_hidden
            if PAPERS[kind].objects.filter(pk=pk).exists()
        ]
        said += [
            f"Item {item.number} “{item.title}” becomes exempt: the public see its number "
            "and title only."
            for item in AgendaItem.objects.filter(pk__in=self.items_closed)
        ]
        return said


def _runs(pages: Iterable[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """(document, page) pairs as runs of pages per document: {7: [(12, 18), (21, 21)]}."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for document, number in sorted(pages):
        spans = runs.setdefault(document, [])
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return runs


def _named(runs: dict[int, list[tuple[int, int]]]):
    names = dict(Document.objects.filter(pk__in=runs).values_list("pk", "original_name"))
    return [
        (document, names.get(document, "a deleted document"), spans)
        for document, spans in runs.items()
    ]


def _pages_words(runs: list[tuple[int, int]]) -> str:
    return pages_label([n for first, last in runs for n in range(first, last + 1)])


def _papers_on(document: int, runs: list[tuple[int, int]]) -> str:
    """ ": Report “X”, Appendix A: Figures", the papers holding those pages, or ""."""
    within = Q()
    for first, last in runs:
        within |= Q(first_page__lte=last) & (
            Q(last_page__gte=first) | Q(last_page__isnull=True, first_page__gte=first)
        )
    names = [
        _paper_words(kind, pk)
        for kind, model in PAPERS.items()
        for pk in model.objects.filter(within, document_id=document).values_list("pk", flat=True)
    ]
    return f": {', '.join(names)}" if names else ""


def _paper_words(kind: str, pk: int) -> str:
    paper = PAPERS[kind].objects.filter(pk=pk).first()
    if paper is None:
        return f"a {kind} since removed"
    return {
        "report": lambda: f"Report “{paper.title}”",
        "appendix": lambda: f"Appendix “{paper}”",
        "minutes": lambda: str(paper),
        "decision": lambda: f"Decision record “{paper}”",
    }[kind]()


# ---------------------------------------------------------------- the one way down


@dataclass(frozen=True)
class ExemptTarget:
    """Something exempt that staff may name to make public: an agenda item (with its
    papers), one paper, or a run of a document's pages that no paper holds. ``blocked``
    says why it cannot be made public on its own, when it cannot."""

    key: str
    label: str
    blocked: str = ""


def exempt_targets(meeting: Meeting) -> list[ExemptTarget]:
    """Everything exempt in a meeting's papers, each as staff would name it."""
    documents = meeting_documents([meeting])
    targets = [
        ExemptTarget(f"item:{item.pk}", f"Item {item.number} “{item.title}”, with its papers")
        for item in meeting.agenda_items.filter(is_exempt=True)
    ]
    related = {
        "report": ["agenda_item"],
        "appendix": ["report"],
        "minutes": ["agenda_item", "meeting__committee"],
        "decision": ["agenda_item", "report"],
    }
    for kind, model in PAPERS.items():
        papers = model.objects.filter(document__in=documents).exempt().with_document(*related[kind])
        for paper in papers.order_by("document_id", "first_page", "pk"):
            targets.append(
                ExemptTarget(
                    f"{kind}:{paper.pk}",
                    f"{_paper_words(kind, paper.pk)}, "
                    f"{pages_label(list(paper.page_numbers)).lower()} of "
                    f"{paper.document.original_name}",
                    _blocked(paper),
                )
            )
    for document in documents.order_by("uploaded_at"):
        held = {n for kind in PAPERS for n in _held_pages(document, kind)}
        loose = [
            number
            for number in document.pages.filter(is_exempt=True).values_list("number", flat=True)
            if number not in held
        ]
        for first, last in _runs((document.pk, number) for number in loose).get(document.pk, []):
            targets.append(
                ExemptTarget(
                    f"pages:{document.pk}:{first}-{last}",
                    f"{pages_label(list(range(first, last + 1)))} of {document.original_name}, "
                    "in no paper",
                )
            )
    return targets


def _held_pages(document: Document, kind: str) -> set[int]:
    held = set()
    for first, last in (
        PAPERS[kind]
        .objects.filter(document=document, first_page__isnull=False)
        .values_list("first_page", Coalesce("last_page", "first_page"))
    ):
        held.update(range(first, last + 1))
    return held


def _blocked(paper) -> str:
    """Why a paper stays exempt whatever its own label says, or ""."""
    item = getattr(paper, "agenda_item", None)
    if item is not None and item.is_exempt:
        return f"it is on exempt item {item.number}: make the item public, or move it first"
    report = getattr(paper, "report", None)
    if report is not None and report.is_exempt:
        return f"its report “{report.title}” is exempt: make the report public first"
    return ""


def exempt_lower(meeting: Meeting, key: str) -> str:
    """Lower the labels of one target of ``exempt_targets`` (its own, and its pages');
    returns its label. Only ``publishing.services.papers_make_public`` calls this."""
    target = next((t for t in exempt_targets(meeting) if t.key == key), None)
    if target is None:
        raise ValueError(f"{key} is not exempt in {meeting}.")
    kind, _, rest = key.partition(":")
    if kind == "pages":
        document, _, span = rest.partition(":")
        first, _, last = span.partition("-")
        _lower_pages(int(document), int(first), int(last))
    elif kind == "item":
        _lower_item(meeting, meeting.agenda_items.get(pk=int(rest)))
    else:
        _lower_paper(PAPERS[kind].objects.get(pk=int(rest)))
    return target.label


def _lower_item(meeting: Meeting, item: AgendaItem) -> None:
    """Open an item with its papers: those on it, and every paper printed within its pages
    (the pages of those papers and its printed range in the agenda pack), such as the
    decision records riding along with the minutes it receives."""
    AgendaItem.objects.filter(pk=item.pk).update(is_exempt=False, exempt_paragraph=None)
    reports = Report.objects.filter(agenda_item=item)
    papers = [
        *reports,
        *Appendix.objects.filter(report__in=reports),
        *Minutes.objects.filter(agenda_item=item),
        *DecisionRecord.objects.filter(Q(agenda_item=item) | Q(report__in=reports)),
    ]
    pages: set[tuple[int, int]] = {
        (paper.document_id, number) for paper in papers for number in paper.page_numbers
    }
    if item.first_page is not None:
        pages.update(
            Page.objects.filter(
                document__meeting=meeting,
                document__kind=Document.Kind.MAIN_PACK,
                printed_number__gte=item.first_page,
                printed_number__lte=item.last_page or item.first_page,
            ).values_list("document_id", "number")
        )
    documents = {document for document, _ in pages}
    for model in PAPERS.values():
        papers += [
            paper
            for paper in model.objects.filter(document__in=documents, first_page__isnull=False)
            if {(paper.document_id, n) for n in paper.page_numbers} <= pages
        ]
    for paper in papers:
        _lower_paper(paper)
    for document, spans in _runs(pages).items():
        for first, last in spans:
            _lower_pages(document, first, last)


def _lower_paper(paper) -> None:
    fields = {"is_exempt": False}
    if isinstance(paper, Report):
        fields["exempt_paragraph"] = None
    type(paper).objects.filter(pk=paper.pk).update(**fields)
    numbers = paper.page_numbers
    if numbers:
        _lower_pages(paper.document_id, numbers.start, numbers.stop - 1)


def _lower_pages(document: int, first: int, last: int) -> None:
    Page.objects.filter(document_id=document, number__gte=first, number__lte=last).update(
        is_exempt=False
    )


# ---------------------------------------------------------------- a new version keeps them


def _words(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class ExemptCarry:
    """The exempt labels of an earlier version of a document, for its next version to
    keep: the text of each exempt page and, when the same file is read again, their
    numbers. A replacement, or a re-import, never makes exempt text public."""

    texts: frozenset[str]
    numbers: frozenset[int] = frozenset()

    @classmethod
    def of(cls, document: Document, *, same_file: bool = False) -> ExemptCarry:
        hidden = document.exempt_pages()
        texts = document.pages.filter(number__in=hidden).values_list("text", flat=True)
        return cls(
            texts=frozenset(_words(text) for text in texts) - {""},
            numbers=frozenset(hidden) if same_file else frozenset(),
        )

    def onto(self, document: Document) -> int:
        """Label exempt the pages of ``document`` carrying them; returns how many rose."""
        rising = [
            pk
            for pk, number, text in document.pages.filter(is_exempt=False).values_list(
                "pk", "number", "text"
            )
            if number in self.numbers or _words(text) in self.texts
        ]
        return Page.objects.filter(pk__in=rising).update(is_exempt=True)
