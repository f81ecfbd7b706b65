"""The search index: one entry per searchable unit of public content."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from meetings.models import Meeting
from reports.models import Document, Page


class SearchEntry(models.Model):
    """One searchable unit of public content: a page of a paper, a decision record, or an
    agenda item. Only what the public may read is ever written here (see search.index).

    Pages are indexed one by one, not whole packs: a ``tsvector`` clamps word positions at
    16,383, which would break phrase search in long documents, and a hit can then link to
    the exact page. On PostgreSQL ``vector`` holds the weighted ``tsvector`` (GIN-indexed
    by migration 0004, PostgreSQL only); on SQLite an FTS5 table mirrors title and text.

    An entry is derived data, rebuilt at will: its links to page, document and meeting
    carry no database constraint (Django still deletes an entry with what it points to),
    so the bulk rebuild does not check three keys for each of a million rows.
    """

    class Kind(models.TextChoices):
        DECISION = "decision", "Decision record"
        REPORT = "report", "Report"
        APPENDIX = "appendix", "Appendix"
        MINUTES = "minutes", "Minutes"
        AGENDA_ITEM = "agenda_item", "Agenda item"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_id = models.PositiveBigIntegerField(help_text="The record, item or paper indexed.")
    title = models.CharField(max_length=500)
    weighted_title = models.BooleanField(
        default=True, help_text="The title counts among the words (on a paper's first page)."
    )
    url = models.CharField(max_length=300, help_text="The page of the portal, with its anchor.")
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, db_constraint=False
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    body = models.TextField(blank=True, help_text="Text of an entry that is not a page.")
    page_label = models.CharField(max_length=20, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    # Found by searchentry_committee_date; a slug index of its own only slowed writes.
    committee_slug = models.SlugField(max_length=200, blank=True, db_index=False)
    decision_maker = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "reports_searchentry"  # the table it had when it lived in reports/
        indexes = [
            # Sorting by date, and walking newest first for common words (search.index).
            models.Index(fields=["-date", "id"], name="searchentry_date"),
            models.Index(fields=["kind", "-date"], name="searchentry_kind_date"),
            models.Index(fields=["committee_slug", "-date"], name="searchentry_committee_date"),
            models.Index(fields=["kind", "source_id"], name="searchentry_source"),
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
