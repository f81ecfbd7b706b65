"""Uploaded PDFs and the papers cut from them: reports, appendices and minutes.

A ``Document`` is one uploaded PDF, kept whole with the text of every page. The papers
in it (a report, its appendices, a set of minutes) are page ranges of that document, so
deleting a document removes the papers cut from it, and nothing else.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from meetings.models import SCHEDULE_12A_PARAGRAPHS, AgendaItem, Meeting

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
    """One page in a ``PageGroup``, with what the parser said about it."""

    number: int
    warnings: list[dict] = field(default_factory=list)


@dataclass
class PageGroup:
    """Pages of one paper of a document, labelled as the review page heads them."""

    kind: str
    title: str = ""
    agenda_item: str = ""
    pages: list[PageEntry] = field(default_factory=list)

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
        runs: list[list[int]] = []
        for number in self.numbers:
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        spans = [f"{run[0]} to {run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs]
        word = "Page" if len(self.numbers) == 1 else "Pages"
        return f"{word} {', '.join(spans)}"


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """Documents neither withdrawn nor replaced by a newer version."""
        return self.filter(withdrawn_at__isnull=True, superseded_by__isnull=True)

    def published(self):
        """Current, published documents of a meeting the public may see."""
        return self.current().filter(
            meeting__status__in=Meeting.PUBLIC_STATUSES, published_at__isnull=False
        )

    def public(self):
        """The public may download a published pack, cut of its exempt pages."""
        return self.published()


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

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

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
        """Physical pages that belong to exempt items: their papers, and the pages the
        front sheet gives as their printed range."""
        exempt = set()
        for paper in [
            *self.reports.exempt(),
            *self.appendices.exempt(),
            *self.decisions.exempt(),
            *self.minutes.exempt(),
        ]:
            exempt.update(range(paper.first_page, paper.last_page + 1))
        if self.meeting_id and self.kind == self.Kind.MAIN_PACK:
            for first, last in self.meeting.agenda_items.filter(
                is_exempt=True, first_page__isnull=False
            ).values_list("first_page", "last_page"):
                exempt.update(
                    self.pages.filter(
                        printed_number__gte=first, printed_number__lte=last or first
                    ).values_list("number", flat=True)
                )
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
                ("Report", r.title, r.agenda_item, r)
                for r in self.reports.select_related("agenda_item")
            ),
            *(
                ("Appendix", a.title, a.report.agenda_item, a)
                for a in self.appendices.select_related("report__agenda_item")
            ),
            *(
                ("Exempt minutes" if m.is_exempt else "Minutes", str(m.meeting), m.agenda_item, m)
                for m in self.minutes.select_related("meeting__committee", "agenda_item")
            ),
            *(
                ("Decision record", d.title, d.agenda_item, d)
                for d in self.decisions.filter(first_page__isnull=False).select_related(
                    "agenda_item"
                )
            ),
        ]
        papers.sort(key=lambda paper: (paper[3].first_page, paper[3].last_page))
        groups, assigned = [], set()
        for kind, title, item, paper in papers:
            numbers = range(paper.first_page, min(paper.last_page, self.page_count) + 1)
            assigned.update(numbers)
            groups.append(
                PageGroup(
                    kind=kind,
                    title=title,
                    agenda_item=item.number if item else "",
                    pages=[PageEntry(n, warnings.get(n, [])) for n in numbers],
                )
            )
        spare = [n for n in range(1, self.page_count + 1) if n not in assigned]
        if spare:
            groups.append(
                PageGroup(
                    kind="Unassigned pages",
                    pages=[PageEntry(n, warnings.get(n, [])) for n in spare],
                )
            )
        return groups

    def document_warnings(self) -> list[dict]:
        """The parser's warnings about no one page (or a page it does not have)."""
        return [
            warning
            for warning in self.warnings
            if not (
                isinstance(warning.get("page"), int) and 1 <= warning["page"] <= self.page_count
            )
        ]


class Page(models.Model):
    """The text of one physical page of a document, with the pack's printed number."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="Physical page, from 1.")
    printed_number = models.PositiveIntegerField(
        null=True, blank=True, help_text='The "Page N" printed at the foot, if any.'
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document_id", "number"]  # the column: "document" would join to sort
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="page_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} p.{self.number}"


class PageRange(models.Model):
    """A run of physical pages of a document: the shape every paper shares."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE)
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()

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


class ReportQuerySet(models.QuerySet):
    def published(self):
        """Reports published for a public meeting, exempt ones included (for councillors)."""
        return self.filter(PUBLIC_DOCUMENT)

    def exempt(self):
        """Exempt by their own flag or by their agenda item's."""
        return self.filter(Q(is_exempt=True) | Q(agenda_item__is_exempt=True))

    def not_exempt(self):
        return self.exclude(Q(is_exempt=True) | Q(agenda_item__is_exempt=True))

    def public(self):
        """Reports anyone may read: published and not exempt."""
        return self.published().not_exempt()


class Report(PageRange):
    """A report to a meeting, with the header block councils print on it."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    title = models.CharField(max_length=500)
    report_from = models.CharField(max_length=300, blank=True)
    contact = models.CharField(max_length=300, blank=True)
    recommendations = models.TextField(blank=True)
    is_exempt = models.BooleanField(default=False)
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

    @property
    def is_exempt_here(self) -> bool:
        """Exempt by its own flag or by the agenda item it belongs to."""
        return self.is_exempt or bool(self.agenda_item and self.agenda_item.is_exempt)


# ReportQuerySet.exempt(), through an appendix's report.
EXEMPT_REPORT = Q(report__is_exempt=True) | Q(report__agenda_item__is_exempt=True)


class AppendixQuerySet(models.QuerySet):
    def published(self):
        return self.filter(PUBLIC_DOCUMENT)

    def exempt(self):
        """Appendices to exempt reports (by the report's own flag or its agenda item's)."""
        return self.filter(EXEMPT_REPORT)

    def not_exempt(self):
        # Joined through the appendix's own report: a subquery of every exempt report
        # would be built over the whole table for each meeting page.
        return self.exclude(EXEMPT_REPORT)

    def public(self):
        """Appendices to public reports."""
        return self.published().not_exempt()


class Appendix(PageRange):
    """An appendix to a report ("Appendix A")."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    label = models.CharField(max_length=50, blank=True, help_text='e.g. "Appendix A".')
    title = models.CharField(max_length=500)

    url_name = "reports:appendix"

    objects = AppendixQuerySet.as_manager()

    class Meta(PageRange.Meta):
        ordering = ["report", "first_page"]
        default_related_name = "appendices"
        verbose_name_plural = "appendices"

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.label else self.title


# Minutes are exempt when marked so ("EXEMPT MINUTES") or presented under an exempt item.
EXEMPT_MINUTES = Q(is_exempt=True) | Q(agenda_item__is_exempt=True)


class MinutesQuerySet(models.QuerySet):
    def published(self):
        """Minutes published in a document of a public meeting (often the next meeting's
        pack, so the meeting minuted may be known only from them)."""
        return self.filter(PUBLIC_DOCUMENT)

    def exempt(self):
        return self.filter(EXEMPT_MINUTES)

    def not_exempt(self):
        return self.exclude(EXEMPT_MINUTES)

    def public(self):
        """Minutes anyone may read: published, and neither exempt nor presented under an
        exempt item."""
        return self.published().not_exempt()


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
        default=False, help_text="Exempt minutes, taken with the press and public excluded."
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

    @property
    def is_exempt_here(self) -> bool:
        return self.is_exempt or bool(self.agenda_item and self.agenda_item.is_exempt)


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
