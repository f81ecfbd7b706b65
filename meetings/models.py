"""Committees, their meetings, the agenda of each meeting, councillors and attendance.

Papers are never lost as a side effect: a committee with meetings, or a meeting with
stored documents, minutes or decision records, cannot be deleted (``PROTECT``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

# Schedule 12A to the Local Government Act 1972, Part 1: the seven descriptions of
# exempt information a council may rely on to exclude the press and public.
SCHEDULE_12A_PARAGRAPHS = [
    (1, "1: information relating to any individual"),
    (2, "2: information likely to reveal the identity of an individual"),
    (3, "3: financial or business affairs of any particular person"),
    (4, "4: consultations or negotiations on labour relations"),
    (5, "5: legal professional privilege"),
    (6, "6: notices, orders or directions under an enactment"),
    (7, "7: prevention, investigation or prosecution of crime"),
]


def unique_slug(model, text: str, *, exclude=None) -> str:
    """A slug made from ``text`` that no row of ``model`` has yet ("cabinet-2"), but for
    ``exclude`` (a row being renamed, which may keep its own)."""
    base = slugify(text)[:190] or "item"
    slug, n = base, 1
    others = model.objects.exclude(pk=exclude.pk) if exclude and exclude.pk else model.objects
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class ExemptLowered(Exception):
    """A save that would lower an exempt label: only "make public" may
    (``publishing.exemption.exempt_lower``)."""


class ExemptLabelled(models.Model):
    """A row labelled exempt or not (its ``is_exempt``). The label only rises: saving a row
    labelled exempt as not exempt is refused, whatever the code path, since only an
    audited "make public" lowers a label, and it writes the rows itself."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if (
            self.pk is not None
            and not self.is_exempt
            and (fields is None or "is_exempt" in fields)
            and type(self)._default_manager.filter(pk=self.pk, is_exempt=True).exists()
        ):
            raise ExemptLowered(f"{self} is exempt: only “Make public” may make it public.")
        super().save(*args, **kwargs)


class Stamped(models.Model):
    """A row that knows when it was added and last saved (the open data API's ``created``
    and ``modified``). Rows older than the fields carry the time they were added."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Named(Stamped):
    """Something known by its printed name, with a slug made from it for its address."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta(Stamped.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class CommitteeQuerySet(models.QuerySet):
    def named(self, printed: str):
        """The committee a paper means by ``printed``: its name or one of its aliases; else
        the one committee whose full name ends with it ("Policy Committee" for "Transport
        and Connectivity Policy Committee"). Empty when none, or several, fit."""
        exact = self.filter(Q(name__iexact=printed) | Q(aliases__name__iexact=printed))
        if exact.exists():
            return exact.distinct()[:1]
        ending = self.filter(name__iendswith=f" {printed}")
        return ending if len(ending) == 1 else self.none()

    def known_names(self) -> tuple[str, ...]:
        """Every name the portal knows a committee by (its own and its aliases), for the
        parser to weigh as a paper's body."""
        aliases = CommitteeAlias.objects.values_list("name", flat=True)
        return tuple(dict.fromkeys([*self.values_list("name", flat=True), *aliases]))

    def named_or_new(self, printed: str) -> Committee:
        """``named(printed)``, or a new committee of that name, its kind read from it."""
        return self.named(printed).first() or self.create(
            name=printed, slug=unique_slug(Committee, printed), kind=Committee.kind_for(printed)
        )

    def with_meetings_in(self, meetings):
        """Committees with at least one of ``meetings``: a body known only from a draft
        import is not named to the public."""
        return self.filter(models.Exists(meetings.filter(committee=models.OuterRef("pk"))))

    def with_decisions_in(self, records):
        """Committees at whose meetings one of ``records`` (decision records) was taken:
        the decisions register offers no committee it would find nothing for."""
        return self.filter(models.Exists(records.filter(meeting__committee=models.OuterRef("pk"))))


class Committee(Named):
    """A body that meets and decides: Cabinet, County Council, a committee or panel."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Full council"
        EXECUTIVE = "executive", "Executive"
        COMMITTEE = "committee", "Committee"
        SCRUTINY = "scrutiny", "Scrutiny"
        PANEL = "panel", "Panel or board"

    name = models.CharField(max_length=200, unique=True, help_text='As printed, e.g. "Cabinet".')
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = CommitteeQuerySet.as_manager()

    def get_absolute_url(self) -> str:
        return reverse("meetings:committee", kwargs={"slug": self.slug})

    @classmethod
    def kind_for(cls, name: str) -> str:
        """The kind of body a name says it is ("Cabinet", "County Council", "... Panel")."""
        lowered = name.lower()
        if lowered in {"cabinet", "executive"} or lowered.startswith(("cabinet member", "leader")):
            return cls.Kind.EXECUTIVE
        if lowered.endswith("council"):
            return cls.Kind.COUNCIL
        if "scrutiny" in lowered or "select" in lowered:
            return cls.Kind.SCRUTINY
        if "panel" in lowered or "board" in lowered:
            return cls.Kind.PANEL
        return cls.Kind.COMMITTEE


class CommitteeAlias(models.Model):
    """Another name a council's papers print for a committee ("Policy & Resources")."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "committee aliases"

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings the public may see: published ones, and cancelled ones (which say so)."""
        return self.filter(status__in=Meeting.PUBLIC_STATUSES)

    def shown_with(self, meeting: Meeting):
        """The meetings whose pages show something of ``meeting``: itself; the meetings
        its packs carry minutes or decision records of, and those whose packs carry its
        own; the meetings of decisions that a decision of it proposed or made; and the
        meetings whose items and reports it decided."""
        links = [
            "minutes__document__meeting",
            "documents__minutes__meeting",
            "decisions__document__meeting",
            "documents__decisions__meeting",
            "decisions__proposals__meeting",
            "decisions__made_as__meeting",
            "agenda_items__decisions__meeting",
            "documents__reports__decisions__meeting",
        ]
        # One small lookup a link, each along its own indexes, put together by UNION: joined
        # in one query the links multiplied into every combination of rows (11 s on a
        # 20-year archive), and as ORed subqueries each was hashed over every meeting.
        pks = Meeting.objects.order_by().values_list("pk", flat=True)
        shown = pks.filter(pk=meeting.pk).union(*(pks.filter(**{link: meeting}) for link in links))
        return self.filter(pk__in=list(shown))

    def lock_shown_with(self, *meetings: Meeting) -> None:
        """Lock the rows of ``meetings`` and of the meetings shown with them, in key order,
        until the transaction ends. A change to what the public sees of a meeting writes
        the rows of those shown with it (their register digests); changes that take these
        locks first take turns, where each holding its own meeting's row while waiting for
        the other's would deadlock."""
        shown = self.none()
        for meeting in meetings:
            shown |= self.shown_with(meeting)
        list(shown.select_for_update().order_by("pk").values_list("pk", flat=True))

    def register_digests_kept(self, digests: dict[int, str]) -> bool:
        """Keep each meeting's ``register_digest`` (meeting: digest); whether any differed
        from the one kept before, that is, whether the register changed."""
        kept = dict(self.filter(pk__in=digests).values_list("pk", "register_digest"))
        changed = [pk for pk, digest in digests.items() if kept.get(pk) != digest]
        for pk in sorted(changed):  # in key order, as their rows are locked
            self.filter(pk=pk).update(register_digest=digests[pk])
        return bool(changed)

    def on(self, committee: Committee, day, at=None) -> Meeting | None:
        """The committee's meeting on ``day`` that a paper printing the time ``at`` (or no
        time) means: the meeting at that time; with no time, the day's first; and a time
        given for the day's meeting with none is that meeting. None when there is none."""
        same_day = list(self.filter(committee=committee, date=day).order_by("pk"))
        meeting = next((m for m in same_day if at and m.start_time == at), None)
        if meeting is None and same_day and (at is None or not any(m.start_time for m in same_day)):
            meeting = same_day[0]
        return meeting

    def at_address(self, slug: str, date: str) -> Meeting | None:
        """The meeting a meeting page's address names (committee slug, ISO date): the
        day's first. None when there is none, or the date is no date."""
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            return None
        meetings = self.filter(committee__slug=slug, date=day).select_related("committee")
        return meetings.order_by("start_time").first()

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")


class Meeting(models.Model):
    """One meeting of a committee on a date and at a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    enquiries = models.CharField(
        max_length=300, blank=True, help_text="Who to contact about the meeting."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    register_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A digest of what the public decisions register holds of this meeting's "
        "decision records, as of its last publication or correction.",
    )

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date", "start_time"], name="meeting_unique_committee_slot"
            ),
            # NULLs are distinct in a unique constraint, so a meeting with no known time
            # needs its own rule: one such meeting per committee per day.
            models.UniqueConstraint(
                fields=["committee", "date"],
                condition=Q(start_time__isnull=True),
                name="meeting_unique_committee_day_untimed",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="meeting_published_has_time",
            ),
        ]
        indexes = [
            # The calendar, the home page and each committee page list public meetings by date.
            models.Index(fields=["status", "date"], name="meeting_status_date"),
        ]
        permissions = [
            ("view_draft_meeting", "Can see meetings not yet published"),
            ("publish_meeting", "Can upload, correct, publish and withdraw meetings' papers"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs=self.url_kwargs())

    def url_kwargs(self) -> dict:
        return {"slug": self.committee.slug, "date": self.date.isoformat()}

    # The meetings' columns as CSV (``meetings.views.meetings_csv``), then its web page.
    CSV_HEADER = ["Committee", "Date", "Time", "Venue", "Status"]

    def csv_row(self) -> list:
        """The meeting's cells under ``CSV_HEADER``; its committee must be fetched with it."""
        time = self.start_time.strftime("%H:%M") if self.start_time else ""
        return [
            self.committee.name,
            self.date.isoformat(),
            time,
            self.venue,
            self.get_status_display(),
        ]

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def publish(self, when=None) -> None:
        """Make the meeting and its public papers visible to everyone."""
        self.status = self.Status.PUBLISHED
        self.published_at = when or timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    def mark_changed(self) -> None:
        """Record that its papers or agenda changed now: the open data API dates the
        meeting, and everything of it, by ``updated_at``."""
        self.updated_at = timezone.now()
        Meeting.objects.filter(pk=self.pk).update(updated_at=self.updated_at)


class AgendaItemQuerySet(models.QuerySet):
    def published(self):
        """Items of a public meeting, unless they came with a document not yet published
        (a supplementary pack staff have still to check) or since withdrawn."""
        return self.filter(meeting__status__in=Meeting.PUBLIC_STATUSES).filter(
            Q(document__isnull=True)
            | Q(document__published_at__isnull=False, document__withdrawn_at__isnull=True)
        )


class AgendaItem(ExemptLabelled):
    """An item on a meeting's agenda, numbered as printed ("7a")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    document = models.ForeignKey(
        "reports.Document",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="added_items",
        help_text="The document that added the item; it is public once that document is.",
    )
    number = models.CharField(max_length=20, help_text='As printed, e.g. "7a".')
    order = models.PositiveIntegerField(help_text="Position on the agenda, from 1.")
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    first_page = models.PositiveIntegerField(
        null=True, blank=True, help_text="First page of the item in the pack's printed numbering."
    )
    last_page = models.PositiveIntegerField(null=True, blank=True)
    is_exempt = models.BooleanField(
        default=False,
        help_text="Taken with the press and public excluded (Schedule 12A); once exempt, "
        "only “Make public” opens it.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=SCHEDULE_12A_PARAGRAPHS
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agendaitem_unique_order"),
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number",
                violation_error_message="Another item of this meeting already has that number.",
            ),
            models.CheckConstraint(
                condition=Q(first_page__isnull=True)
                | Q(last_page__isnull=True)
                | Q(first_page__lte=models.F("last_page")),
                name="agendaitem_pages_in_order",
                violation_error_message="The last page must not come before the first page.",
            ),
            models.CheckConstraint(
                condition=Q(exempt_paragraph__isnull=True)
                | Q(is_exempt=True, exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="agendaitem_paragraph_only_when_exempt",
                violation_error_message="Give a Schedule 12A paragraph only for an exempt item.",
            ),
        ]
        permissions = [("view_exempt_papers", "Can read exempt (Part II) papers")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:agenda_item", kwargs={**self.meeting.url_kwargs(), "number": self.number}
        )

    @property
    def exempt_notice(self) -> str:
        """What the public agenda says in place of an exempt item's papers."""
        paragraph = f"paragraph {self.exempt_paragraph}" if self.exempt_paragraph else "a paragraph"
        return (
            f"Not for publication: exempt under {paragraph} of Part 1 of Schedule 12A to the "
            "Local Government Act 1972."
        )

    @property
    def pages_label(self) -> str:
        if self.first_page is None:
            return ""
        if self.last_page in (None, self.first_page):
            return f"Page {self.first_page}"
        return f"Pages {self.first_page} - {self.last_page}"


class MemberQuerySet(models.QuerySet):
    def named(self, printed: str, slug: str):
        """The member an attendance list means: the same name, or one of their aliases."""
        return self.filter(Q(slug=slug) | Q(aliases__name__iexact=printed)).distinct()[:1]

    def named_or_new(self, printed: str) -> Member:
        """``named(printed)``, or a new member of that name."""
        slug = slugify(printed)[:200] or "member"
        return self.named(printed, slug).first() or self.create(name=printed[:200], slug=slug)

    def once_at(self, slug: str) -> Member | None:
        """The member an earlier address named: one of their aliases, the name they had
        before staff renamed them or merged another spelling into them."""
        surname = slug.rsplit("-", 1)[-1]
        aliases = MemberAlias.objects.filter(member__in=self, name__icontains=surname)
        for alias in aliases.select_related("member").order_by("pk"):
            if slugify(alias.name)[:200] == slug:
                return alias.member
        return None

    def known_in(self, attendances):
        """Members the public may be told of: those the council lists on a committee, or
        recorded in one of ``attendances`` (rows of minutes the public may read). A name
        read only from draft minutes is not."""
        return self.filter(
            Exists(Membership.objects.filter(member=OuterRef("pk")))
            | Exists(attendances.filter(member=OuterRef("pk")))
        )

    def with_attendance(self, attendances):
        """Each member with ``attended`` and ``expected``: of the meetings ``attendances``
        (rows of minutes) record them at at all (present, apologies or absent), those they
        record them present at. A meeting two sets of minutes record counts once."""
        rows = Q(attendances__in=attendances)
        return self.annotate(
            expected=Count("attendances__meeting", filter=rows, distinct=True),
            attended=Count(
                "attendances__meeting",
                filter=rows & Q(attendances__status=Attendance.Status.PRESENT),
                distinct=True,
            ),
        )

    def mentioned_in(self, *texts: str):
        """Members whose name, or one of their aliases, appears in any of ``texts``
        ("Chairman of Cabinet Councillor Roy Perry"), case-insensitively."""
        members, found = self, Q()
        for number, text in enumerate(t for t in texts if t):
            field = f"mention_{number}"
            members = members.annotate(**{field: models.Value(text.lower())})
            found |= Q(**{f"{field}__contains": Lower("name")})
            found |= Q(**{f"{field}__contains": Lower("aliases__name")})
        return members.filter(found).distinct() if found else self.none()


class Member(Named):
    """A councillor, named as the council prints it ("Councillor Roy Perry", "Mr R W Gough")."""

    party = models.CharField(max_length=100, blank=True)
    ward = models.CharField(
        max_length=200, blank=True, help_text="The ward or electoral division they represent."
    )
    is_current = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        help_text="Their account on the portal, for their own list of meetings.",
    )
    register_of_interests = models.FileField(
        upload_to="interests/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
        help_text="Their register of interests (PDF), a public document.",
    )

    objects = MemberQuerySet.as_manager()

    def get_absolute_url(self) -> str:
        return reverse("meetings:councillor", kwargs={"slug": self.slug})

    def names(self) -> list[str]:
        """Every way the papers print them, for matching decision records."""
        return [self.name, *self.aliases.values_list("name", flat=True)]

    def attendance_at(self, attendances) -> list[Attendance]:
        """Their rows among ``attendances``, one a meeting (the strongest, when two sets
        of minutes record it), latest first."""
        rows = (
            attendances.filter(member=self)
            .select_related("meeting__committee")
            .order_by("-meeting__date", "-meeting__start_time", "meeting_id")
        )
        by_meeting: dict[int, Attendance] = {}
        for row in rows:
            held = by_meeting.get(row.meeting_id)
            if held is None or row.strength > held.strength:
                by_meeting[row.meeting_id] = row
        return list(by_meeting.values())


class Membership(Stamped):
    """A member's place on a committee, and their role there ("Chairman")."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=200,
        default="Member",
        help_text='e.g. "Chairman", "Vice-Chairman", "Cabinet Member for Highways".',
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["committee__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="membership_dates_in_order",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.role}, {self.committee}"

    def is_current(self, today=None) -> bool:
        return self.end_date is None or self.end_date >= (today or timezone.localdate())


class MemberAlias(models.Model):
    """Another way papers print a councillor's name ("Cllr Mrs Shewell", "R Healey")."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "member aliases"

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """Whether a member was at a meeting, as one set of its minutes records it. A row is
    public exactly while its minutes are: printed minutes imported and never published
    tell the public nothing, even of a meeting whose other minutes are public."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    minutes = models.ForeignKey(
        "reports.Minutes", on_delete=models.CASCADE, related_name="attendances"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendances",
        help_text="The meeting its minutes minute (kept here for the councillors' figures).",
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices)
    role = models.CharField(max_length=100, blank=True, help_text='e.g. "Chairman".')

    # When two records of one meeting disagree, the stronger stands (present over
    # apologies over absent).
    STRENGTH = [Status.ABSENT, Status.APOLOGIES, Status.PRESENT]

    class Meta:
        ordering = ["meeting", "status", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "member"], name="attendance_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.meeting_id = self.minutes.meeting_id
        super().save(*args, **kwargs)

    @property
    def strength(self) -> int:
        return self.STRENGTH.index(self.status)
