"""Decision records: executive decision records, records of decision and proposed ones."""

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from council_portal.pagecache import public_key
from meetings.models import AgendaItem, Meeting
from reports.models import PUBLIC_DOCUMENT, Document, Report

# A record is exempt when marked so (printed under an exempt item of the pack that carries
# it), or when the item it decides, or the report it follows, is exempt.
EXEMPT_DECISION = (
    Q(is_exempt=True)
    | Q(agenda_item__is_exempt=True)
    | Q(report__is_exempt=True)
    | Q(report__agenda_item__is_exempt=True)
)


class DecisionRecordQuerySet(models.QuerySet):
    def published(self):
        """Records published in a document of a public meeting (or, entered by hand, of a
        public meeting)."""
        return self.filter(
            PUBLIC_DOCUMENT | Q(document__isnull=True, meeting__status__in=Meeting.PUBLIC_STATUSES)
        )

    def exempt(self):
        return self.filter(EXEMPT_DECISION)

    def not_exempt(self):
        return self.exclude(EXEMPT_DECISION)

    def public(self):
        """Records anyone may read: those ``sync_public`` found published and not exempt.

        The rule spans the record's document, meeting and agenda item; a stored flag lets
        the register count and page through public records on one index."""
        return self.filter(is_public=True)

    def sync_public(self) -> int:
        """Set each record's ``is_public`` from the rule: published and not on an exempt
        agenda item. Returns how many records changed."""
        rule = DecisionRecord.objects.published().not_exempt().filter(pk=OuterRef("pk"))
        hidden = self.filter(is_public=True).exclude(Exists(rule)).update(is_public=False)
        shown = self.filter(is_public=False).filter(Exists(rule)).update(is_public=True)
        return hidden + shown

    def taken_by(self, member):
        """Records whose decision maker, or whoever approved them, is printed with one of
        the member's names ("Executive Member for Highways, Councillor Rob Humby")."""
        named = Q()
        for name in member.names():
            named |= Q(decision_maker__icontains=name) | Q(approved_by__icontains=name)
        return self.filter(named)

    def matching(
        self,
        *,
        committee: str | None = None,
        decision_maker: str | None = None,
        date_from=None,
        date_to=None,
        key_decision: bool | None = None,
        status: str | None = None,
        with_words=None,
    ):
        """Records matching the register's filters; each filter left as None is not applied.
        ``with_words`` is the ids of the records the search index finds for the words."""
        records = self
        if with_words is not None:
            records = records.filter(pk__in=with_words)
        if committee:
            records = records.filter(meeting__committee__slug=committee)
        if decision_maker:
            records = records.filter(decision_maker=decision_maker)
        if date_from:
            records = records.filter(date__gte=date_from)
        if date_to:
            records = records.filter(date__lte=date_to)
        if key_decision is not None:
            records = records.filter(is_key_decision=key_decision)
        if status:
            records = records.filter(status=status)
        return records


def decision_makers() -> list[str]:
    """Every decision maker named on a public record, for the filters' choices. Cached
    with the public pages: it changes only when papers are published, corrected or
    withdrawn."""
    return cache.get_or_set(
        public_key("decision-makers"),
        lambda: list(
            DecisionRecord.objects.public()
            .exclude(decision_maker="")
            .order_by("decision_maker")
            .values_list("decision_maker", flat=True)
            .distinct()
        ),
        timeout=600,
    )


class DecisionRecord(models.Model):
    """A decision taken, or proposed to be taken, by a decision maker."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        MADE = "made", "Made"

    reference = models.CharField(
        max_length=50, blank=True, help_text='The council\'s number, e.g. "24/00096".'
    )
    title = models.CharField(max_length=500)
    decision_maker = models.CharField(max_length=200, help_text='e.g. "Cabinet".')
    date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MADE)
    is_key_decision = models.BooleanField(default=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    decision = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    alternatives_rejected = models.TextField(blank=True)
    conflicts_of_interest = models.TextField(blank=True)
    dispensation = models.TextField(blank=True)
    urgency = models.TextField(blank=True, help_text="Why the decision was urgent, if it was.")
    approved_by = models.CharField(max_length=300, blank=True)
    is_exempt = models.BooleanField(
        default=False,
        help_text="Exempt on its own, e.g. printed under an exempt item of the pack that "
        "carries it.",
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    first_page = models.PositiveIntegerField(null=True, blank=True)
    last_page = models.PositiveIntegerField(null=True, blank=True)
    is_public = models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by DecisionRecordQuerySet.sync_public: published and not exempt.",
    )

    objects = DecisionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-reference"]
        constraints = [
            # A council's decision numbers are unique; records without one are common.
            models.UniqueConstraint(
                fields=["reference", "status"],
                condition=~Q(reference=""),
                name="decisionrecord_unique_reference",
            ),
            models.CheckConstraint(
                condition=Q(first_page__isnull=True)
                | Q(last_page__isnull=True)
                | Q(first_page__lte=models.F("last_page")),
                name="decisionrecord_pages_in_order",
            ),
        ]
        indexes = [
            # The register lists newest first and filters by decision maker.
            models.Index(fields=["-date", "decision_maker"], name="decision_date_maker"),
            # The filters' list of decision makers (decision_makers()).
            models.Index(fields=["decision_maker"], name="decision_maker"),
            # The public register: its count and every page walk this index.
            models.Index(
                F("date").desc(),
                F("reference").desc(),
                F("id").desc(),
                condition=Q(is_public=True),
                name="decision_register",
            ),
            models.Index(
                F("status"),
                F("date").desc(),
                condition=Q(is_public=True),
                name="decision_register_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", kwargs={"pk": self.pk})

    @property
    def page_numbers(self) -> range:
        if not (self.document_id and self.first_page):
            return range(0)
        return range(self.first_page, (self.last_page or self.first_page) + 1)

    def pdf_parts(self) -> list:
        """What its PDF holds, for ``reports.pdfcut``: empty for a record with no pages."""
        return [(self.document, list(self.page_numbers))] if self.page_numbers else []

    @property
    def is_exempt_here(self) -> bool:
        """``DecisionRecordQuerySet.exempt()``, for one record."""
        report = self.report
        return (
            self.is_exempt
            or bool(self.agenda_item and self.agenda_item.is_exempt)
            or bool(report and report.is_exempt_here)
        )
