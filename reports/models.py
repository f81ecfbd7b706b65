"""Uploaded PDFs and the papers cut from them: reports, appendices and minutes.

A ``Document`` is one uploaded PDF, kept whole with the text of every page. The papers
in it (a report, its appendices, a set of minutes) are page ranges of that document, so
deleting a document removes the papers cut from it, and nothing else.

Exempt is a label, not a conclusion: each page, and each paper, carries the exempt status
it was given at import or by staff (``is_exempt``), and a paper is exempt when it, or any
page it holds, is labelled so. Labels only rise (``publishing.exemption``): moving,
merging, splitting or retyping papers never recomputes them from relations staff edit,
and only an audited "make public" lowers one.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from meetings.models import SCHEDULE_12A_PARAGRAPHS, AgendaItem, ExemptLabelled, Meeting

# A paper is published when its document is: current (not withdrawn, not replaced by a
# newer version) and of a meeting the public may see.
PUBLIC_DOCUMENT = Q(
    document__meeting__status__in=Meeting.PUBLIC_STATUSES,
    document__published_at__isnull=False,
    document__withdrawn_at__isnull=True,
    document__superseded_by__isnull=True,
)


@dataclass(frozen=True)
class PageEntry:
    """One page in a ``PageGroup``, with what the parser said about it, and whether it is
    labelled exempt."""

    number: int
    warnings: list[dict] = field(default_factory=list)
    exempt: bool = False


@dataclass
class PageGroup:
    """Pages of one paper of a document, labelled as the review page heads them."""

    kind: str
    title: str = ""
    agenda_item: str = ""
    pages: list[PageEntry] = field(default_factory=list)
    exempt: bool = False
    record: tuple[str, int] | None = None  # ("reports", pk): where staff correct the paper
    paper: bool = True  # False for the pages of no paper

    @property
    def warned_pages(self) -> list[PageEntry]:
        return [page for page in self.pages if page.warnings]

    @property
    def label(self) -> str:
        """e.g. "Report: Highways maintenance (agenda item 7)"."""
        label = f"{self.kind}: {self.title}" if self.title else self.kind
        return f"{label} (agenda item {self.agenda_item})" if self.agenda_item else label

    @property
    def numbers(self) -> list[int]:
        return [page.number for page in self.pages]

    @property
    def pages_label(self) -> str:
        """e.g. "Page 4", "Pages 3 to 7", "Pages 1 to 2, 9": its runs of pages."""
        return pages_label(self.numbers)


def pages_label(numbers: list[int]) -> str:
    """Page numbers in words, run by run: "Page 4", "Pages 3 to 7", "Pages 1 to 2, 9"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    spans = [f"{run[0]} to {run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs]
    word = "Page" if len(numbers) == 1 else "Pages"
    return f"{word} {', '.join(spans)}"


# What the import read of a document (its warnings and the parts it found), for the
# review pages: tens of kB of JSON for a big pack, which a page listing the pack's papers
# must not fetch and decode once for each of them.
IMPORT_READING = ("warnings", "parts")


class DocumentQuerySet(models.QuerySet):
    def without_reading(self):
        """Documents without the import's reading (``IMPORT_READING``), for listing."""
        return self.defer(*IMPORT_READING)

    def current(self):
        """Documents neither withdrawn nor replaced by a newer version."""
        return self.filter(withdrawn_at__isnull=True, superseded_by__isnull=True)

    def published(self):
        """Current, published documents of a meeting the public may see."""
        return self.current().filter(
            meeting__status__in=Meeting.PUBLIC_STATUSES, published_at__isnull=False
        )

    def public(self):
        """Documents the public may see listed and download (cut of their exempt pages):
        those ``meetings.access.sync_public_documents`` found published and not sent to
        members only, a stored flag as the papers' is (``PaperQuerySet.public``)."""
        return self.filter(is_public=True)


class Document(models.Model):
    """One uploaded PDF: an agenda pack, a supplementary pack or a single paper."""

    class Kind(models.TextChoices):
        MAIN_PACK = "main_pack", "Agenda pack"
        SUPPLEMENTARY_PACK = "supplementary_pack", "Supplementary pack"
        SINGLE = "single", "Single document"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.MAIN_PACK)
    file = models.FileField(upload_to="packs/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64, unique=True, help_text="Matches re-uploads.")
    text_sha256 = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Of the pages' text: matches the same pack saved again as another file.",
    )
    original_name = models.CharField(max_length=300)
    page_count = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Where the parser was unsure: {field, page, message} for the reviewer.",
    )
    parts = models.JSONField(
        default=list,
        blank=True,
        help_text="The documents the parser found in the PDF: {type, title, agenda_item, "
        "start_page, end_page}, what it could not place (type other) included.",
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="earlier_versions",
        help_text="The newer version that replaced this one; staff can still read this one.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    pictures = models.PositiveIntegerField(
        default=0,
        help_text="How many pages have their pictures drawn (reports.pictures); 0 until the "
        "worker has drawn them.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when staff publish the meeting with this document; a pack added to a "
        "published meeting stays unseen until then.",
    )
    is_public = models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by meetings.access.sync_public_documents: published, and not sent to "
        "members only.",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            # A document replacing itself would vanish from every page, with no way back.
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("id")), name="document_not_its_own_version"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reports:document_pdf", kwargs={"pk": self.pk})

    def pdf_parts(self, *, public: bool) -> list:
        """What its PDF holds: every page, or for the public every page not exempt
        (empty when all are)."""
        hidden = self.exempt_pages() if public else set()
        shown = [n for n in range(1, self.page_count + 1) if n not in hidden]
        return [(self, shown)] if shown else []

    def exempt_pages(self) -> set[int]:
        """Physical pages labelled exempt, and every page of a paper labelled so."""
        exempt = set(self.pages.filter(is_exempt=True).values_list("number", flat=True))
        for paper in [
            *self.reports.exempt(),
            *self.appendices.exempt(),
            *self.decisions.exempt(),
            *self.minutes.exempt(),
        ]:
            exempt.update(paper.page_numbers)
        return exempt

    def page_groups(self) -> list[PageGroup]:
        """Its pages as the papers the import found: one group per report, appendix, set
        of minutes and decision record, in page order, then the pages of none of them.
        Each page carries the parser's warnings about it; a page two papers share (a
        decision record printed inside minutes) is in both groups."""
        warnings: dict[int, list[dict]] = {}
        for warning in self.warnings:
            if isinstance(warning.get("page"), int):
                warnings.setdefault(warning["page"], []).append(warning)
        papers = [
            *(
                ("Report", r.title, r.agenda_item, r, "reports")
                for r in self.reports.select_related("agenda_item")
            ),
            *(
                ("Appendix", a.title, a.report.agenda_item, a, None)
                for a in self.appendices.select_related("report__agenda_item")
            ),
            *(
                (
                    "Exempt minutes" if m.is_exempt else "Minutes",
                    str(m.meeting),
                    m.agenda_item,
                    m,
                    "minutes",
                )
                for m in self.minutes.select_related("meeting__committee", "agenda_item")
            ),
            *(
                ("Decision record", d.title, d.agenda_item, d, "decisions")
                for d in self.decisions.filter(first_page__isnull=False).select_related(
                    "agenda_item"
                )
            ),
        ]
        papers.sort(key=lambda paper: (paper[3].first_page, paper[3].last_page))
        labelled = set(self.pages.filter(is_exempt=True).values_list("number", flat=True))

        def entries(numbers) -> list[PageEntry]:
            return [PageEntry(n, warnings.get(n, []), n in labelled) for n in numbers]

        groups, assigned = [], set()
        for kind, title, item, paper, record in papers:
            numbers = range(
                paper.first_page, min(paper.last_page or paper.first_page, self.page_count) + 1
            )
            assigned.update(numbers)
            groups.append(
                PageGroup(
                    kind=kind,
                    title=title,
                    agenda_item=item.number if item else "",
                    pages=entries(numbers),
                    exempt=paper.is_exempt or not labelled.isdisjoint(numbers),
                    record=(record, paper.pk) if record else None,
                )
            )
        spare = [n for n in range(1, self.page_count + 1) if n not in assigned]
        if spare:
            groups.append(
                PageGroup(
                    kind="Unassigned pages",
                    pages=entries(spare),
                    exempt=not labelled.isdisjoint(spare),
                    paper=False,
                )
            )
        return groups

    def import_gaps(self) -> list[dict]:
        """What the import could not make whole, in words, each with the page it starts on
        ({page, where, message}, ``where`` saying which pages when it is not just "Page
        N"): no meeting named, pages it could not tell the kind of, a paper with no
        title, minutes without attendance or numbered minutes."""
        gaps = []
        if not self.meeting_id:
            gaps.append({"page": None, "message": "No meeting is named: attach it to its meeting."})
        held = {n for group in self.page_groups() if group.paper for n in group.numbers}
        # An exempt item's placeholder in a public pack ("Document is Restricted") is
        # exempt pages in no paper, as it should be.
        held |= set(self.pages.filter(is_exempt=True).values_list("number", flat=True))
        for part in self.parts:
            numbers = range(part["start_page"], part["end_page"] + 1)
            if part["type"] == "other" and not held.issuperset(numbers):
                gaps.append(
                    {
                        "page": part["start_page"],
                        "where": pages_label(list(numbers)),
                        "message": "the import could not tell what they are. Make them a "
                        "paper, or leave them out.",
                    }
                )
        untitled = [
            *self.reports.filter(title__in=["", "Report"]),
            *self.appendices.filter(title__in=["", "Appendix"]),
        ]
        gaps += [
            {"page": paper.first_page, "message": f"A {paper._meta.verbose_name} with no title."}
            for paper in untitled
        ]
        for minutes in self.minutes.annotate(
            rows=models.Count("attendances", distinct=True),
            numbered=models.Count("items", distinct=True),
        ):
            if not minutes.rows:
                gaps.append({"page": minutes.first_page, "message": "Minutes with no attendance."})
            if not minutes.numbered:
                gaps.append(
                    {"page": minutes.first_page, "message": "Minutes with no numbered minutes."}
                )
        return sorted(gaps, key=lambda gap: gap["page"] or 0)

    def document_warnings(self) -> list[dict]:
        """The parser's warnings about no one page (or a page it does not have)."""
        return [
            warning
            for warning in self.warnings
            if not (
                isinstance(warning.get("page"), int) and 1 <= warning["page"] <= self.page_count
            )
        ]


class PageQuerySet(models.QuerySet):
    def words_stored(self) -> int:
        """Store the words of these pages that have none, on PostgreSQL (on SQLite the
        search reads the text itself); returns how many pages were given words."""
        if connection.vendor != "postgresql":
            return 0
        return self.filter(words__isnull=True).update(words=SearchVector("text", config="english"))


class Page(models.Model):
    """The text of one physical page of a document, with the pack's printed number."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="Physical page, from 1.")
    printed_number = models.PositiveIntegerField(
        null=True, blank=True, help_text='The "Page N" printed at the foot, if any.'
    )
    text = models.TextField(blank=True)
    blocks = models.JSONField(
        null=True,
        blank=True,
        help_text="The page as headings, paragraphs, lists, fields and tables "
        "(packs.reading.blocks), read by the worker after the import; until then, or for a "
        "page with no layout to read, the page is shown from its text.",
    )
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt (Schedule 12A), as the import or staff labelled it; only rises, "
        "except by an audited 'make public'.",
    )
    words = SearchVectorField(
        null=True,
        editable=False,
        help_text="On PostgreSQL, the words of its text (to_tsvector 'english'), made once "
        "at import: the search entries of the page's papers take them from here.",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "number"]  # the column: "document" would join to sort
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="page_unique_number"),
        ]
        indexes = [
            # exempt_page_within(): whether a paper holds an exempt page, probed for every
            # paper a public page lists; exempt pages are few, so the index is small.
            models.Index(
                fields=["document", "number"], condition=Q(is_exempt=True), name="page_exempt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} p.{self.number}"


def exempt_page_within(first: str = "first_page", last: str = "last_page") -> Exists:
    """Whether the paper in the outer query holds a page labelled exempt (its document's
    pages ``first`` to ``last``; a paper without pages holds none)."""
    return Exists(
        Page.objects.filter(
            document=OuterRef("document"),
            is_exempt=True,
            number__gte=OuterRef(first),
            number__lte=Coalesce(OuterRef(last), OuterRef(first)),
        )
    )


def exempt_paper() -> Q:
    """A paper labelled exempt, or holding a page labelled so."""
    return Q(is_exempt=True) | Q(exempt_page_within())


class PaperQuerySet(models.QuerySet):
    """What every kind of paper shares: published with its document, exempt by its labels."""

    def published(self):
        """Published for a public meeting, exempt ones included (for councillors)."""
        return self.filter(PUBLIC_DOCUMENT)

    def exempt(self):
        """Labelled exempt, or holding a page labelled so."""
        return self.filter(exempt_paper())

    def not_exempt(self):
        return self.filter(is_exempt=False).exclude(exempt_page_within())

    def public(self):
        """Papers anyone may read: those ``sync_public`` found published and not exempt.

        The rule spans the paper's document, meeting and pages; a stored flag keeps it out
        of every public page's statements (issue 24)."""
        return self.filter(is_public=True)

    def sync_public(self) -> int:
        """Set each paper's ``is_public`` from the rule, published and not exempt; returns
        how many changed. Every write that may change the rule's answer calls it
        (``publishing.services.public_content_changed``)."""
        rule = Exists(self.model.objects.published().not_exempt().filter(pk=OuterRef("pk")))
        # Turned over where it differs: the rule is built and planned once, not again as
        # the value written (a third of the statement's cost, for each kind of paper).
        return self.exclude(is_public=rule).update(is_public=~F("is_public"))

    def with_document(self, *related: str):
        """Each paper with its document (and ``related``), in one query, without the
        import's reading of the document (``IMPORT_READING``)."""
        return self.select_related("document", *related).defer(
            *(f"document__{name}" for name in IMPORT_READING)
        )


class PageRange(ExemptLabelled):
    """A run of physical pages of a document, labelled exempt or not: the shape every
    paper shares."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE)
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()
    is_public = models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by PaperQuerySet.sync_public: published and not exempt.",
    )

    url_name = ""  # each paper's own page, e.g. "reports:report"

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(first_page__gte=1) & Q(first_page__lte=models.F("last_page")),
                name="%(class)s_pages_in_order",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, kwargs={"pk": self.pk})

    def get_pdf_url(self) -> str:
        return reverse(f"{self.url_name}_pdf", kwargs={"pk": self.pk})

    @property
    def page_numbers(self) -> range:
        return range(self.first_page, self.last_page + 1)

    def pdf_parts(self) -> list:
        """What its PDF holds, for ``reports.pdfcut``."""
        return [(self.document, list(self.page_numbers))]

    @property
    def is_exempt_here(self) -> bool:
        """Labelled exempt, or holding a page labelled so (``PaperQuerySet.exempt``)."""
        numbers = self.page_numbers
        return self.is_exempt or (
            bool(numbers)
            and Page.objects.filter(
                document_id=self.document_id,
                number__gte=numbers.start,
                number__lt=numbers.stop,
                is_exempt=True,
            ).exists()
        )


class ReportQuerySet(PaperQuerySet):
    pass


class Report(PageRange):
    """A report to a meeting, with the header block councils print on it."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    title = models.CharField(max_length=500)
    report_from = models.CharField(max_length=300, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    recommendations = models.TextField(blank=True)
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt, as the import (its item, its pages) or staff labelled it; only "
        "rises, except by an audited 'make public'.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=SCHEDULE_12A_PARAGRAPHS
    )

    objects = ReportQuerySet.as_manager()
    url_name = "reports:report"

    class Meta(PageRange.Meta):
        ordering = ["document", "first_page"]
        default_related_name = "reports"

    def __str__(self) -> str:
        return self.title

    def report_before(self):
        """The report that starts before this one in the same PDF, if any."""
        return (
            Report.objects.filter(document=self.document, first_page__lt=self.first_page)
            .order_by("-first_page")
            .first()
        )

    def next_paper(self):
        """The report or appendix that starts next in the same PDF, if any."""
        following = [
            *Report.objects.filter(document=self.document, first_page__gt=self.first_page),
            *Appendix.objects.filter(document=self.document, first_page__gt=self.first_page),
        ]
        return min(following, key=lambda paper: paper.first_page, default=None)


class AppendixQuerySet(PaperQuerySet):
    pass


class Appendix(PageRange):
    """An appendix to a report ("Appendix A")."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    label = models.CharField(max_length=50, blank=True, help_text='e.g. "Appendix A".')
    title = models.CharField(max_length=500)
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt, as its report was when it joined it, or as the import or staff "
        "labelled it; only rises, except by an audited 'make public'.",
    )

    url_name = "reports:appendix"

    objects = AppendixQuerySet.as_manager()

    class Meta(PageRange.Meta):
        ordering = ["report", "first_page"]
        default_related_name = "appendices"
        verbose_name_plural = "appendices"

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.label else self.title


class MinutesQuerySet(PaperQuerySet):
    """Minutes are published in a document of a public meeting (often the next meeting's
    pack, so the meeting minuted may be known only from them), and exempt when headed so
    ("EXEMPT MINUTES"), presented under an exempt item, or labelled so by staff."""


class Minutes(PageRange):
    """The minutes of a meeting, as printed in a document (often the next meeting's pack)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_presented",
        help_text="The item of the later meeting that received these minutes.",
    )
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt minutes (headed so, or presented under an exempt item), taken with "
        "the press and public excluded; only rises, except by an audited 'make public'.",
    )

    url_name = "reports:minutes"

    objects = MinutesQuerySet.as_manager()

    class Meta(PageRange.Meta):
        ordering = ["-meeting__date"]
        default_related_name = "minutes"
        verbose_name_plural = "minutes"
        constraints = [
            *PageRange.Meta.constraints,
            # A pack may carry a meeting's public and its exempt minutes: one set per start.
            models.UniqueConstraint(fields=["document", "first_page"], name="minutes_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{'Exempt minutes' if self.is_exempt else 'Minutes'} of {self.meeting}"

    @property
    def approval_meeting(self) -> Meeting | None:
        """The later meeting the minutes went to for approval as a correct record: the
        meeting of the item that received them, else the one whose pack carries them."""
        if self.agenda_item and self.agenda_item.meeting_id != self.meeting_id:
            return self.agenda_item.meeting
        if self.document.meeting_id and self.document.meeting_id != self.meeting_id:
            return self.document.meeting
        return None


class MinuteItem(models.Model):
    """One numbered minute, and the agenda item it records."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=20, blank=True)
    order = models.PositiveIntegerField()
    heading = models.CharField(max_length=500)
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="minute_items"
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["minutes", "order"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "order"], name="minuteitem_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}" if self.number else self.heading
