"""Decision records (executive decision records, records of decision and proposed ones)
and the forward plan of key decisions.

A decision's life: proposed (a proposed record printed with its report), made (the
record of the decision, linked from its proposal by ``made_as``), published, then open
to call-in by overview and scrutiny for five clear working days, after which it may be
implemented, unless it was urgent (exempt from call-in) or was called in. A key
decision is announced first in the forward plan (``ForwardPlanNotice``).
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from council_portal.pagecache import REGISTER, public_key
from meetings.models import SCHEDULE_12A_PARAGRAPHS, AgendaItem, ExemptLabelled, Meeting
from meetings.working_days import next_working_day, working_days_after
from reports.models import PUBLIC_DOCUMENT, Document, PageRange, PaperQuerySet, Report

# The clear working days after publication in which a decision may be called in.
CALL_IN_DAYS = 5

# What a record prints under "reasons for urgency" when the decision was not urgent.
NOT_URGENT = re.compile(r"^\W*(not applicable|n/?a|none|no)\W*$", re.IGNORECASE)


class DecisionRecordQuerySet(PaperQuerySet):
    def published(self):
        """Records published in a document of a public meeting (or, entered by hand, of a
        public meeting)."""
        return self.filter(
            PUBLIC_DOCUMENT | Q(document__isnull=True, meeting__status__in=Meeting.PUBLIC_STATUSES)
        )

    def sync_public(self) -> int:
        """``PaperQuerySet.sync_public``, and ``in_register`` (public, and not a proposal
        whose made record is public) of these records and of the proposals they made: the
        register counts and pages through public records on one index."""
        changed = super().sync_public()
        # The records and the proposals they made, apart: under one OR, every record of
        # the archive would be read. The rule is read, and only the flags that differ are
        # written.
        listed = {}  # by key: a record may be both among these and a proposal they made
        for touched in (
            DecisionRecord.objects.filter(pk__in=self.values("pk")),
            DecisionRecord.objects.filter(made_as__in=self.values("pk")),
        ):
            for pk, flag, is_public, made_public in touched.values_list(
                "pk", "in_register", "is_public", "made_as__is_public"
            ):
                if flag is not (is_public and not made_public):
                    listed[pk] = not flag
        for flag in (True, False):
            pks = [pk for pk, rule in listed.items() if rule is flag]
            # A few thousand keys a statement: a statement takes at most 65,535 parameters
            # on PostgreSQL and 32,766 on SQLite, and a first sync may change every flag.
            for start in range(0, len(pks), 5_000):
                keys = pks[start : start + 5_000]
                DecisionRecord.objects.filter(pk__in=keys).update(in_register=flag)
        return changed

    def of_meetings(self, meetings: list[int]):
        """Records taken at these meetings or printed in their packs, found by key (their
        documents first: a join under the OR would read every record of the archive)."""
        documents = list(Document.objects.filter(meeting__in=meetings).values_list("pk", flat=True))
        return self.filter(Q(meeting__in=meetings) | Q(document__in=documents))

    def register_digests(self, meetings: list[int]) -> dict[int, str]:
        """For each of ``meetings``, a digest of everything the public register could show
        or filter on of its decision records among these (those taken at it, or printed in
        its packs): whether each is listed, every field, and its meeting's committee and
        date. The register's cached pages are forgotten only when a publication changes
        one."""
        fields = [field.attname for field in DecisionRecord._meta.concrete_fields]
        rows = self.order_by("pk").values_list(
            *fields, "meeting__committee_id", "meeting__date", "document__meeting_id"
        )
        digests = {meeting: hashlib.sha256() for meeting in meetings}
        meeting_at = fields.index("meeting_id")
        for row in rows:
            for meeting in {row[meeting_at], row[-1]} & digests.keys():
                digests[meeting].update(repr(row).encode())
        return {meeting: digest.hexdigest() for meeting, digest in digests.items()}

    def taken_by(self, member):
        """Records whose decision maker, or whoever approved them, is printed with one of
        the member's names ("Executive Member for Highways, Councillor Rob Humby")."""
        named = Q()
        for name in member.names():
            named |= Q(decision_maker__icontains=name) | Q(approved_by__icontains=name)
        return self.filter(named)

    def current(self, visible):
        """Leave out a proposal whose made record is among ``visible`` (the records the
        request may see): the made record stands for the decision. A proposal whose made
        record is hidden (exempt, or not yet published) stays, so nothing hidden shows.
        ``NOT EXISTS`` probes the made record by its key, a cost that does not grow with
        the register (``NOT IN`` checked every visible record, issue 24)."""
        shown = visible.filter(pk=OuterRef("made_as_id"))
        return self.exclude(Exists(shown))

    def open_for_call_in(self, today: datetime.date):
        """Made records published, not exempt from call-in, not called in, whose call-in
        period has not ended."""
        return self.filter(
            status=DecisionRecord.Status.MADE,
            call_in_exempt=False,
            called_in_on__isnull=True,
            call_in_deadline__gte=today,
        )

    def called_in(self):
        return self.filter(called_in_on__isnull=False)

    def link_proposals(self) -> int:
        """Link each made record here to the proposed record it decides, not yet linked
        to another: the same reference, or with no reference the same title and decision
        maker (at the same meeting when both name one, else the latest). A made record
        with no agenda item takes its proposal's item and report, so that it is shown,
        and kept exempt, as the item it decides. Returns how many were linked; one query
        finds every proposal, however many the records."""
        made = list(self.filter(status=DecisionRecord.Status.MADE, proposals__isnull=True))
        if not made:
            return 0
        same_title = Q(pk__in=[])
        for record in made:
            if not record.reference:
                same_title |= Q(title__iexact=record.title, decision_maker=record.decision_maker)
        references = {record.reference for record in made if record.reference}
        waiting = list(
            DecisionRecord.objects.filter(
                status=DecisionRecord.Status.PROPOSED, made_as__isnull=True
            )
            .filter(Q(reference__in=references) | same_title)
            .order_by(F("meeting__date").desc(nulls_last=True), "-pk")
        )
        linked = 0
        for record in made:
            proposal = next((p for p in waiting if _decides(record, p)), None)
            if proposal is None:
                continue
            waiting.remove(proposal)
            proposal.made_as = record
            proposal.save(update_fields=["made_as"])
            if record.agenda_item_id is None and proposal.meeting_id == record.meeting_id:
                record.agenda_item_id = proposal.agenda_item_id
                record.report_id = record.report_id or proposal.report_id
                record.save(update_fields=["agenda_item", "report"])
            linked += 1
        return linked

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
        call_in: str | None = None,
        today: datetime.date | None = None,
    ):
        """Records matching the register's filters; each filter left as None is not applied.
        ``with_words`` is the ids of the records the search index finds for the words;
        ``call_in`` is "open" (open for call-in on ``today``) or "called_in"."""
        records = self
        if call_in == "open":
            records = records.open_for_call_in(today or timezone.localdate())
        elif call_in == "called_in":
            records = records.called_in()
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


def by_reference(record) -> tuple:
    """A key that sorts decision records by reference, and then as they were entered."""
    return (record.reference, record.pk)


def with_history(records: list, visible) -> list:
    """Each record with its life as far as ``visible`` (the records a request may see)
    shows it: a proposal's made record as ``made_record``, a made record's proposals as
    ``proposal_records``. Returns ``records`` less any proposal whose made record is among
    them, since the made record stands for the decision. One query, unordered: a record's
    proposals are sorted ``by_reference`` here (an ORDER BY costs Django more to compile
    than this costs)."""
    made_of_proposals = {record.made_as_id for record in records if record.made_as_id}
    made = [record.pk for record in records if record.status == DecisionRecord.Status.MADE]
    related = []
    if made_of_proposals or made:
        related = sorted(
            visible.filter(Q(pk__in=made_of_proposals) | Q(made_as__in=made)).order_by(),
            key=by_reference,
        )
    by_pk = {record.pk: record for record in related}
    for record in records:
        record.made_record = by_pk.get(record.made_as_id)
        record.proposal_records = [r for r in related if r.made_as_id == record.pk]
    shown = {record.pk for record in records}
    return [record for record in records if record.made_as_id not in shown]


def decision_makers() -> list[str]:
    """Every decision maker named on a public record, for the filters' choices. Cached
    with the register's pages: it changes only with the register."""
    return cache.get_or_set(
        public_key("decision-makers", REGISTER),
        lambda: list(
            DecisionRecord.objects.public()
            .exclude(decision_maker="")
            .order_by("decision_maker")
            .values_list("decision_maker", flat=True)
            .distinct()
        ),
        timeout=600,
    )


class DecisionRecord(ExemptLabelled):
    """A decision taken, or proposed to be taken, by a decision maker."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        MADE = "made", "Made"

    class CallInOutcome(models.TextChoices):
        CONFIRMED = "confirmed", "Decision confirmed"
        REFERRED_BACK = "referred_back", "Referred back to the decision maker"
        REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full council"
        WITHDRAWN = "withdrawn", "Call-in withdrawn"

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
        help_text="Exempt, as the import (its item, its report, its pages) or staff labelled "
        "it; only rises, except by an audited 'make public'.",
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
    in_register = models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by DecisionRecordQuerySet.sync_public: public, and not a proposal "
        "whose made record is public. The public register lists these.",
    )
    made_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        limit_choices_to={"status": "made"},
        help_text="For a proposed record: the record of the decision once made.",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the record was first published (set by publishing its meeting).",
    )
    call_in_exempt = models.BooleanField(
        default=False,
        help_text="Urgent, so exempt from call-in; the reason is the reason for urgency. "
        "Set by the import when the record gives a reason for urgency.",
    )
    # Stored rather than computed in a query, because bank holidays cannot be counted in
    # SQL and the register filters on them: set from published_on by save().
    call_in_deadline = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last of five clear working days after publication.",
    )
    may_be_implemented_from = models.DateField(
        null=True, blank=True, editable=False, help_text="The working day after call-in ends."
    )
    called_in_on = models.DateField(null=True, blank=True)
    call_in_outcome = models.CharField(max_length=30, choices=CallInOutcome.choices, blank=True)
    call_in_outcome_on = models.DateField(null=True, blank=True)
    call_in_note = models.TextField(blank=True, help_text="What the call-in concluded.")

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
                condition=Q(in_register=True),
                name="decision_register",
            ),
            models.Index(
                F("status"),
                F("date").desc(),
                condition=Q(in_register=True),
                name="decision_register_status",
            ),
            # The register's "open for call-in now" filter (open_for_call_in).
            models.Index(
                fields=["call_in_deadline"],
                condition=Q(is_public=True, called_in_on__isnull=True),
                name="decision_call_in_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def save(self, *args, **kwargs):
        """Keep the call-in dates in step with publication and exemption."""
        self.call_in_deadline, self.may_be_implemented_from = self.call_in_dates()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "call_in_deadline",
                "may_be_implemented_from",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", kwargs={"pk": self.pk})

    def get_pdf_url(self) -> str:
        return reverse("decisions:decision_pdf", kwargs={"pk": self.pk})

    # The register's columns as CSV (``decisions.views.register_csv``), then its web page.
    CSV_HEADER = [
        "Reference",
        "Title",
        "Decision maker",
        "Committee",
        "Meeting date",
        "Date of decision",
        "Status",
        "Key decision",
        "Published on",
        "Call-in deadline",
        "Called in on",
        "Decision",
    ]

    def csv_row(self) -> list:
        """The record's cells under ``CSV_HEADER``; its meeting must be fetched with it."""
        meeting = self.meeting
        return [
            self.reference,
            self.title,
            self.decision_maker,
            meeting.committee.name if meeting else "",
            meeting.date.isoformat() if meeting else "",
            self.date.isoformat() if self.date else "",
            self.get_status_display(),
            "Yes" if self.is_key_decision else "No",
            self.published_on.isoformat() if self.published_on else "",
            self.call_in_deadline.isoformat() if self.call_in_deadline else "",
            self.called_in_on.isoformat() if self.called_in_on else "",
            self.decision,
        ]

    def call_in_dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        """(call-in deadline, may be implemented from) for a published made record not
        exempt from call-in; (None, None) otherwise."""
        if self.status != self.Status.MADE or self.call_in_exempt or not self.published_on:
            return None, None
        deadline = working_days_after(self.published_on, CALL_IN_DAYS)
        return deadline, next_working_day(deadline)

    @staticmethod
    def is_urgent(urgency: str) -> bool:
        """Whether a printed reason for urgency gives one ("not applicable" does not)."""
        return bool(urgency.strip()) and not NOT_URGENT.match(urgency.strip())

    @property
    def page_numbers(self) -> range:
        if not (self.document_id and self.first_page):
            return range(0)
        return range(self.first_page, (self.last_page or self.first_page) + 1)

    def pdf_parts(self) -> list:
        """What its PDF holds, for ``reports.pdfcut``: empty for a record with no pages."""
        return [(self.document, list(self.page_numbers))] if self.page_numbers else []

    is_exempt_here = PageRange.is_exempt_here


class ForwardPlanNoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def public(self):
        """Notices anyone may read: those staff have published. A notice of a decision to
        be taken in private is itself public (reg. 5), reasons and all."""
        return self.published()

    def in_month(self, month: datetime.date):
        return self.filter(expected_date__year=month.year, expected_date__month=month.month)

    def from_month(self, month: datetime.date):
        return self.filter(expected_date__gte=month.replace(day=1))

    def months(self) -> list[datetime.date]:
        """The first day of every month in which some notice's decision is expected."""
        return list(self.dates("expected_date", "month"))

    def link_decisions(self, records) -> list[ForwardPlanNotice]:
        """Link each decision made among ``records`` to the notice that announced it: the
        one with the same reference, or else with the same title and decision maker.

        Proposed records (printed before the decision) are left alone, and so are notices
        already linked or withdrawn. Returns the notices linked. Two queries, however
        many the records."""
        made = list(records.filter(status=DecisionRecord.Status.MADE))
        if not made:
            return []
        same_title = Q(pk__in=[])
        for record in made:
            same_title |= Q(
                matter__iexact=record.title.strip(),
                decision_maker__iexact=record.decision_maker.strip(),
            )
        references = {record.reference for record in made if record.reference}
        waiting = list(
            self.filter(decision__isnull=True)
            .exclude(status=ForwardPlanNotice.Status.WITHDRAWN)
            .filter(Q(reference__in=references) | same_title)
            .order_by("expected_date", "reference", "pk")
        )
        linked = []
        for record in made:
            reference = record.reference
            by_reference = [n for n in waiting if reference and n.reference == reference]
            by_title = sorted(
                (
                    n
                    for n in waiting
                    if _same_words(n.matter, record.title)
                    and _same_words(n.decision_maker, record.decision_maker)
                ),
                key=lambda notice: (notice.expected_date, notice.pk),
            )
            notice = next(iter(by_reference + by_title), None)
            if notice is None:
                continue
            waiting.remove(notice)
            notice.decision = record
            notice.status = ForwardPlanNotice.Status.DECIDED
            notice.save(update_fields=["decision", "status", "updated_at"])
            linked.append(notice)
        return linked


def _decides(made: DecisionRecord, proposal: DecisionRecord) -> bool:
    """Whether ``made`` decides ``proposal`` (``link_proposals``' rule for one pair)."""
    if made.reference:
        return proposal.reference == made.reference
    return (
        _iexact(proposal.title, made.title)
        and proposal.decision_maker == made.decision_maker
        and (not made.meeting_id or proposal.meeting_id in (made.meeting_id, None))
    )


def _same_words(notice_text: str, record_text: str) -> bool:
    """A notice's words against a record's, stripped, as ``link_decisions`` asks for them."""
    return _iexact(notice_text, record_text.strip())


def _iexact(one: str, other: str) -> bool:
    """The two texts alike but for case, as the database's ``iexact`` compares them."""
    return one.casefold() == other.casefold()


class ForwardPlanNotice(models.Model):
    """A notice in the forward plan: a key decision the executive means to take, published
    28 clear days before it is taken (the Local Authorities (Executive Arrangements)
    (Meetings and Access to Information) (England) Regulations 2012, reg. 9), and, when it
    will be taken in private, the notice of that and why (reg. 5)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DECIDED = "decided", "Decided"

    reference = models.CharField(
        max_length=50, blank=True, help_text="The council's forward plan number, if it has one."
    )
    matter = models.CharField(max_length=500, help_text="The matter to be decided.")
    summary = models.TextField(blank=True)
    decision_maker = models.CharField(
        max_length=200, help_text='e.g. "Cabinet" or "Cabinet Member for Highways".'
    )
    expected_date = models.DateField(
        "Expected decision date", help_text="When the decision is expected to be taken."
    )
    documents = models.TextField(
        blank=True, help_text="The documents to be submitted to the decision maker."
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_notices",
        help_text="The report, once published.",
    )
    is_private = models.BooleanField(
        "To be taken in private",
        default=False,
        help_text="With the press and public excluded.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        null=True,
        blank=True,
        choices=SCHEDULE_12A_PARAGRAPHS,
        help_text="The paragraph of Schedule 12A relied on, when taken in private.",
    )
    private_reason = models.TextField(
        "Why in private",
        blank=True,
        help_text="Why it will be taken in private, in words the public can read.",
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    wards = models.CharField(
        "Wards affected", max_length=500, blank=True, help_text='e.g. "All wards".'
    )
    first_published_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the notice first appeared in the forward plan; set on publishing "
        "when left empty.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when staff publish it; until then a draft."
    )
    is_key_decision = models.BooleanField("Key decision", default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    decision = models.ForeignKey(
        DecisionRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forward_plan_notices",
        help_text="The decision record that made it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ForwardPlanNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["expected_date", "reference", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True)
                | Q(is_private=True, exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="forwardplan_paragraph_only_when_private",
                violation_error_message="Give a Schedule 12A paragraph only for a decision "
                "to be taken in private.",
            ),
            models.CheckConstraint(
                condition=Q(is_private=False) | Q(exempt_paragraph__isnull=False),
                name="forwardplan_private_has_paragraph",
                violation_error_message="A decision to be taken in private needs its "
                "Schedule 12A paragraph.",
            ),
        ]
        indexes = [
            # The public forward plan, month by month.
            models.Index(
                fields=["expected_date"],
                condition=Q(published_at__isnull=False),
                name="forwardplan_public_by_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.matter}".strip()

    def get_absolute_url(self) -> str:
        return reverse("decisions:forward_plan_notice", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def private_notice(self) -> str:
        paragraph = f"paragraph {self.exempt_paragraph}" if self.exempt_paragraph else "a paragraph"
        return (
            f"To be taken in private: exempt under {paragraph} of Part 1 of Schedule 12A to "
            "the Local Government Act 1972."
        )
