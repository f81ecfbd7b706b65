"""Papers a Modern.gov council publishes after a meeting: printed minutes and a decision
recording form, for Borsetshire County Council's meetings.

Both re-plan the meeting from the same inputs as `sample_pack`, so the agenda pack, the
printed minutes and the decision notice of one meeting agree on its items and numbers,
and the minutes and the form agree on who attended.
"""

import datetime as dt

from .council import COUNCIL, DOMAIN, OFFICERS, PLACES, Committee
from .council import committee as find_committee
from .dates import clock, plain_date, previous_meeting
from .glyphs import BOLD
from .layout import LEADING, Flow, render
from .model import Decision, Document, Meeting, MinuteItem, Minutes, SamplePack
from .plan import Item, plan_meeting, rng_for
from .prose import TOPICS, Writer, financial_year

# Printed at the head of every page after the first, as Modern.gov prints its mailbox.
COMMITTEES_MAILBOX = f"committees@{DOMAIN}"
PUBLIC_FORUM = "Public Forum"
RESIDENTS = (
    "Margaret Fielding",
    "Tom Ashby",
    "Dr Eleanor Price",
    "Councillor Paul Redmond",
    "Susan Marlow",
    "Brian and Janet Coles",
    "Revd Michael Oakes",
    "Hannah Wilde",
    "Felpersham Cycling Group",
    "Graham Tull",
    "Anita Desai-Crowe",
    "Peter Lomas",
    "Kate Brennan",
    "Borchester Civic Society",
    "Jo Whitfield",
    "Colin Marsh",
)
QUESTIONS = (
    "Speeding on the {place} Road",
    "Bus services to {place}",
    "Pothole repairs in {place}",
    "Library opening hours in {place}",
    "Flooding at {place} ford",
)
SUBJECT_ROLES = ("Head of Service", "Legal Adviser", "Democratic Services Officer")


def printed_minutes(
    *, committee: str, meeting_date: dt.date, start_time: str = "17:00", seed: int = 0
) -> SamplePack:
    """Modern.gov "printed minutes" of a meeting: the council, "Minutes of the <body>",
    the date and time, "Members Present:-" and a "Councillors:" line, then one minute per
    agenda item numbered "4 Title" without a full stop. The Public Forum minute lists
    numbered statements ("07 Name"), which are not minutes."""
    body = find_committee(committee)
    plan = _plan(body, meeting_date, seed)
    present, absent = attendance(body, meeting_date, seed)
    writer = Writer(rng_for("printed", body.name, meeting_date, seed), financial_year(meeting_date))
    flow = Flow()
    flow.paragraph(COUNCIL, font=BOLD, size=13, leading=17, after=4)
    flow.paragraph(f"Minutes of the {body.name}", font=BOLD, size=17, leading=21, after=4)
    flow.paragraph(f"{plain_date(meeting_date)} at {clock(start_time)}", font=BOLD, after=12)
    flow.paragraph("Members Present:-", font=BOLD, after=2)
    names = [f"{present[0]} (Chair)", f"{present[1]} (Vice-Chair)", *present[2:]]
    flow.paragraph(f"Councillors: {', '.join(names[:-1])} and {names[-1]}", after=8)
    flow.paragraph("Officers in Attendance:-", font=BOLD, after=2)
    officers = writer.rng.sample(OFFICERS, len(SUBJECT_ROLES))
    flow.paragraph(
        ", ".join(f"{name} - {role}" for name, role in zip(officers, SUBJECT_ROLES, strict=True)),
        after=12,
    )
    entries = []
    for item in plan:
        title = PUBLIC_FORUM if item.number == "4" else item.title
        flow.keep(LEADING * 4)
        flow.paragraph(f"{item.number} {title}", font=BOLD, after=4)
        if item.number == "4":
            _public_forum(flow, writer)
        else:
            for text in _minute_text(body, item, absent, writer):
                flow.paragraph(text)
        entries.append(MinuteItem(item.number, title, None))
    rng = writer.rng
    flow.space(8)
    flow.paragraph(f"Meeting ended at {clock(f'{rng.randint(19, 21)}:{rng.randrange(60)}')}")
    flow.space(18)
    flow.line("CHAIR __________________")
    for page in flow.pages[1:]:
        page.stamp = COMMITTEES_MAILBOX
    title = f"Minutes of the {body.name}, {plain_date(meeting_date)}"
    return SamplePack(
        filename=f"borsetshire-{_slug(body.name)}-{meeting_date.isoformat()}-printed-minutes.pdf",
        pdf=render(flow.pages, title=title, author=COUNCIL),
        council=COUNCIL,
        meeting=Meeting(body.name, meeting_date, start_time, None),
        agenda=[],
        documents=[Document("minutes", title, 1, len(flow.pages), None)],
        minutes=[Minutes(body.name, meeting_date, present, absent, tuple(entries))],
        decisions=[],
        page_count=len(flow.pages),
    )


def decision_notice(
    *,
    committee: str,
    meeting_date: dt.date,
    seed: int = 0,
    items: tuple[str, ...] | None = None,
) -> SamplePack:
    """A "Decision Recording Form": the meeting and who attended on its first page, then
    one record per decided agenda item, each from a new page, lettered (a) to (h).

    `items` are the agenda item numbers decided (default: every report item of the plan).
    """
    body = find_committee(committee)
    plan = _plan(body, meeting_date, seed)
    chosen = [i for i in plan if (i.number in items if items else i.kind == "report")]
    if not chosen:
        raise ValueError(f"no agenda items among {items!r}")
    present, absent = attendance(body, meeting_date, seed)
    writer = Writer(rng_for("notice", body.name, meeting_date, seed), financial_year(meeting_date))
    flow = Flow()
    flow.paragraph(COUNCIL, font=BOLD, size=13, leading=17, after=4)
    flow.paragraph("Decision Recording Form", font=BOLD, size=15, leading=19, after=8)
    flow.paragraph(
        f"Decision determined at {body.name} meeting on {plain_date(meeting_date)}",
        font=BOLD,
        after=10,
    )
    flow.paragraph("Committee Members present:", font=BOLD, after=2)
    for name in present:
        flow.line(f"Councillor {name}")
    flow.space(8)
    flow.paragraph("Apologies:", font=BOLD, after=2)
    for name in absent or ("None",):
        flow.line(f"Councillor {name}" if absent else name)
    flow.space(10)
    starts = []
    for item in chosen:
        if starts:
            flow.new_page()
        starts.append(len(flow.pages))
        _record(flow, body, meeting_date, item, writer)
    for page in flow.pages[1:]:
        page.stamp = COMMITTEES_MAILBOX
    ends = [start - 1 for start in starts[1:]] + [len(flow.pages)]
    documents = [
        Document("decision", item.title, start, end, item.number)
        for item, start, end in zip(chosen, [1, *starts[1:]], ends, strict=True)
    ]
    decisions = [
        Decision(None, item.title, body.name, meeting_date, None, "made", item.number)
        for item in chosen
    ]
    title = f"Decision Recording Form - {body.name}, {plain_date(meeting_date)}"
    return SamplePack(
        filename=f"borsetshire-{_slug(body.name)}-{meeting_date.isoformat()}-decisions.pdf",
        pdf=render(flow.pages, title=title, author=COUNCIL),
        council=COUNCIL,
        meeting=Meeting(body.name, meeting_date, None, None),
        agenda=[],
        documents=documents,
        minutes=[],
        decisions=decisions,
        page_count=len(flow.pages),
    )


def attendance(
    committee: Committee, date: dt.date, seed: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Who was present and who sent apologies (names without "Councillor"): the same for
    the printed minutes and the decision notice of one meeting."""
    rng = rng_for("attendance", committee.name, date, seed)
    members = [name.removeprefix("Councillor ") for name in committee.members]
    absent = rng.sample(members[2:], rng.choice([0, 1, 1, 2]))
    return tuple(m for m in members if m not in absent), tuple(absent)


def _plan(committee: Committee, date: dt.date, seed: int) -> list[Item]:
    return plan_meeting(committee, date, seed, previous=previous_meeting(date))


def _public_forum(flow: Flow, writer: Writer) -> None:
    rng = writer.rng
    flow.paragraph("The Committee noted that the following Public Forum had been received.")
    flow.paragraph("Public Forum Questions:", font=BOLD, after=2)
    askers = rng.sample(RESIDENTS, 3)
    subjects = rng.sample(QUESTIONS, len(askers))
    for number, (name, subject) in enumerate(zip(askers, subjects, strict=True), start=1):
        subject = writer.fill(subject)
        flow.paragraph(f"Question {number} - {name} - {subject}", after=2)
    flow.space(4)
    flow.paragraph(
        f"{askers[0]} asked a supplementary question and officers agreed to reply in writing "
        "within ten working days."
    )
    flow.paragraph("Public Forum Statements:", font=BOLD, after=2)
    flow.paragraph("Statements were received as follows:", after=2)
    for number, name in enumerate(rng.sample(RESIDENTS, rng.randint(7, 14)), start=1):
        flow.line(f"{number:02d} {name}")
    flow.space(6)
    flow.paragraph(
        "The Committee noted the public forum, and took its content into account in "
        "considering the items that followed."
    )


def _minute_text(committee: Committee, item: Item, absent: tuple[str, ...], writer: Writer):
    if item.number == "1":
        if not absent:
            return ["There were no apologies for absence."]
        names = " and ".join(f"Councillor {name}" for name in absent)
        return [f"Apologies were received from {names}."]
    if item.number == "2":
        return ["There were none."]
    if item.kind == "minutes":
        return ["The minutes of the previous meeting were agreed as a correct record."]
    if item.number == "5":
        place = writer.rng.choice(PLACES)
        return [f"The Chair thanked the residents who had attended the drop-in event in {place}."]
    if item.kind == "exempt":
        return [
            f"The Committee considered the exempt report of the {item.director}. The "
            "decision is recorded in the exempt minute."
        ]
    topic = TOPICS[item.topic]
    first = writer.recommendations(topic)[0]
    return [
        f"The Committee considered a report of the {item.director} on {item.title}.",
        writer.paragraph(topic, 3),
        f"It was RESOLVED that the Committee {first}.",
    ]


def _record(flow: Flow, committee: Committee, date: dt.date, item: Item, writer: Writer) -> None:
    """One decision record: the subject and its agenda item, then sections (b) to (h)."""
    deadline = date + dt.timedelta(days=7)
    flow.paragraph(f"Deadline for call-in {plain_date(deadline)}", after=8)
    flow.paragraph(f"(a) Subject: {item.title}", font=BOLD, after=2)
    flow.paragraph(f"(agenda item {item.number})", after=8)
    exempt = item.kind == "exempt"
    sections = [
        ("(b) Ward:", ["All wards" if exempt else writer.rng.choice(PLACES)]),
        ("(c) Declarations of interest:", ["None"]),
    ]
    for label, lines in sections:
        flow.paragraph(label, font=BOLD, after=2)
        for text in lines:
            flow.paragraph(text)
    flow.paragraph("(d) Decision taken", font=BOLD, after=2)
    flow.paragraph(f"That the {committee.name}:", after=2)
    if exempt:
        decided = [f"agreed the recommendations of the exempt report of the {item.director}"]
    else:
        decided = writer.recommendations(TOPICS[item.topic])
    for number, text in enumerate(decided, start=1):
        flow.paragraph(f"{text[0].upper()}{text[1:]}.", prefix=f"{number}.", hang=22, after=3)
    flow.space(6)
    for label, value in (
        ("(e) Exempt Information?", f"Exempt - paragraph {item.paragraph}" if exempt else "Open"),
        ("(f) Decision made in exempt session?", "Yes" if exempt else "No"),
        ("(g) Additional information at the meeting/documents taken into account:", "None"),
        ("(h) Reason for decision:", "As set out in the report."),
    ):
        flow.keep(LEADING * 3)
        flow.paragraph(label, font=BOLD, after=2)
        flow.paragraph(value)


def _slug(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())
