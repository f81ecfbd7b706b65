"""A parish or community council's papers: a one-page summons with its agenda, and the
minutes of the meeting, in the two layouts small councils' clerks commonly type.

"summons": "You are summoned to a meeting of the above Council on ...", items carrying the
council's running minute numbers ("1482."), minutes under "Minutes of a meeting of the
above Council held in ..." whose headings run into their text up to a colon.
"notice": "MEETING TO BE HELD ON TUESDAY, / 3rd MARCH 2026 @ 7.30pm / VENUE", items from
"1.", minutes headed "<Council> - 3rd March 2026" and numbered "26.03.01".
"""

import datetime as dt
from dataclasses import dataclass

from .dates import ordinal, plain_date
from .glyphs import BOLD
from .layout import LEADING, Flow, render
from .model import AgendaItem, Document, Meeting, MinuteItem, Minutes, SamplePack
from .plan import rng_for

LAYOUTS = ("summons", "notice")
SURNAMES = (
    "Ashby",
    "Crane",
    "Hebden",
    "Tolley",
    "Vickers",
    "Marchant",
    "Pargeter",
    "Fairbrother",
    "Lanyon",
    "Stanton",
    "Whitcombe",
    "Bellingham",
    "Oakley",
    "Dutton",
)
INITIALS = "ABDGHJKMNPRST"
PAYEES = (
    ("Village Hall Room Hire", "£40.00"),
    ("Borchester Grounds Maintenance - grass cutting", "£312.50"),
    ("Clerk's Salary & Expenses", "£386.20"),
    ("Felpersham Print - newsletter", "£96.00"),
    ("Wyle Valley Tree Care - churchyard yew", "£450.00"),
    ("Borsetshire Association of Local Councils - subscription", "£128.40"),
    ("Hollerton Signs - replacement notice board", "£215.00"),
)
# (agenda title, minute heading, what the minute says); {place} is the parish.
OPENING = (
    ("Police Report", "Police Report", "No report had been received; the Clerk will chase it."),
    (
        "Public Forum",
        "Public Forum",
        "Two residents raised the condition of the footway by the {place} bus shelter.",
    ),
    (
        "Apologies for absence",
        "Apologies for absence",
        "{apologies}",
    ),
    (
        "Declarations of interest",
        "Declarations of interest",
        "None were declared for any item on the agenda.",
    ),
    (
        "Approval of minutes of previous meeting",
        "Approval of minutes of previous meeting",
        "Approved and signed as a correct record.",
    ),
    (
        "Financial Report",
        "Financial Report",
        "The current account stood at {current} and the deposit account at {deposit}.",
    ),
)
TOPICS = (
    (
        "Speeding through the village",
        "Residents again reported speeding on the main road. The Clerk will ask the county "
        "council for a speed survey and for the vehicle activated sign to be moved.",
    ),
    (
        "Defibrillator in the telephone box",
        "The defibrillator was checked in the spring and its pads are in date. Cllr {member} "
        "will carry out the monthly checks.",
    ),
    (
        "Play area inspection report",
        "The annual inspection found the swings and the gate in good order. The surfacing "
        "under the slide is worn and quotes will be sought.",
    ),
    (
        "Christmas lights on the green",
        "It was agreed to buy a tree for the green again this year. Cllrs {member} and "
        "{member2} offered to put it up.",
    ),
    (
        "Annual Governance and Accountability Return",
        "The completed return was presented and approved, and the notice of the public's "
        "rights was displayed.",
    ),
    (
        "Allotments waiting list",
        "There are six names on the waiting list. The Clerk was asked to write to the "
        "tenant of an uncultivated plot.",
    ),
    (
        "Bus shelter repairs",
        "A pane of the shelter by the church had been broken. The Clerk will obtain quotes "
        "for its repair and report to the next meeting.",
    ),
    (
        "Footpath by the brook",
        "The footpath is overgrown by the stile. The county council's rights of way officer "
        "has been asked to arrange clearance.",
    ),
)
# Said of any topic, after what it says: a minute runs to a few sentences.
FOLLOW_UPS = (
    "Cllr {member} proposed and Cllr {member2} seconded that the Clerk should act on this; "
    "all were in favour.",
    "The Clerk will report back at the next meeting.",
    "Cllr {member} reported that residents of {place} had raised the matter too.",
    "It was agreed to revisit the matter when the precept for next year is set.",
    "Cllr {member2} asked that the matter be included in the next village newsletter.",
    "The Chairman thanked the volunteers who had helped over the summer.",
    "A letter will be sent to the landowner asking for the hedge to be cut back.",
)
APPLICATIONS = (
    "Single storey rear extension at Rose Cottage",
    "Change of use of barn to holiday let at Home Farm",
    "Replacement windows at The Old Forge (listed building consent)",
    "Two dwellings on land off Church Lane",
    "Agricultural building at Brook Farm",
)
CLOSING = (
    ("Correspondence", "Correspondence", "Newsletter of the county association of councils."),
    ("Any Other Business", "Any Other Business", "A resident asked about a litter pick; agreed."),
)


@dataclass(frozen=True)
class ParishPapers:
    """The summons (with its agenda) and the minutes of one parish council meeting."""

    summons: SamplePack
    minutes: SamplePack


@dataclass(frozen=True)
class _Business:
    number: str  # on the agenda
    minute: str  # in the minutes
    title: str  # agenda title, without any list printed after it
    heading: str  # the minute's heading
    text: str
    payments: bool = False
    applications: tuple[str, ...] = ()  # planning applications listed under the item


def parish_papers(
    *,
    council_name: str = "Ambridge Parish Council",
    meeting_date: dt.date,
    start_time: str = "19:30",
    seed: int = 0,
    layout: str | None = None,
) -> ParishPapers:
    """The summons and minutes of a meeting of `council_name`, each with a description of
    what it prints. `layout` is "summons" or "notice" (default: chosen by `seed`)."""
    layout = layout or LAYOUTS[seed % len(LAYOUTS)]
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of: {', '.join(LAYOUTS)}")
    rng = rng_for("parish", council_name, meeting_date, seed)
    place = council_name.rsplit(" ", 2)[0]
    venue = f"{place} Village Hall"
    surnames = rng.sample(SURNAMES, rng.randint(6, 8) + 2)
    others = [f"{rng.choice(INITIALS)} {name}" for name in surnames]
    members, outsider, clerk = others[:-2], others[-2], others[-1]
    absent = rng.sample(members[1:], rng.choice([0, 1, 1, 2]))
    present = [m for m in members if m not in absent]
    business = _business(layout, meeting_date, place, present, absent, rng)
    if layout == "summons":
        printed_venue = venue if rng.random() < 0.5 else None
        summons = _summons(
            council_name, meeting_date, start_time, printed_venue, business, clerk, rng
        )
        minutes, listed = _summons_minutes(
            council_name, meeting_date, start_time, venue, present, outsider, business, rng
        )
        minutes_meeting = Meeting(council_name, meeting_date, start_time, venue)
    else:
        printed_venue = venue
        summons = _notice(council_name, meeting_date, start_time, venue, business, clerk, rng)
        minutes, listed = _notice_minutes(
            council_name, meeting_date, present, outsider, clerk, business, rng
        )
        minutes_meeting = Meeting(council_name, meeting_date, None, None)
    slug = "-".join(council_name.lower().split())
    when = plain_date(meeting_date)
    agenda = [AgendaItem(b.number, b.title, None) for b in business]
    return ParishPapers(
        summons=_pack(
            f"{slug}-{meeting_date.isoformat()}-agenda.pdf",
            summons,
            council_name,
            Meeting(council_name, meeting_date, start_time, printed_venue),
            agenda,
            Document("frontsheet", f"{council_name} agenda, {when}", 1, len(summons), None),
            [],
        ),
        minutes=_pack(
            f"{slug}-{meeting_date.isoformat()}-minutes.pdf",
            minutes,
            council_name,
            minutes_meeting,
            [],
            Document("minutes", f"{council_name} minutes, {when}", 1, len(minutes), None),
            [
                Minutes(
                    council_name,
                    meeting_date,
                    tuple(listed),
                    tuple(absent),
                    tuple(MinuteItem(b.minute, b.heading, None) for b in business),
                )
            ],
        ),
    )


def _pack(filename, pages, council, meeting, agenda, document, minutes) -> SamplePack:
    return SamplePack(
        filename=filename,
        pdf=render(pages, title=document.title, author=council),
        council=council,
        meeting=meeting,
        agenda=agenda,
        documents=[document],
        minutes=minutes,
        decisions=[],
        page_count=len(pages),
    )


def _business(layout, date, place, present, absent, rng) -> list[_Business]:
    """The meeting's items, numbered for the layout: running minute numbers on both the
    agenda and the minutes, or "1." on the agenda and "26.03.01" in the minutes."""
    member, member2 = rng.sample([name.split(" ", 1)[1] for name in present], 2)
    apologies = ", ".join(f"Cllr {name.split(' ', 1)[1]}" for name in absent)
    fill = {
        "place": place,
        "member": member,
        "member2": member2,
        "apologies": f"{apologies}." if absent else "None were received.",
        "current": f"£{rng.randrange(1500, 9000):,}.{rng.randrange(100):02d}",
        "deposit": f"£{rng.randrange(5000, 25000):,}.{rng.randrange(100):02d}",
    }
    if layout == "summons":
        opening = list(OPENING)
    else:
        opening = [
            ("To receive apologies for absence", "Apologies", "{apologies}"),
            (
                "To record declarations of interest in any item on the Agenda",
                "Register of Interests",
                "None declared.",
            ),
            (
                "To approve the minutes of the last meeting",
                "Minutes",
                "The minutes of the last meeting had been circulated and were signed as a "
                "true record.",
            ),
            (
                "To discuss matters arising from the minutes",
                "Matters Arising",
                "The Clerk had chased the repair of the gully outside the church.",
            ),
        ]
    chosen = [
        (title, title, f"{text} {' '.join(rng.sample(FOLLOW_UPS, rng.randint(1, 3)))}")
        for title, text in rng.sample(TOPICS, rng.randint(3, 6))
    ]
    rows = [*opening, *chosen]
    finance = len(rows) if layout == "notice" else 6
    payment = ("Finance", "Finance") if layout == "notice" else ("Accounts for payment",) * 2
    rows.insert(finance, (*payment, "The payments listed below were approved."))
    applications = ()
    if layout == "summons":
        rows.insert(finance + 1, ("Planning Applications", "Planning Applications", "{planning}"))
        applications = tuple(
            f"{date:%y}/{rng.randrange(100, 999):04d}/FUL – {what}"
            for what in rng.sample(APPLICATIONS, rng.randint(1, 3))
        )
        fill["planning"] = "The following were considered and no objection was raised."
    rows += list(CLOSING)
    first = rng.randrange(900, 2900)
    items = []
    for index, (title, heading, text) in enumerate(rows):
        if layout == "summons":
            number = minute = str(first + index)
        else:
            number, minute = str(index + 1), f"{date:%y}.{date:%m}.{index + 1:02d}"
        listed = applications if title == "Planning Applications" else ()
        items.append(
            _Business(number, minute, title, heading, text.format(**fill), index == finance, listed)
        )
    return items


def _payments(rng) -> list[tuple[str, str]]:
    return rng.sample(PAYEES, rng.randint(3, 5))


def _summons(council, date, start_time, venue, business, clerk, rng) -> list:
    flow = Flow()
    flow.centred(council.upper(), font=BOLD, size=16, leading=24)
    flow.space(6)
    flow.centred("To members of the Public and all Members of the Council")
    at = f" at {venue}" if venue else ""
    flow.centred(f"You are summoned to a meeting of the above Council{at}")
    flow.centred(f"on {date:%A} {ordinal(date.day)} {date:%B} {date.year} at {_clock(start_time)}")
    flow.space(10)
    flow.centred("AGENDA", font=BOLD, size=13, leading=18)
    flow.space(6)
    for item in business:
        suffix = ":-" if item.payments or item.applications else ""
        flow.paragraph(f"{item.number}. {item.title}{suffix}", after=1)
        if item.payments:
            for payee, amount in _payments(rng):
                flow.paragraph(f"{payee} {amount}", indent=36, after=1)
        for application in item.applications:
            flow.paragraph(application.split(" – ", 1)[1], indent=36, after=1)
    flow.space(14)
    flow.line(f"{clerk} (Clerk)")
    return _one_page(flow)


def _notice(council, date, start_time, venue, business, clerk, rng) -> list:
    flow = Flow()
    flow.line(f"Clerk : {clerk} Telephone : 01632 960{rng.randrange(100, 999)}", size=9)
    flow.space(10)
    for text in (
        council.upper(),
        f"MEETING TO BE HELD ON {date:%A},".upper(),
        f"{ordinal(date.day)} {f'{date:%B}'.upper()} {date.year} @ {_clock(start_time)}",
        venue.upper(),
    ):
        flow.centred(text, font=BOLD, size=14, leading=19)
    flow.space(10)
    flow.centred("AGENDA", font=BOLD, size=13, leading=18)
    flow.space(6)
    for item in business:
        if not item.payments:
            flow.paragraph(f"{item.number}. {item.title}", after=3)
            continue
        (payee, amount), *rest = _payments(rng)
        flow.paragraph(f"{item.number}. {item.title} - {payee} {amount}", after=1)
        for payee, amount in rest:
            flow.paragraph(f"{payee} {amount}", indent=60, after=1)
        flow.space(2)
    flow.space(10)
    following = date + dt.timedelta(weeks=8)
    flow.line(f"Date of the next meeting {ordinal(following.day)} {following:%B}")
    return _one_page(flow)


def _one_page(flow: Flow) -> list:
    if len(flow.pages) != 1:
        raise AssertionError("a parish summons fits on one page")
    return flow.pages


def _summons_minutes(council, date, start_time, venue, present, outsider, business, rng):
    """Tintern-style minutes; returns the pages and the names a reader counts present."""
    flow = Flow()
    flow.paragraph(council.upper(), font=BOLD, size=14, leading=18, after=4)
    flow.paragraph(
        f"Minutes of a meeting of the above Council held in {venue} on {date:%A} "
        f"{ordinal(date.day)} {date:%B} {date.year} at {_clock(start_time)}.",
        after=6,
    )
    chair, *rest = [name.split(" ", 1)[1] for name in present]
    title = rng.choice(["Mrs", "Mr"])
    flow.paragraph(
        f"Present: Chairman Cllr {title} {chair}, Cllrs {', '.join(rest)}, County Cllr "
        f"{outsider.split(' ', 1)[1]} and the Clerk. Members of the public – {rng.randint(2, 6)}.",
        after=10,
    )
    for item in business:
        flow.keep(LEADING * 2)
        flow.paragraph(f"{item.minute}. {item.heading}: {item.text}", after=3)
        if item.payments:
            for payee, amount in _payments(rng):
                flow.paragraph(f"{payee} - {amount}", indent=24, after=1)
            flow.space(3)
        for application in item.applications:
            flow.paragraph(f"{application} – no objection.", indent=24, after=1)
    _closing(flow, rng)
    return flow.pages, [f"Cllr {title} {chair}", *rest]


def _notice_minutes(council, date, present, outsider, clerk, business, rng):
    """Milburn-style minutes; returns the pages and the names a reader counts present."""
    flow = Flow()
    flow.paragraph(f"{council} - {ordinal(date.day)} {date:%B %Y}", font=BOLD, size=14, after=8)
    flow.paragraph("Present", font=BOLD, after=2)
    names = [f"{present[0]} (Chair)", *present[1:]]
    flow.paragraph(
        f"Councillors {', '.join(names[:-1])} and {names[-1]}, District Cllr {outsider}, "
        f"Clerk {clerk}",
        after=10,
    )
    for item in business:
        flow.keep(LEADING * 3)
        flow.paragraph(f"{item.minute} {item.heading}", font=BOLD, after=2)
        flow.paragraph(item.text, after=2)
        if item.payments:
            flow.paragraph("Invoices received :-", after=1)
            for payee, amount in _payments(rng):
                flow.paragraph(f"{payee} {amount}", indent=24, after=1)
            flow.paragraph("The Councillors resolved to pay all of the above.")
        flow.space(4)
    _closing(flow, rng)
    return flow.pages, list(present)


def _closing(flow: Flow, rng) -> None:
    flow.space(6)
    flow.paragraph(
        f"There being no further business the meeting closed at 9.{rng.randrange(10, 59)}pm."
    )
    flow.space(18)
    flow.line("Signed ...................................... (Chairman)")
    flow.line("Dated ......................................")


def _clock(start_time: str) -> str:
    """ "19:30" as "7.30pm", as parish clerks print it."""
    hours, minutes = (int(part) for part in start_time.split(":"))
    return f"{(hours - 1) % 12 + 1}.{minutes:02d}{'am' if hours < 12 else 'pm'}"
