"""A generated 20-year archive of a county council's papers, written straight into PostgreSQL.

``python -m benchmarks.archive --database-url URL [--years 20] [--committees 50]
[--meetings 8000] [--pages 1000000] [--seed 0]`` migrates the database named by ``URL`` and
fills it with Borsetshire County Council's papers since ``--years`` ago: committees, their
meetings (nearly all published, a few cancelled, the next few weeks' still drafts), each
meeting's agenda (one exempt item in about a third of them), its agenda pack as a Document
with the text of every page, the reports and appendices cut from the pack, the minutes of
the previous meeting with their numbered items, attendance, and decision records, proposed
and made. No PDF is rendered: a Document's ``file`` names a file that is not there, so the
pages that serve text from ``Page`` rows work and the PDF downloads do not.

The text comes from the project's own sample council (``packs.writing``): agendas are
planned by ``plan_meeting`` and the prose is the ``Writer``'s. So that a million pages take
minutes and not hours, a few thousand paragraphs are written once, wrapped as a PDF's text
layer would be, and each page is put together from a random draw of them under its own
numbered headings. Rows go in by ``COPY ... FROM STDIN``, the pages streamed as they are made,
in one transaction; then the id sequences are set past the rows written, each page is given
the words an import stores (``Page.words``, on two connections), and the database is
vacuumed and analysed. PostgreSQL only: ``COPY`` is what makes it quick.

``archive_write(...)`` does the same from Python, for benchmarks that need the archive (the
search benchmark of issue 5 builds on it). Only ever point it at a throwaway database: it
refuses one that already holds meetings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packs.writing.council import (
    ADDRESS,
    CHIEF_EXECUTIVE,
    COMMITTEES,
    COUNCIL_CAPS,
    ENQUIRIES,
    PLACES,
    VENUE,
)
from packs.writing.council import Committee as SampleCommittee
from packs.writing.dates import clock, long_date, plain_date
from packs.writing.plan import Item, first_minute, plan_meeting
from packs.writing.prose import SECTIONS, TOPICS, Writer, financial_year

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/council_portal_archive"

# Committees beyond the five of the sample council, as a county has them: scrutiny, boards,
# regulatory and area committees, and the cabinet members' decision days (executive).
# (name, Committee.Kind, executive, topics from prose.TOPICS, meetings a year)
MORE_COMMITTEES = (
    ("Cabinet Member for Finance and Resources", "executive", True, ("budget", "governance"), 10),
    ("Cabinet Member for Highways and Transport", "executive", True, ("highways",), 10),
    ("Cabinet Member for Education and Skills", "executive", True, ("schools", "send"), 10),
    ("Cabinet Member for Adult Social Care", "executive", True, ("adults", "health"), 10),
    ("Cabinet Member for Environment", "executive", True, ("waste", "climate"), 8),
    ("Cabinet Member for Communities", "executive", True, ("libraries",), 8),
    ("Cabinet Member for Children's Services", "executive", True, ("children",), 8),
    ("Audit and Governance Committee", "committee", False, ("governance", "budget"), 5),
    ("Pension Fund Committee", "committee", False, ("budget",), 4),
    ("Standards Committee", "committee", False, ("governance",), 3),
    ("Employment Committee", "committee", False, ("governance",), 3),
    ("Planning and Rights of Way Committee", "committee", False, ("planning", "highways"), 8),
    ("Health and Wellbeing Board", "panel", False, ("health", "adults", "children"), 5),
    ("Corporate Parenting Panel", "panel", False, ("children",), 4),
    ("Schools Forum", "panel", False, ("schools", "send"), 5),
    ("Local Pension Board", "panel", False, ("budget",), 4),
    ("Climate Change Panel", "panel", False, ("climate", "waste"), 4),
    (
        "Economy, Transport and Environment Select Committee",
        "scrutiny",
        False,
        ("highways", "waste", "climate"),
        6,
    ),
    ("Resources and Performance Select Committee", "scrutiny", False, ("budget", "governance"), 6),
    ("Culture and Communities Select Committee", "scrutiny", False, ("libraries", "climate"), 4),
)
AREA_TOPICS = ("highways", "libraries", "planning")
KIND_OF = {
    "Cabinet": ("executive", 11),
    "County Council": ("council", 6),
    "Regulatory Committee": ("committee", 9),
}
START_TIMES = ("10:00", "10:00", "10:30", "14:00", "18:30")
PARTIES = ("Conservative", "Liberal Democrat", "Labour", "Green", "Independent")
ROLES = ("Chairman", "Vice-Chairman")
WRAP = 95  # characters on a printed line of a pack's text layer
PAGE_CHARS = (1500, 3000)  # a page's text, in characters
POOL_PER_BUCKET = 200  # paragraphs for each topic in each five-year era
STRIDES = (7, 11, 13, 17, 19, 23, 29, 31)  # prime to POOL_PER_BUCKET: walks without repeats
ERA_YEARS = 5

# The tables written, each with its columns in COPY order.
TABLES = {
    "meetings_committee": "id, name, slug, kind, description, is_active",
    "meetings_member": "id, name, slug, party, is_current",
    "meetings_meeting": (
        "id, committee_id, date, start_time, venue, enquiries, status, published_at, "
        "created_at, updated_at"
    ),
    "meetings_agendaitem": (
        'id, meeting_id, number, "order", title, description, first_page, last_page, '
        "is_exempt, exempt_paragraph"
    ),
    "meetings_attendance": "id, meeting_id, member_id, status, role",
    "reports_document": (
        "id, meeting_id, kind, file, sha256, original_name, page_count, uploaded_at"
    ),
    "reports_report": (
        "id, document_id, first_page, last_page, agenda_item_id, title, report_from, contact, "
        "recommendations, is_exempt, exempt_paragraph"
    ),
    "reports_appendix": "id, document_id, first_page, last_page, report_id, label, title",
    "reports_minutes": "id, document_id, first_page, last_page, meeting_id, agenda_item_id",
    "reports_minuteitem": 'id, minutes_id, number, "order", heading, agenda_item_id, text',
    "decisions_decisionrecord": (
        "id, reference, title, decision_maker, date, status, is_key_decision, meeting_id, "
        "agenda_item_id, report_id, decision, reasons, alternatives_rejected, "
        "conflicts_of_interest, dispensation, urgency, approved_by, document_id, first_page, "
        "last_page"
    ),
    "reports_page": "id, document_id, number, printed_number, text",
}
# Columns written only where the schema has them, their cells last in each row: a document's
# own publication time arrives with reports migration 0006, an attendance row's minutes with
# meetings migration 0009 (not in every checkout).
OPTIONAL_COLUMNS = {
    "reports_document": ("published_at", "parts"),
    "meetings_attendance": ("minutes_id",),
}
NULL = "\\N"


def archive_write(
    database_url: str = DATABASE_URL,
    *,
    years: int = 20,
    committees: int = 50,
    meetings: int = 8000,
    pages: int = 1_000_000,
    seed: int = 0,
    today: dt.date | None = None,
    migrate: bool = True,
    progress: Callable[[str], None] | None = print,
) -> ArchiveSummary:
    """Migrate ``database_url`` and write the archive into it; return what was written.

    The database must be PostgreSQL, and must not hold meetings already. ``today`` is the
    day the archive ends (meetings after it are the coming weeks': published a week ahead,
    drafts beyond that); by default the real today.
    """
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise ValueError("The archive is written with PostgreSQL's COPY: give a postgres:// URL.")
    say = progress or (lambda message: None)
    started = time.perf_counter()
    if migrate:
        say("migrating")
        _migrate(database_url)

    import psycopg

    connection = psycopg.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM meetings_meeting)")
            if cursor.fetchone()[0]:
                raise ValueError("The database already holds meetings: give an empty one.")
        say("planning committees, meetings, agendas and papers")
        archive = Planner(
            years=years,
            committees=committees,
            meetings=meetings,
            pages=pages,
            seed=seed,
            today=today or dt.date.today(),
        ).plan()
        say(
            f"planned {len(archive.meetings):,} meetings and {archive.page_total:,} pages "
            f"in {time.perf_counter() - started:.0f} s"
        )
        counts = _write(connection, archive, say)
    finally:
        connection.close()
    say("linking made records to their proposals, setting the public flags")
    counts.update(_as_published(database_url))
    say("the words of every page, as its import stored them")
    _page_words(database_url)
    written = time.perf_counter() - started

    say("VACUUM ANALYZE")
    size = _vacuum_analyze(database_url)
    return ArchiveSummary(
        counts=counts, seconds=time.perf_counter() - started, write_seconds=written, size=size
    )


@dataclass
class ArchiveSummary:
    counts: dict[str, int]
    seconds: float  # all of it: migrate, plan, write, vacuum and analyse
    write_seconds: float  # up to the commit, before VACUUM ANALYZE
    size: int  # pg_database_size, bytes

    def table(self) -> str:
        lines = ["| Table | Rows |", "| --- | --- |"]
        lines += [f"| {table} | {rows:,} |" for table, rows in self.counts.items()]
        return "\n".join(lines)


# Planning: every row but the pages' text, in memory (a few hundred MB at 8,000 meetings).


@dataclass
class Body:
    """A committee of the archive, with the sample council's view of it for ``plan_meeting``."""

    id: int
    sample: SampleCommittee
    slug: str
    kind: str
    per_year: int
    first: dt.date
    last: dt.date
    start_time: str
    venue: str
    member_ids: list[int]


@dataclass
class Held:
    """What the next meeting of the same committee needs from the last one."""

    meeting_id: int
    date: dt.date
    items: list[tuple[int, Item]]  # (agenda item id, planned item)
    present: list[str]
    apologies: list[str]
    made: list[list[str]] = field(default_factory=list)  # decision rows, placed in the next pack
    # (member id, status, role): written with the minutes that record them, in the next pack.
    attendance: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class Archive:
    rows: dict[str, list]  # table -> rows (lists of COPY-ready cells)
    layouts: list[tuple[int, list]]  # (document id, page sources) in document id order
    meetings: list  # (Body, date, status), by date
    page_total: int
    seed: int
    years: tuple[int, int]  # the first and last calendar years


class Planner:
    def __init__(self, *, years, committees, meetings, pages, seed, today) -> None:
        self.rng = random.Random(f"archive|{seed}")
        self.seed = seed
        self.years = years
        self.committee_count = committees
        self.meeting_count = meetings
        self.page_target = pages
        self.today = today
        self.start = today.replace(year=today.year - years)
        self.end = today + dt.timedelta(weeks=6)
        self.rows: dict[str, list] = {table: [] for table in TABLES}
        self.next_id: dict[str, int] = dict.fromkeys(TABLES, 1)
        self.layouts: list[tuple[int, list]] = []
        self.references: dict[int, int] = {}  # year -> last decision number used
        self.page_total = 0

    def id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, *cells) -> list:
        row = list(cells)
        self.rows[table].append(row)
        return row

    def plan(self) -> Archive:
        members = self._members()
        bodies = self._committees(members)
        schedule = self._schedule(bodies)
        # A cancelled meeting has no pack, so takes no share of the pages.
        weights = [
            0.0 if status == "cancelled" else self._weight(body) for body, _date, status in schedule
        ]
        per_weight = self.page_target / sum(weights)
        held: dict[int, Held] = {}
        for (body, date, status), weight in zip(schedule, weights, strict=True):
            previous = held.get(body.id)
            meeting = self._meeting(body, date, status, previous, round(weight * per_weight))
            if meeting is not None:
                held[body.id] = meeting
        # The last meeting's records stay without a document (entered by hand, as the portal
        # allows) until a later pack carries them.
        return Archive(
            rows=self.rows,
            layouts=self.layouts,
            meetings=schedule,
            page_total=self.page_total,
            seed=self.seed,
            years=(self.start.year, self.end.year),
        )

    def _members(self) -> dict[str, int]:
        names = dict.fromkeys(name for c in COMMITTEES.values() for name in c.members)
        ids = {}
        for name in names:
            ids[name] = member_id = self.id("meetings_member")
            party = self.rng.choice(PARTIES)
            self.add("meetings_member", member_id, _e(name), _slug(name), party, "t")
        return ids

    def _committees(self, members: dict[str, int]) -> list[Body]:
        councillors = list(members)
        specs = [(c.name, *KIND_OF.get(c.name, ("scrutiny", 5)), c) for c in COMMITTEES.values()]
        for name, kind, executive, topics, per_year in MORE_COMMITTEES:
            people = tuple(self.rng.sample(councillors, self.rng.randint(6, 12)))
            specs.append(
                (name, kind, per_year, SampleCommittee(name, people, executive, False, topics))
            )
        for place in PLACES:
            name = f"{place} Area Committee"
            people = tuple(self.rng.sample(councillors, self.rng.randint(5, 9)))
            specs.append(
                (name, "committee", 4, SampleCommittee(name, people, False, False, AREA_TOPICS))
            )
        n = 0
        while len(specs) < self.committee_count:  # more than a county has: numbered panels
            n += 1
            topic = list(TOPICS)[n % len(TOPICS)]
            name = f"{topic.title()} Working Group {n}"
            people = tuple(self.rng.sample(councillors, 5))
            specs.append((name, "panel", 3, SampleCommittee(name, people, False, False, (topic,))))
        bodies = []
        span = (self.end - self.start).days
        for index, (name, kind, per_year, sample) in enumerate(specs[: self.committee_count]):
            first, last = self.start, self.end
            if index >= 5 and self.rng.random() < 0.1:  # set up part way through
                first = self.start + dt.timedelta(days=self.rng.randrange(span // 4, span // 2))
            elif index >= 5 and self.rng.random() < 0.1:  # abolished part way through
                last = self.start + dt.timedelta(days=self.rng.randrange(span // 3, span * 3 // 4))
            body = Body(
                id=self.id("meetings_committee"),
                sample=sample,
                slug=_slug(name),
                kind=kind,
                per_year=per_year,
                first=first,
                last=last,
                start_time=self.rng.choice(START_TIMES),
                venue=VENUE if "Area" not in name else f"Council Offices, {name.split(' Area')[0]}",
                member_ids=[members[person] for person in sample.members],
            )
            description = f"Meets about {per_year} times a year. Topics: " + ", ".join(
                sample.topics
            )
            is_active = "t" if last == self.end else "f"
            self.add(
                "meetings_committee", body.id, _e(name), body.slug, kind, _e(description), is_active
            )
            bodies.append(body)
        return bodies

    def _schedule(self, bodies: list[Body]) -> list[tuple[Body, dt.date, str]]:
        """Every meeting's committee, date and status, ``meeting_count`` of them by date."""
        shares = [body.per_year * (body.last - body.first).days for body in bodies]
        scale = self.meeting_count / sum(shares)
        quotas = [share * scale for share in shares]
        counts = [int(quota) for quota in quotas]
        by_remainder = sorted(range(len(bodies)), key=lambda i: counts[i] - quotas[i])
        for i in by_remainder[: self.meeting_count - sum(counts)]:
            counts[i] += 1
        schedule = []
        for body, count in zip(bodies, counts, strict=True):
            span = (body.last - body.first).days
            taken: set[dt.date] = set()
            for n in range(count):
                day = body.first + dt.timedelta(days=(n + self.rng.random()) * span / count)
                day -= dt.timedelta(days=max(0, day.weekday() - 3))  # Monday to Thursday
                while day in taken:
                    day += dt.timedelta(days=1)
                taken.add(day)
                schedule.append((body, day, self._status(day)))
        schedule.sort(key=lambda entry: (entry[1], entry[0].id))
        return schedule

    def _status(self, day: dt.date) -> str:
        if day > self.today + dt.timedelta(days=7):
            return "draft"  # the pack is being put together
        if self.rng.random() < 0.02:
            return "cancelled"
        return "published"  # packs go out a week ahead

    def _weight(self, body: Body) -> float:
        size = {"council": 1.6, "executive": 1.3}.get(body.kind, 1.0)
        if "Area" in body.sample.name:
            size = 0.6
        return size * self.rng.lognormvariate(0, 0.35)

    def _meeting(
        self, body: Body, date: dt.date, status: str, previous: Held | None, budget: int
    ) -> Held | None:
        rng = self.rng
        meeting_id = self.id("meetings_meeting")
        published = (
            dt.datetime.combine(date - dt.timedelta(days=7), dt.time(17), dt.UTC)
            if status == "published"
            else None
        )
        created = dt.datetime.combine(date - dt.timedelta(days=21), dt.time(9), dt.UTC)
        self.add(
            "meetings_meeting",
            meeting_id,
            body.id,
            date.isoformat(),
            body.start_time,
            _e(body.venue),
            ENQUIRIES,
            status,
            published.isoformat() if published else NULL,
            created.isoformat(),
            (published or created).isoformat(),
        )
        if status == "cancelled":
            return None  # no agenda, no papers; the next pack minutes the last meeting held

        topics = body.sample.topics
        business = rng.randint(3, min(14, 2 + 4 * len(topics)))
        prior = previous.date if previous else date - dt.timedelta(weeks=6)
        plan = plan_meeting(body.sample, date, self.seed, previous=prior, business=business)
        if rng.random() > 1 / 3:
            plan = [item for item in plan if item.kind != "exempt"]
        writer = Writer(random.Random(f"{self.seed}|{meeting_id}"), financial_year(date))
        happened = date < self.today
        minuted = previous if previous and previous.date < self.today else None
        document_id = self.id("reports_document")
        pack = Pack(self, document_id, date)

        # Pages: the front sheet, the previous meeting's minutes and decision records under
        # item 3, each business item's report and appendices, the exempt report last.
        pack.pages(2, None)  # the front sheet, unnumbered; filled in once pages are known
        item_ids = {item.number: self.id("meetings_agendaitem") for item in plan}
        ranges: dict[str, tuple[int, int]] = {}
        if minuted:
            ranges["3"] = self._minutes(body, pack, minuted, item_ids["3"])
        reports = [item for item in plan if item.kind in ("report", "exempt")]
        room = max(budget - pack.count, 0)
        shares = [rng.uniform(0.5, 1.5) * (0.4 if i.kind == "exempt" else 1) for i in reports]
        report_ids = {}
        recommendations = {}
        for item, share in zip(reports, shares, strict=True):
            length = max(2, round(room * share / sum(shares)))
            ranges[item.number], report_ids[item.number], recommendations[item.number] = (
                self._report(pack, item, item_ids[item.number], length, writer, body.sample.name)
            )

        for order, item in enumerate(plan, start=1):
            first, last = ranges.get(item.number, (None, None))
            exempt = item.kind == "exempt"
            self.add(
                "meetings_agendaitem",
                item_ids[item.number],
                meeting_id,
                item.number,
                order,
                _e(item.title),
                _e(item.description),
                _n(pack.printed(first) if first else None),
                _n(pack.printed(last) if last else None),
                "t" if exempt else "f",
                _n(item.paragraph if exempt else None),
            )
        pack.front(
            body,
            date,
            plan,
            {n: (pack.printed(a), pack.printed(b)) for n, (a, b) in ranges.items()},
        )
        self.page_total += pack.count
        self.add(
            "reports_document",
            document_id,
            meeting_id,
            "main_pack",
            f"archive/{document_id}.pdf",
            hashlib.sha256(f"archive|{self.seed}|{document_id}".encode()).hexdigest(),
            _e(f"{body.sample.name} {date:%Y-%m-%d} agenda pack.pdf"),
            pack.count,
            (published or created).isoformat(),
            published.isoformat() if published else NULL,  # OPTIONAL_COLUMNS
            _e(json.dumps(_parts(plan, ranges))),  # OPTIONAL_COLUMNS
        )
        self.layouts.append((document_id, pack.sources))

        # Attendance and decisions, for a meeting that has taken place.
        present, apologies, attendance = [], [], []
        if happened:
            for position, member_id in enumerate(body.member_ids):
                name = body.sample.members[position]
                roll = rng.random()
                state = "present" if roll < 0.85 else "apologies" if roll < 0.97 else "absent"
                (present if state == "present" else apologies).append(name)
                role = ROLES[position] if position < len(ROLES) else ""
                attendance.append((member_id, state, role))
        held = Held(meeting_id, date, [(item_ids[i.number], i) for i in plan], present, apologies)
        held.attendance = attendance
        decided = [i for i in reports if i.kind == "report"]
        if not body.sample.executive:
            decided = rng.sample(decided, rng.randint(1, min(4, len(decided))))
        decided += [i for i in reports if i.kind == "exempt" and rng.random() < 0.5]
        chairman = body.sample.members[0]
        for item in decided:
            reference = self._reference(date)
            fields = self._decision(body, date, item, writer, recommendations.get(item.number))
            links = [meeting_id, item_ids[item.number], report_ids[item.number]]
            if body.sample.executive and item.kind == "report" and rng.random() < 0.5:
                page = ranges[item.number][0]  # printed with the report it goes with
                self.add(
                    "decisions_decisionrecord",
                    self.id("decisions_decisionrecord"),
                    reference,
                    *fields[:3],
                    "proposed",
                    *fields[3:4],
                    *links,
                    *fields[4:],
                    _e(chairman),
                    document_id,
                    page,
                    page,
                )
            if happened:
                held.made.append(
                    self.add(
                        "decisions_decisionrecord",
                        self.id("decisions_decisionrecord"),
                        reference,
                        *fields[:3],
                        "made",
                        *fields[3:4],
                        *links,
                        *fields[4:],
                        _e(chairman),
                        NULL,
                        NULL,
                        NULL,
                    )
                )
        return held

    def _minutes(self, body: Body, pack: Pack, minuted: Held, item_id: int) -> tuple[int, int]:
        """The previous meeting's minutes and its decision records, carried in this pack."""
        minutes_id = self.id("reports_minutes")
        chunks = [
            f"MINUTES of a meeting of the {_e(body.sample.name)} held at {_e(body.venue)} on "
            f"{long_date(minuted.date)}",
            "PRESENT",
            _e(
                ", ".join(
                    f"{name} (Chairman)" if n == 0 else name
                    for n, name in enumerate(minuted.present)
                )
                or "None recorded"
            ),
        ]
        if minuted.apologies:
            chunks.append(_e("Apologies were received from " + ", ".join(minuted.apologies) + "."))
        writer = Writer(random.Random(f"{self.seed}|minutes|{minutes_id}"), minuted.date.year)
        number = first_minute(minuted.date) + self.rng.randrange(6)
        for order, (agenda_item_id, item) in enumerate(minuted.items, start=1):
            topic = TOPICS[item.topic] if item.topic else TOPICS["governance"]
            if item.kind == "report":
                text = f"RESOLVED - That the {body.sample.name} {writer.recommendations(topic)[0]}."
                text = f"{writer.paragraph(topic, 2)}\n{text}"
            elif item.kind == "exempt":
                text = "The Committee considered the exempt report. (Minute exempt.)"
            else:
                text = item.description.replace("To receive", "Members received")
            text = _e(_wrap(text))
            self.add(
                "reports_minuteitem",
                self.id("reports_minuteitem"),
                minutes_id,
                str(number),
                order,
                _e(item.title),
                agenda_item_id,
                text,
            )
            chunks += [f"{number}. {_e(item.title.upper())}", text]
            number += 1
        first = pack.next
        pack.text_pages(chunks)
        self.add(
            "reports_minutes",
            minutes_id,
            pack.document_id,
            first,
            pack.next - 1,
            minuted.meeting_id,
            item_id,
        )
        for member_id, state, role in minuted.attendance:
            self.add(
                "meetings_attendance",
                self.id("meetings_attendance"),
                minuted.meeting_id,
                member_id,
                state,
                role,
                minutes_id,  # OPTIONAL_COLUMNS: attendance belongs to its minutes (issue 18)
            )
        for record in minuted.made:
            page = pack.next
            pack.sources.append(("decision", record))
            pack.next += 1
            record[-3:] = [pack.document_id, page, page]
        return first, pack.next - 1

    def _report(
        self,
        pack: Pack,
        item: Item,
        item_id: int,
        length: int,
        writer: Writer,
        body_name: str,
    ) -> tuple[tuple[int, int], int, str]:
        rng = self.rng
        report_id = self.id("reports_report")
        topic = item.topic or rng.choice(list(TOPICS))
        first = pack.next
        if item.kind == "exempt":
            recommendations = ""
            lead = [
                f"Agenda Item {item.number}",
                "NOT FOR PUBLICATION",
                _e(
                    f"This report is exempt under paragraph {item.paragraph} of Part 1 of "
                    "Schedule 12A to the Local Government Act 1972."
                ),
                _e(item.title.upper()),
                _e(f"Report of the {item.director}"),
            ]
            pack.prose(length, topic, lead)
        else:
            wanted = writer.recommendations(TOPICS[topic])
            recommendations = "\\n".join(
                f"({chr(97 + n)}) {_e(text)}" for n, text in enumerate(wanted)
            )
            appendices = list(item.appendices)
            appendix_pages = [max(1, round(length * rng.uniform(0.08, 0.2))) for _ in appendices]
            while appendices and length - sum(appendix_pages) < 2:
                appendices.pop()
                appendix_pages.pop()
            lead = [
                f"Agenda Item {item.number}",
                COUNCIL_CAPS,
                _e(item.title.upper()),
                _e(f"Report of the {item.director}"),
                _e(f"Contact: {item.contact}, {ENQUIRIES}"),
                "RECOMMENDATIONS",
                _e(f"That the {body_name}:"),
                recommendations,
            ]
            pack.prose(length - sum(appendix_pages), topic, lead)
            for n, (title, pages) in enumerate(zip(appendices, appendix_pages, strict=True)):
                label = f"Appendix {chr(65 + n)}"
                start = pack.next
                table = writer.table(TOPICS[topic])
                lines = [label, _e(title.upper()), _e(" | ".join(TOPICS[topic].columns))]
                lines += [_e(" | ".join(row)) for row in table]
                pack.prose(pages, topic, lines)
                self.add(
                    "reports_appendix",
                    self.id("reports_appendix"),
                    pack.document_id,
                    start,
                    pack.next - 1,
                    report_id,
                    label,
                    _e(title),
                )
        self.add(
            "reports_report",
            report_id,
            pack.document_id,
            first,
            pack.next - 1,
            item_id,
            _e(item.title),
            _e(item.director or ""),
            _e(f"{item.contact}, {ENQUIRIES}" if item.contact else ""),
            recommendations,
            "t" if item.kind == "exempt" else "f",
            _n(item.paragraph if item.kind == "exempt" else None),
        )
        return (first, pack.next - 1), report_id, recommendations

    def _decision(
        self, body: Body, date: dt.date, item: Item, writer: Writer, recommendations: str | None
    ) -> list:
        """Title, decision maker, date, key decision, then decision ... urgency."""
        topic = TOPICS[item.topic] if item.topic else TOPICS["governance"]
        decision = recommendations or _e(
            f"That the {body.sample.name} agrees the recommendations of the exempt report."
        )
        key = item.key or self.rng.random() < 0.25
        return [
            _e(item.title),
            _e(body.sample.name),
            date.isoformat(),
            "t" if key else "f",
            decision,
            _e(_wrap(writer.paragraph(topic))),
            _e(_wrap(writer.paragraph(topic, 2))),
            "None declared.",
            "",
            "",
        ]

    def _reference(self, date: dt.date) -> str:
        """ "07/00123": the year, and the council's running number within it."""
        number = self.references[date.year] = self.references.get(date.year, 0) + 1
        return f"{date.year % 100:02d}/{number:05d}"


class Pack:
    """The physical pages of one agenda pack, as a list of page sources laid out in order."""

    FRONT = 2  # physical pages before "Page 1"

    def __init__(self, planner: Planner, document_id: int, date: dt.date) -> None:
        self.planner = planner
        self.document_id = document_id
        self.era = date.year
        self.next = 1  # the next physical page
        self.sources: list[tuple] = []

    @property
    def count(self) -> int:
        return self.next - 1

    def printed(self, page: int) -> int:
        return page - self.FRONT

    def pages(self, count: int, source) -> None:
        self.sources.extend([source] * count)
        self.next += count

    def prose(self, count: int, topic: str, lead: list[str]) -> None:
        """``count`` pages of numbered sections on ``topic``, the first opening with ``lead``."""
        self.sources.append(("prose", count, topic, self.era, lead))
        self.next += count

    def text_pages(self, chunks: list[str]) -> None:
        """As many pages as ``chunks`` fill, split between chunks."""
        pages: list[list[str]] = [[]]
        size = 0
        limit = self.planner.rng.randint(*PAGE_CHARS)
        for chunk in chunks:
            if size > limit and pages[-1]:
                pages.append([])
                size = 0
                limit = self.planner.rng.randint(*PAGE_CHARS)
            pages[-1].append(chunk)
            size += len(chunk)
        for parts in pages:
            self.sources.append(("text", parts))
        self.next += len(pages)

    def front(self, body: Body, date: dt.date, plan: list[Item], ranges: dict) -> None:
        """The notice of meeting and the agenda, over the first two pages."""
        lines = [
            "Public Document Pack",
            COUNCIL_CAPS,
            "NOTICE OF MEETING",
            f"Meeting {_e(body.sample.name)}",
            f"Date and Time {long_date(date)} at {clock(body.start_time)}",
            f"Place {_e(body.venue)}",
            f"Enquiries to {ENQUIRIES}",
            _e(CHIEF_EXECUTIVE),
            "Chief Executive",
            _e(ADDRESS),
            "AGENDA",
        ]
        agenda = []
        for item in plan:
            pages = ranges.get(item.number)
            where = f" (Pages {pages[0]} - {pages[1]})" if pages else ""
            agenda += [f"{item.number}. {_e(item.heading)}{where}", _e(item.description)]
        half = len(agenda) // 2 // 2 * 2
        self.sources[0] = ("text", lines + agenda[:half])
        self.sources[1] = ("text", ["AGENDA (continued)", *agenda[half:]])


# Writing: COPY each table, the pages streamed from their layouts.


class Prose:
    """The pool of paragraphs pages are drawn from: per topic, per five-year era."""

    def __init__(self, seed: int, first_year: int, last_year: int) -> None:
        self.rng = random.Random(f"archive|pages|{seed}")
        self.first_year = first_year
        self.pool: dict[tuple[str, int], list[str]] = {}
        for era in range(first_year // ERA_YEARS, last_year // ERA_YEARS + 1):
            for key, topic in TOPICS.items():
                paragraphs = []
                for _ in range(POOL_PER_BUCKET):
                    year = era * ERA_YEARS + self.rng.randrange(ERA_YEARS)
                    writer = Writer(self.rng, financial_year(dt.date(year, 6, 1)))
                    paragraphs.append(_e(_wrap(writer.paragraph(topic))))
                self.pool[key, era] = paragraphs

    @property
    def size(self) -> int:
        return sum(len(paragraphs) for paragraphs in self.pool.values())

    def pages(self, count: int, topic: str, year: int, lead: list[str]) -> Iterator[list[str]]:
        """``count`` pages' parts: numbered sections of numbered paragraphs.

        The paragraphs are walked from a random start by a stride prime to the pool's size,
        so a document of up to 200 paragraphs (some 35 pages) never repeats one.
        """
        rng = self.rng
        pool = self.pool[topic, year // ERA_YEARS]
        at, stride = rng.randrange(len(pool)), rng.choice(STRIDES)
        section = paragraph = 0
        low, high = PAGE_CHARS
        for n in range(count):
            parts = list(lead) if n == 0 else []
            size = sum(len(part) for part in parts)
            limit = rng.randint(low, high)
            while size < limit:
                if paragraph == 0 or (paragraph >= 3 and rng.random() < 0.25):
                    section += 1
                    paragraph = 0
                    heading = f"{section}. {SECTIONS[(section - 1) % len(SECTIONS)]}"
                    parts.append(heading)
                    size += len(heading)
                paragraph += 1
                at = (at + stride) % POOL_PER_BUCKET
                text = f"{section}.{paragraph} {pool[at]}"
                parts.append(text)
                size += len(text)
            yield parts


def _page_rows(archive: Archive, prose: Prose, say: Callable[[str], None]) -> Iterator[str]:
    page_id = 0
    started = time.perf_counter()
    for document_id, sources in archive.layouts:
        number = 0
        for source in sources:
            if source[0] == "prose":
                _kind, count, topic, year, lead = source
                batches = prose.pages(count, topic, year, lead)
            elif source[0] == "decision":
                batches = [_decision_page(source[1])]
            else:
                batches = [source[1]]
            for parts in batches:
                number += 1
                page_id += 1
                printed = number - Pack.FRONT
                if printed > 0:
                    text = "\\n".join(parts) + f"\\nPage {printed}"
                    yield f"{page_id}\t{document_id}\t{number}\t{printed}\t{text}\n"
                else:  # the front sheet, before "Page 1"
                    text = "\\n".join(parts)
                    yield f"{page_id}\t{document_id}\t{number}\t\\N\t{text}\n"
                if page_id % 100_000 == 0:
                    rate = page_id / (time.perf_counter() - started)
                    left = (archive.page_total - page_id) / rate
                    say(
                        f"  pages: {page_id:,} of {archive.page_total:,}, {rate:,.0f}/s, "
                        f"about {left:.0f} s to go"
                    )


def _decision_page(record: list[str]) -> list[str]:
    (
        _id,
        reference,
        title,
        maker,
        date,
        status,
        key,
        *_links,
        decision,
        reasons,
        alternatives,
        conflicts,
        _dispensation,
        _urgency,
        approved,
        _doc,
        _first,
        _last,
    ) = record
    return [
        "RECORD OF DECISION" if status == "made" else "PROPOSED RECORD OF DECISION",
        f"Decision No: {reference}",
        f"Decision maker: {maker}",
        f"Subject: {title}",
        f"Key decision: {'Yes' if key == 't' else 'No'}",
        f"Date of decision: {plain_date(dt.date.fromisoformat(date))}",
        "Decision:",
        decision,
        "Reasons for the decision:",
        reasons,
        "Alternatives considered and rejected:",
        alternatives,
        f"Conflicts of interest: {conflicts}",
        f"Approved by: {approved}",
    ]


def _write(connection, archive: Archive, say: Callable[[str], None]) -> dict[str, int]:
    """Every table by COPY, in one transaction; then the sequences past the rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        freeze = _emptied(cursor, "reports_page")
        for table, columns in TABLES.items():
            started = time.perf_counter()
            if table == "reports_page":
                prose = Prose(archive.seed, *archive.years)
                say(f"  {prose.size:,} paragraphs of prose pooled")
                lines: Iterable[str] = _page_rows(archive, prose, say)
                if _has_column(cursor, table, "is_exempt"):  # labels, from reports 0014
                    columns += ", is_exempt"
                    lines = (line[:-1] + "\tf\n" for line in lines)
                options = " WITH (FREEZE)" if freeze else ""
            else:
                columns, width = _columns(cursor, table, columns)
                extra, constants = _constant_columns(cursor, table, columns)
                columns = ", ".join([columns, *extra])
                rows = archive.rows[table]
                lines = ("\t".join(map(str, (*row[:width], *constants))) + "\n" for row in rows)
                options = ""
            written = 0
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN{options}") as copy:
                for line in lines:
                    copy.write(line)
                    written += 1
            say(f"{table}: {written:,} rows in {time.perf_counter() - started:.1f} s")
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
            )
        if _has_column(cursor, "reports_page", "is_exempt"):
            started = time.perf_counter()
            _label_exempt(cursor)
            say(f"exempt labels: {time.perf_counter() - started:.1f} s")
        say("committing")
        connection.commit()
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        connection.commit()
    return counts


def _has_column(cursor, table: str, column: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND column_name = %s",
        [table, column],
    )
    return cursor.fetchone() is not None


def _label_exempt(cursor) -> None:
    """The exempt labels an import gives (``publishing.exemption.exemption_spread``): the
    appendices of exempt reports, the decision records of exempt items, and every page of
    an exempt paper. Set-based, after the COPY."""
    cursor.execute(
        "UPDATE reports_appendix a SET is_exempt = true FROM reports_report r "
        "WHERE a.report_id = r.id AND r.is_exempt"
    )
    cursor.execute(
        "UPDATE decisions_decisionrecord d SET is_exempt = true FROM meetings_agendaitem i "
        "WHERE d.agenda_item_id = i.id AND i.is_exempt"
    )
    for table in ("reports_report", "reports_appendix", "decisions_decisionrecord"):
        cursor.execute(
            f"UPDATE reports_page p SET is_exempt = true FROM {table} x WHERE x.is_exempt "
            "AND p.document_id = x.document_id AND p.number BETWEEN x.first_page "
            "AND COALESCE(x.last_page, x.first_page)"
        )


def _columns(cursor, table: str, columns: str) -> tuple[str, int]:
    """``columns`` and those of ``OPTIONAL_COLUMNS`` the table has; how many cells to send."""
    names = [name.strip() for name in columns.split(",")]
    optional = OPTIONAL_COLUMNS.get(table, ())
    if optional:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        present = {row[0] for row in cursor.fetchall()}
        for name in optional:
            if name not in present:
                break  # the optional cells go in order: stop at the first one missing
            names.append(name)
    return ", ".join(names), len(names)


def _constant_columns(cursor, table: str, columns: str) -> tuple[list[str], list[str]]:
    """Columns the archive does not write that may not be null, each with its model
    field's default: so the benchmark keeps running when a migration adds a column."""
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
        django.setup()
    written = {name.strip().strip('"') for name in columns.split(",")}
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s AND is_nullable = 'NO' AND column_default "
        "IS NULL",
        [table],
    )
    missing = [row[0] for row in cursor.fetchall() if row[0] not in written]
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    fields = {field.column: field for field in model._meta.concrete_fields}
    values = []
    for column in missing:
        field = fields[column]
        # A row's added and saved times (auto_now_add, auto_now) are when it is written.
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = dt.datetime.now(dt.UTC).isoformat() if stamped else field.get_default()
        if value is None:
            values.append(NULL)
        elif isinstance(value, bool):
            values.append("t" if value else "f")
        elif isinstance(value, (list, dict)):
            values.append(json.dumps(value))
        else:
            values.append(str(value))
    return [f'"{column}"' for column in missing], values


def _emptied(cursor, table: str) -> bool:
    """Whether ``table`` could be emptied in this transaction, which COPY FREEZE asks for.

    COPY FREEZE writes the rows already frozen and visible to all, so VACUUM need not
    rewrite two gigabytes of pages afterwards. TRUNCATE is refused when another table has a
    foreign key to this one (search entries to pages); the pages are then copied plainly.
    """
    cursor.execute("SAVEPOINT empty")
    try:
        cursor.execute(f"TRUNCATE {table}")
    except Exception:
        cursor.execute("ROLLBACK TO SAVEPOINT empty")
        return False
    finally:
        cursor.execute("RELEASE SAVEPOINT empty")
    return True


# Each page's words, as the worker makes them after an import (``store_page_words``): by
# the rebuild's own readers (``search.index.PageWords``), which give every page without
# words theirs.
PAGE_WORDS = """
from search.index import PageWords
with PageWords() as words:
    words.wait()
"""


def _page_words(database_url: str) -> None:
    _manage(database_url, "shell", "--no-imports", "-c", PAGE_WORDS)


def _vacuum_analyze(database_url: str) -> int:
    import psycopg

    connection = psycopg.connect(database_url)
    connection.autocommit = True  # VACUUM refuses to run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    finally:
        connection.close()


# What the portal's own publication leaves behind, run by the portal's own code: each
# made record linked to its proposal (``link_proposals``, by reference, set-based here),
# every paper's and record's public flag (``public_content_changed``), and each meeting's register
# digest (``Meeting.register_digest``, kept by every publication), so that the register,
# the search index and every page see the archive as a council's visitors would.
AS_PUBLISHED = """
from django.db import connection
from decisions.models import DecisionRecord
from meetings.models import Meeting
from publishing.services import public_content_changed
with connection.cursor() as cursor:
    cursor.execute(
        "UPDATE decisions_decisionrecord p SET made_as_id = m.id "
        "FROM decisions_decisionrecord m WHERE p.status = 'proposed' "
        "AND m.status = 'made' AND m.reference = p.reference AND p.made_as_id IS NULL"
    )
    linked = cursor.rowcount
public_content_changed()
meetings = list(Meeting.objects.values_list("pk", flat=True))
Meeting.objects.register_digests_kept(DecisionRecord.objects.register_digests(meetings))
print(linked, DecisionRecord.objects.public().count())
"""


def _as_published(database_url: str) -> dict[str, int]:
    printed = _manage(database_url, "shell", "--no-imports", "-c", AS_PUBLISHED)
    linked, public = (int(n) for n in printed.split()[-2:])
    return {"proposals linked to made records": linked, "public decision records": public}


def _migrate(database_url: str) -> None:
    _manage(database_url, "migrate", "--no-input", "--verbosity", "0")


def _manage(database_url: str, *args: str) -> str:
    """Run ``manage.py`` with ``args`` against ``database_url``; returns what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


def _parts(plan: list[Item], ranges: dict[str, tuple[int, int]]) -> list[dict]:
    """The papers the import would have found in the pack (``Document.parts``), which every
    import stores and the review page reads."""
    return [
        {
            "type": "minutes" if item.number == "3" else "report",
            "title": item.title,
            "agenda_item": item.number,
            "start_page": ranges[item.number][0],
            "end_page": ranges[item.number][1],
        }
        for item in plan
        if item.number in ranges
    ]


def _e(text: str) -> str:
    """``text`` as a COPY text-format value: backslashes, tabs and line ends escaped."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\r", "").replace("\n", "\\n")


def _n(value) -> str:
    return NULL if value is None else str(value)


def _wrap(text: str) -> str:
    """One paragraph broken into printed lines, as a PDF's text layer gives it."""
    return "\n".join(textwrap.wrap(text, WRAP, break_on_hyphens=False))


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)[:200]


def human_size(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.1f} {unit}" if unit != "bytes" else f"{size:,.0f} bytes"
        size /= 1024
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.archive",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", default=DATABASE_URL, help="An empty database.")
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--committees", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=8000)
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--until", type=dt.date.fromisoformat, help="Last day (default: today).")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, flush=True)

    summary = archive_write(
        args.database_url,
        years=args.years,
        committees=args.committees,
        meetings=args.meetings,
        pages=args.pages,
        seed=args.seed,
        today=args.until,
        progress=say,
    )
    print()
    print(summary.table())
    print()
    print(
        f"Written in {summary.write_seconds:.0f} s, {summary.seconds:.0f} s with VACUUM ANALYZE; "
        f"database size {human_size(summary.size)} ({summary.size:,} bytes)."
    )
    if not summary.counts["public decision records"]:
        print("The archive holds no public decision record: no visitor could use it.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
