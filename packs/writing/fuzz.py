"""A layout fuzzer: papers of councils the project has never seen, laid out at random,
each with the truth a person would read from it, to try the parser on layouts rather than
on one council's wording.

``fuzzed_paper(seed)`` draws one paper: minutes, an agenda (summons, notice, or a table
of fields) or a report, varied along what differs between councils and between clerks:
- a letterhead or none, plain, letter-spaced, shadowed, over an address, or beside the
  word "MINUTES";
- the heading's placement and line breaks: one line, two, or three centred lines (body,
  "held in" venue, "on" date), a raised "th", time and venue inline;
- attendance as prose, as columns of names with initials, or as a table under "Present |
  Apologies | Members of the Public", sometimes drawn after the text around it;
- numbering: "1.", "1", a council's running numbers, "24.10.01"; gaps; a lettered "10A";
  lists, planning references and a report's numbered paragraphs that are not items;
- header tables ("Meeting: | Cabinet", read across), running "Item N" banners and
  "Item N - Page k" or "Page | k" footers, a letter's own date at the right;
- Welsh beside English.

``judge(parsed, truth)`` scores a ``council-pack/1`` reading of it as the shared scoring
tool does (bodies and titles within 0.85 similarity) and says whether it got a wrong
meeting: a body or date given that is not the paper's. Pure Python (reportlab).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from .dates import ordinal
from .sheet import MARGIN, PAGE_W, Sheet

PLACES = (
    "Ashby Magna", "Borchester", "Felpersham", "Hollerton", "Wyle Cop", "Penny Hassett",
    "Darrington", "Loxley Barrett", "Edgeley", "Churcham", "Lower Sparrow", "Netherbourne",
    "Kettleby", "Hartsworth", "Great Amblecote", "Silverbeck", "Thornhaugh", "Merriwell",
    "Stow-on-the-Wold", "Newton-le-Moor", "Llanddewi Fach", "Cwm Tawel", "Pentre Isaf",
)  # fmt: skip
LOCAL = ("Parish Council", "Town Council", "Community Council", "Village Council")
PRINCIPAL = ("County Council", "District Council", "Borough Council", "City Council")
COMMITTEES = (
    "Planning Committee", "Finance and General Purposes Committee", "Cabinet",
    "Audit and Governance Committee", "Licensing Sub-Committee", "Health and Wellbeing Board",
    "Environment Scrutiny Panel", "Policy and Resources Committee", "Regulatory Committee",
    "Corporate Parenting Panel", "Highways and Transport Committee", "Schools Forum",
)  # fmt: skip
VENUES = (
    "Village Hall, {place}", "Council Chamber, Town Hall, {place}", "Reading Room, {place}",
    "Committee Room 2, Civic Centre, {place}", "Memorial Hall, {place}",
    "St Mary's Church Hall, {place}", "Community Centre, {place}", "Methodist Schoolroom",
)  # fmt: skip
FIRST = (
    "Alun", "Bethan", "Catherine", "David", "Eleanor", "Gareth", "Helen", "Ian", "Joan",
    "Kenneth", "Lowri", "Margaret", "Nigel", "Owen", "Patricia", "Rhys", "Sarah", "Thomas",
)  # fmt: skip
SURNAMES = (
    "Ashworth", "Beddoes", "Carey", "Dolan", "Evans", "Fairbrother", "Gwynne", "Hayward",
    "Jenkins", "Kellie", "Laing", "Morgan", "Noble", "Oakley", "Pritchard", "Quilter",
    "Rowlands", "Slater", "Tolley", "Vaughan", "Whitehead", "Yardley",
)  # fmt: skip
OPENING = (
    ("Apologies for absence", "Apologies were received from Cllr {other}."),
    ("Declarations of interest", "None were declared."),
    ("Minutes of the previous meeting", "The minutes were approved and signed as a true record."),
    ("Matters arising", "The Clerk reported that the footpath repairs had been completed."),
    ("Public participation", "Two residents spoke about parking near the school."),
)
TOPICS = (
    ("Finance report", "The current account stood at £{money}. Payments were approved."),
    ("Planning applications", "The council considered the applications listed below."),
    ("Highways and footpaths", "Potholes on Mill Lane are to be reported again."),
    ("Play area inspection", "The annual inspection found the equipment in good order."),
    ("Correspondence", "Letters from the county council were noted."),
    ("Grants to local groups", "A grant of £{money} to the youth club was agreed."),
    ("Risk assessment", "The risk register was reviewed and adopted."),
    ("Christmas lights", "Volunteers will put the lights up on the first Saturday."),
    ("Defibrillator", "The pads have been replaced and the cabinet checked."),
    ("Allotments", "Two plots are vacant and will be advertised."),
    ("Budget and precept", "The precept for next year was set at £{money}."),
    ("Website and communications", "The new website will go live next month."),
)
CLOSING = (
    ("Any other business", "Nothing further was raised."),
    ("Date of next meeting", "The next meeting will be held on {next}."),
)
WELSH = {
    "Apologies for absence": "Ymddiheuriadau",
    "Declarations of interest": "Datgan buddiant",
    "Minutes of the previous meeting": "Cofnodion y cyfarfod diwethaf",
    "Matters arising": "Materion yn codi",
    "Public participation": "Cyfranogiad y cyhoedd",
    "Any other business": "Unrhyw fater arall",
    "Date of next meeting": "Dyddiad y cyfarfod nesaf",
}
WELSH_TEXT = (
    "Cytunwyd i dderbyn yr adroddiad a diolchwyd i'r Clerc am ei gwaith.",
    "Nodwyd yr ohebiaeth gan yr aelodau a chytunwyd i ymateb yn y mis newydd.",
    "Bydd y Clerc yn ysgrifennu at yr awdurdod lleol ynghylch y mater hwn.",
)
LIST_MARKS = ("(a)", "(b)", "(c)", "i)", "ii)", "iii)")
SIMILAR = 0.85


@dataclass(frozen=True)
class Truth:
    """What a person reads from the paper: the meeting, its items, who was present."""

    kind: str  # minutes, agenda, report
    council: str
    body: str | None  # None: no one body is named (a paper for two meetings)
    date: str
    start_time: str | None
    venue: str | None
    items: tuple[tuple[str, str], ...] = ()  # (number, title)
    present: tuple[str, ...] = ()
    agenda_item: str | None = None  # of a report under a running "Item N" banner
    varied: dict = field(default_factory=dict, compare=False)  # the draws, for messages


@dataclass(frozen=True)
class FuzzedPaper:
    seed: int
    pdf: bytes
    truth: Truth


@dataclass
class Judgement:
    score: float
    wrong_meeting: bool
    parts: dict[str, float]


class Draw(random.Random):
    """The random draws that shape a paper. Each way a paper can vary is a named draw
    (``pick``, ``chance``), recorded in ``varied`` and fixed where the caller asks for it;
    the words and numbers are drawn as from any ``random.Random``."""

    def __init__(self, seed: int, fixed: dict) -> None:
        super().__init__(seed)
        self.fixed = fixed
        self.varied: dict = {}

    def pick(self, name: str, options: tuple):
        value = self.fixed[name] if name in self.fixed else self.choice(options)
        self.varied[name] = value
        return value

    def chance(self, name: str, probability: float) -> bool:
        value = self.fixed[name] if name in self.fixed else self.random() < probability
        self.varied[name] = value
        return value


def fuzzed_papers(count: int, seed: int = 0, **fixed) -> Iterator[FuzzedPaper]:
    """``count`` papers, the n-th drawn from ``seed`` and n: the same seed, the same papers.
    ``fixed`` holds draws to make the same in all of them (``kind="minutes"``)."""
    for n in range(count):
        yield fuzzed_paper(seed * 1_000_003 + n, **fixed)


def fuzzed_paper(seed: int, **fixed) -> FuzzedPaper:
    """One paper laid out at random, with its truth. ``fixed`` names draws to make rather
    than draw (``heading="three-lines"``, ``attendance="table"``); see ``Truth.varied``."""
    d = Draw(seed, fixed)
    kind = d.pick("kind", ("minutes",) * 5 + ("agenda",) * 3 + ("report",) * 2)
    writer = {"minutes": _minutes, "agenda": _agenda, "report": _report}[kind]
    font = d.pick("font", ("Helvetica", "Times-Roman"))
    sheet = Sheet(font=font, size=d.choice((10.5, 11.0, 12.0)))
    sheet.bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}[font]
    truth = writer(d, sheet)
    unknown = set(fixed) - set(d.varied)
    if unknown:
        raise ValueError(f"no such draw for a {kind} paper: {', '.join(sorted(unknown))}")
    return FuzzedPaper(seed, sheet.render(title=f"{kind} {seed}"), replace(truth, varied=d.varied))


# The meeting --------------------------------------------------------------------------


@dataclass
class _Meeting:
    council: str
    body: str  # the body as the paper names it
    local: bool  # a parish, town or community council, meeting as itself
    date: dt.date
    time: str  # HH:MM
    venue: str
    place: str


def _meeting(d: Draw) -> _Meeting:
    place = d.choice(PLACES)
    local = d.chance("local", 0.6)
    council = f"{place} {d.choice(LOCAL if local else PRINCIPAL)}"
    body = council if local else d.choice(COMMITTEES)
    date = dt.date(2017, 1, 2) + dt.timedelta(days=d.randrange(3200))
    time = d.choice(("19:00", "19:30", "18:30", "10:00", "14:00", "10:30"))
    venue = d.choice(VENUES).format(place=place)
    return _Meeting(council, body, local, date, time, venue, place)


def _date_words(d: Draw, day: dt.date) -> str:
    return d.choice(
        (
            f"{day:%A} {ordinal(day.day)} {day:%B} {day.year}",
            f"{day:%A}, {day.day} {day:%B} {day.year}",
            f"{day:%A}, {ordinal(day.day)} {day:%B}, {day.year}",
            f"{day.day} {day:%B} {day.year}",
            f"{ordinal(day.day)} {day:%B} {day.year}",
        )
    )


def _time_words(d: Draw, time: str) -> str:
    hours, minutes = (int(x) for x in time.split(":"))
    half = "am" if hours < 12 else "pm"
    twelve = (hours - 1) % 12 + 1
    return d.choice(
        (
            f"{twelve}.{minutes:02d}{half}",
            f"{twelve}.{minutes:02d} {half}",
            f"{twelve}:{minutes:02d} {half}",
        )
    )


def _people(d: Draw, count: int) -> list[str]:
    """``count`` different names, in the order drawn (the same in every process)."""
    names: list[str] = []
    while len(names) < count:
        name = f"{d.choice(FIRST)} {d.choice(SURNAMES)}"
        if name not in names:
            names.append(name)
    return names


def _letterhead(d: Draw, sheet: Sheet, council: str, beside: str = "") -> str:
    """Draw a letterhead, or none; say which."""
    styles = ("none", "plain", "spaced", "shadow", "address") + (("beside",) if beside else ())
    style = d.pick("letterhead", styles)
    if style == "none":
        return style
    if style == "beside":
        sheet.text(MARGIN, council, bold=True, size=sheet.size + 5)
        size = sheet.size + 5
        sheet.text(
            PAGE_W - MARGIN - sheet.width(beside, bold=True, size=size),
            beside,
            bold=True,
            size=size,
        )
        sheet.gap(size * 2)
        return style
    upper = council.upper() if d.random() < 0.6 else council
    sheet.line(
        upper,
        align="centre",
        bold=True,
        size=sheet.size + d.choice((3, 5, 8)),
        spacing=2.5 if style == "spaced" else 0.0,
        shadow=style == "shadow",
    )
    if style == "address":
        sheet.line(
            f"The Clerk, 4 Church Lane, {council.split(' ')[0]}",
            align="centre",
            size=sheet.size - 2,
        )
        sheet.line(
            "Tel: 01632 960123   Email: clerk@example.org.uk", align="centre", size=sheet.size - 2
        )
    sheet.gap(sheet.size)
    return style


def _furniture(d: Draw, sheet: Sheet, label: str, item: str | None = None) -> str:
    if item is None:
        style = d.pick("furniture", ("none", "page-bar", "page-of", "running", "version"))
    else:
        style = d.pick("furniture", ("item", "item-footer"))
    if style == "page-bar":
        sheet.footer = lambda n: f"Page | {n}"
    elif style == "page-of":
        sheet.footer = lambda n: f"Page {n} of 3"
    elif style == "running":
        sheet.footer = lambda n: f"{label} - Page {n}"
    elif style == "version":
        sheet.footer = lambda n: "Version 2.1 - Official"
    elif style in ("item", "item-footer"):
        sheet.header = lambda n: f"Item {item}"
        if style == "item-footer":
            sheet.footer = lambda n: f"Item {item} - Page {n}"
    return style


# Minutes --------------------------------------------------------------------------------


def _minutes(d: Draw, sheet: Sheet) -> Truth:
    m = _meeting(d)
    _furniture(d, sheet, f"Minutes {m.date:%d.%m.%Y}")
    with_letterhead = _letterhead(d, sheet, m.council, beside="MINUTES") != "none"
    if not m.local:
        headings = ("of-committee", "three-lines", "dash")
    elif with_letterhead:
        headings = ("held-on", "in-passing", "three-lines", "meeting-date", "dash", "above")
    else:
        headings = ("three-lines", "meeting-date", "dash")
    heading = d.pick("heading", headings)
    time_known, venue_known = _minutes_heading(d, sheet, m, heading)
    sides = ("english-left", "welsh-left") if m.local else ()
    welsh = d.pick("welsh", (None,) * 8 + sides)
    people = _people(d, d.randint(4, 9))
    present = _attendance(d, sheet, people, ("prose",) if welsh else ("prose", "columns", "table"))
    items = _minute_items(d, sheet, m, welsh)
    if d.chance("appended_report", 0.3):
        _appended_report(d, sheet)
    return Truth(
        kind="minutes",
        council=m.council,
        body=m.body,
        date=m.date.isoformat(),
        start_time=m.time if time_known else None,
        venue=m.venue if venue_known else None,
        items=tuple(items),
        present=tuple(present),
    )


def _minutes_heading(d: Draw, sheet: Sheet, m: _Meeting, heading: str) -> tuple[bool, bool]:
    """Draw the minutes' heading; say whether it prints the start time and the venue."""
    date, time = _date_words(d, m.date), _time_words(d, m.time)
    bold = d.random() < 0.7
    align = d.choice(("left", "centre"))
    if heading == "held-on":
        inline = d.chance("inline", 0.5)
        first = f"Minutes of a Meeting held on {date}"
        if inline:
            clock = d.choice((time, m.time.replace(":", ".")))
            sheet.line(f"{first} at {clock} in {m.venue}", align=align, bold=bold)
        else:
            sheet.line(first, align=align, bold=bold)
            sheet.line(f"at {time} in {m.venue}", align=align, bold=bold)
        return True, True
    if heading == "in-passing":
        kind = next(k for k in LOCAL if m.council.endswith(k))
        sheet.line(f"MINUTES OF THE {kind.upper()} MEETING HELD ON", align="centre", bold=True)
        sheet.line(date.upper(), align="centre", bold=True)
        sheet.gap(6)
        sheet.paragraph(f"A {kind} meeting was held in the {m.venue}, on {date}.")
        return False, True
    if heading == "three-lines":
        sheet.line(
            m.body.upper() if d.random() < 0.5 else m.body,
            align="centre",
            bold=True,
            size=sheet.size + 2,
        )
        sheet.line(f"held in the {m.venue}", align="centre", bold=bold)
        if d.chance("raised", 0.5):
            day = m.date
            sheet.raised(
                [
                    (f"on {day:%A} {day.day}", False),
                    (ordinal(day.day)[-2:], True),
                    (f" {day:%B} {day.year} at {time}", False),
                ],
                bold=bold,
            )
        else:
            sheet.line(f"on {date} at {time}", align="centre", bold=bold)
        return True, True
    if heading == "meeting-date":
        day = m.date
        sheet.line(m.body.upper(), align="centre", bold=True)
        sheet.raised(
            [
                (f"MEETING {day.day}", False),
                (ordinal(day.day)[-2:].upper(), True),
                (f" {day:%B} {day.year}".upper(), False),
            ],
            bold=True,
        )
        sheet.gap(4)
        sheet.paragraph(
            f"{m.body} held their meeting at {time} on the {ordinal(day.day)} {day:%B} {day.year} "
            f"at the {m.venue}."
        )
        return True, True
    if heading == "dash":
        sheet.line(f"{m.body} - {date}", align=align, bold=bold, size=sheet.size + 1)
        return False, False
    if heading == "above":
        sheet.paragraph(
            f"Minutes of a meeting of the above Council held in the {m.venue} on {date} at {time}.",
            bold=bold,
        )
        return True, True
    text = f"Minutes of the meeting of the {m.body} held in the {m.venue} on {date} at {time}"
    sheet.paragraph(text, bold=bold)
    return True, True


def _attendance(d: Draw, sheet: Sheet, present: list[str], styles: tuple) -> list[str]:
    """Draw who was present; give the names as printed."""
    style = d.pick("attendance", styles)
    late = d.chance("late", 0.3)
    sheet.late = late
    top = sheet.y
    if style == "prose":
        names = ", ".join(f"Cllr {n}" for n in present[:-1]) + f" and Cllr {present[-1]}"
        sheet.paragraph(f"Present: {names}, and {d.choice(FIRST)} {d.choice(SURNAMES)}, Clerk.")
    elif style == "columns":
        pairs = [present[i : i + 2] for i in range(0, len(present), 2)]
        for k, pair in enumerate(pairs):
            cells = [(MARGIN, "Present:" if k == 0 else "")]
            for j, name in enumerate(pair):
                initials = "".join(w[0] for w in name.split())
                cells += [(MARGIN + 80 + 200 * j, name), (MARGIN + 200 + 200 * j, initials)]
            sheet.row(cells)
    else:
        public = d.randint(0, 4)
        apologies = _people(d, 2)
        ruled = d.random() < 0.5
        sheet.row(
            [
                (MARGIN, "Present"),
                (MARGIN + 170, "Apologies"),
                (MARGIN + 320, "Members of the Public"),
            ],
            bold=True,
            ruled=ruled,
        )
        for k, name in enumerate(present):
            other = apologies[k] if k < len(apologies) else ""
            crowd = str(public) if k == 0 else ""
            sheet.row(
                [(MARGIN, f"Cllr {name}"), (MARGIN + 170, other), (MARGIN + 320, crowd)],
                ruled=ruled,
            )
    sheet.late = False
    if late:  # the text under the attendance is laid out as if drawn in its place
        sheet.y = min(sheet.y, top - sheet.leading)
    sheet.gap(sheet.size)
    return present if style == "columns" else [f"Cllr {name}" for name in present]


def _minute_items(d: Draw, sheet: Sheet, m: _Meeting, welsh: str | None) -> list[tuple[str, str]]:
    style = d.pick("numbering", ("dot", "plain", "running", "dotted"))
    topics = d.sample(TOPICS, d.randint(2, 6))
    business = list(OPENING[: d.randint(3, 5)]) + topics + list(CLOSING)
    start = {"dot": 1, "plain": 1, "running": d.randint(120, 2900), "dotted": 1}[style]
    gaps = style in ("running", "dotted") and d.chance("gap", 0.5)
    gap_at = d.randrange(3, len(business)) if gaps else -1
    letter_at = d.randrange(3, len(business) - 1) if d.chance("lettered", 0.2) else -1
    numbers = []
    n = start
    for k in range(len(business)):
        if k == gap_at:
            n += d.randint(1, 2)
        numbers.append(str(n))
        n += 1
        if k == letter_at:
            numbers.append(f"{n - 1}A")
    if letter_at >= 0:
        business.insert(letter_at + 1, ("Risk assessment review", "The review was adopted."))
    items = []
    bold = d.random() < 0.7
    caps = d.random() < 0.25
    other = _people(d, 1)[0]
    for number, (title, text) in zip(numbers, business, strict=True):
        shown = {
            "dot": f"{number}.",
            "plain": number,
            "running": f"{number}.",
            "dotted": _dotted(m.date, number),
        }[style]
        label = title.upper() if caps else title
        items.append((shown.rstrip("."), label))
        body = text.format(
            other=other,
            money=f"{d.randint(100, 9000):,}.{d.randint(0, 99):02d}",
            next=_date_words(d, m.date + dt.timedelta(days=28)),
        )
        sheet.need(sheet.leading * 4)
        if welsh:
            english = [f"{shown} {label}", body]
            cymraeg = [f"{shown} {WELSH.get(title, title)}", d.choice(WELSH_TEXT)]
            if welsh == "welsh-left":
                english, cymraeg = cymraeg, english
            sheet.columns(english, cymraeg)
            continue
        indent = 44 if style in ("dot", "plain") else 64
        sheet.row([(MARGIN, shown), (MARGIN + indent, label)], bold=bold)
        sheet.paragraph(body, x=MARGIN + indent)
        if title == "Planning applications" or d.random() < 0.15:
            for k in range(d.randint(2, 3)):
                ref = f"{m.date:%y}/{d.randint(100, 999):04d}/FUL"
                mark = f"{k + 1}." if d.random() < 0.5 else LIST_MARKS[k]
                sheet.paragraph(
                    f"{mark} {ref} - Erection of a single storey extension at "
                    f"{d.randint(1, 90)} High Street",
                    x=MARGIN + 60,
                )
    sheet.gap(sheet.size)
    sheet.paragraph("Signed ........................ Chairman      Date ..................")
    return items


def _dotted(date: dt.date, number: str) -> str:
    digits = re.match(r"\d+", number)[0]
    return f"{date:%y}.{date:%m}.{int(digits):02d}{number[len(digits) :]}"


def _appended_report(d: Draw, sheet: Sheet) -> None:
    sheet.new_page()
    sheet.line("APPENDIX A - REPORT OF THE CLERK", bold=True)
    for k in range(1, d.randint(6, 12)):
        sheet.paragraph(
            f"{k}. The Clerk reports that the work set out in the annual plan is on schedule "
            "and within budget for this quarter."
        )


# Agendas --------------------------------------------------------------------------------


def _agenda(d: Draw, sheet: Sheet) -> Truth:
    m = _meeting(d)
    _furniture(d, sheet, "Agenda")
    with_letterhead = _letterhead(d, sheet, m.council) != "none"
    issued = m.date - dt.timedelta(days=d.randint(5, 9))
    if d.chance("letter_date", 0.5):
        sheet.line(_date_words(d, issued), align="right")
        sheet.gap(sheet.size)
    form = d.pick("form", ("summons", "notice", "extraordinary", "fields", "heading"))
    date, time = _date_words(d, m.date), _time_words(d, m.time)
    above = m.local and form == "summons" and with_letterhead
    name = "the above Council" if above else m.body
    if form == "summons":
        sheet.paragraph("Dear Councillor,")
        sheet.paragraph(
            f"You are hereby summoned to attend a meeting of {name} to be held at the "
            f"{m.venue} on {date} at {time} to transact the business below."
        )
    elif form == "notice":
        sheet.paragraph(
            f"NOTICE IS HEREBY GIVEN that a meeting of the {m.body} will be held in the "
            f"{m.venue} on {date} at {time}."
        )
    elif form == "extraordinary":
        sheet.paragraph(
            f"An extraordinary meeting of the {m.body} will be held in the {m.venue} on "
            f"{date}, commencing at {time}."
        )
    elif form == "fields":
        ruled = d.random() < 0.5
        across = d.random() < 0.4
        if across:
            sheet.row(
                [
                    (MARGIN, "Meeting:"),
                    (MARGIN + 70, m.body),
                    (MARGIN + 300, "Date:"),
                    (MARGIN + 345, date),
                ],
                ruled=ruled,
            )
        else:
            sheet.row([(MARGIN, "Meeting:"), (MARGIN + 90, m.body)], ruled=ruled)
            sheet.row([(MARGIN, "Date:"), (MARGIN + 90, date)], ruled=ruled)
        sheet.row([(MARGIN, "Time:"), (MARGIN + 90, time)], ruled=ruled)
        sheet.row([(MARGIN, "Venue:"), (MARGIN + 90, m.venue)], ruled=ruled)
    else:
        sheet.line(m.body.upper(), align="centre", bold=True, size=sheet.size + 4)
        sheet.line(f"{date} at {time}", align="centre", bold=True)
        sheet.line(m.venue, align="centre")
    sheet.gap(sheet.size)
    sheet.line("AGENDA", align=d.choice(("left", "centre")), bold=True)
    items = _agenda_items(d, sheet)
    sheet.gap(sheet.size)
    sheet.line(f"{d.choice(FIRST)} {d.choice(SURNAMES)}")
    sheet.line("Clerk to the Council")
    sheet.line(f"Date: {_date_words(d, issued)}")
    return Truth(
        kind="agenda",
        council=m.council,
        body=m.council if name == "the above Council" else m.body,
        date=m.date.isoformat(),
        start_time=m.time,
        venue=m.venue,
        items=tuple(items),
    )


def _agenda_items(d: Draw, sheet: Sheet) -> list[tuple[str, str]]:
    table = d.chance("agenda_table", 0.3)
    titles = [f"To receive {t[0].lower()}" for t in OPENING[:3]]
    titles += [f"To consider the {t[0].lower()}" for t in d.sample(TOPICS, d.randint(2, 6))]
    titles += ["To receive items for the next agenda"]
    items = []
    for k, title in enumerate(titles, start=1):
        items.append((str(k), title))
        if table:
            sheet.row([(MARGIN, f"{k}."), (MARGIN + 40, title)], ruled=True)
        else:
            sheet.row([(MARGIN, f"{k}."), (MARGIN + 30, title)])
        if "planning" in title and d.random() < 0.7:
            for j in range(d.randint(2, 3)):
                sheet.paragraph(
                    f"{j + 1}. 24/{d.randint(1000, 9999)}/HH - Extension at "
                    f"{d.randint(1, 60)} Church Street",
                    x=MARGIN + 50,
                )
    return items


# Reports --------------------------------------------------------------------------------


def _report(d: Draw, sheet: Sheet) -> Truth:
    m = _meeting(d)
    item = str(d.randint(4, 14)) if d.chance("item_banner", 0.6) else None
    _furniture(d, sheet, "Report", item)
    _letterhead(d, sheet, m.council)
    title = d.choice(
        (
            "Annual Budget Monitoring",
            "Highways Asset Management Plan",
            "Review of Polling Places",
            "Play Area Strategy",
        )
    )
    date = _date_words(d, m.date)
    header = d.pick("header", ("table", "across", "lines", "report-to", "two-meetings"))
    body: str | None = m.body
    if header == "table":
        for label, value in (
            ("Meeting:", m.body),
            ("Date:", date),
            ("Title:", title),
            ("Report of:", "Director of Place"),
        ):
            sheet.row([(MARGIN, label), (MARGIN + 110, value)], ruled=d.random() < 0.5)
    elif header == "across":
        sheet.row(
            [
                (MARGIN, "Meeting:"),
                (MARGIN + 65, m.body),
                (MARGIN + 300, "Date:"),
                (MARGIN + 340, date),
            ],
            ruled=True,
        )
        sheet.line(title, bold=True)
    elif header == "lines":
        sheet.line(m.body, bold=True, size=sheet.size + 2)
        sheet.line(date, bold=True)
        sheet.line(title, bold=True, size=sheet.size + 2)
        if d.chance("report_by", 0.5):
            sheet.line("Report by the Director of Place")
    elif header == "report-to":
        sheet.line(f"Report to: {m.body}")
        sheet.line(f"Date of meeting: {date}")
        sheet.line(f"Subject: {title}")
    else:
        other = "Council" if m.body == "Cabinet" else "Cabinet"
        sheet.row([(MARGIN, "Meeting:"), (MARGIN + 110, m.body)])
        sheet.row([(MARGIN + 110, other)])
        sheet.row([(MARGIN, "Date:"), (MARGIN + 110, date)])
        sheet.row([(MARGIN, "Title:"), (MARGIN + 110, title)])
        body = None
    sheet.gap(sheet.size)
    for k in range(1, d.randint(5, 14) + (30 if item else 0)):
        sheet.paragraph(
            f"1.{k} This report sets out the position at the end of the quarter and the steps "
            "proposed for the year ahead, including the costs and the risks."
        )
    return Truth(
        kind="report",
        council=m.council,
        body=body,
        date=m.date.isoformat(),
        start_time=None,
        venue=None,
        agenda_item=item,
    )


# Judging a reading --------------------------------------------------------------------


def judge(parsed: dict, truth: Truth) -> Judgement:
    """Score a ``council-pack/1`` reading of a fuzzed paper against its truth."""
    meeting = parsed.get("meeting") or {}
    got_body, got_date = meeting.get("body"), meeting.get("date")
    wrong = bool(got_date and got_date != truth.date) or bool(
        got_body and not (truth.body and _similar(truth.body, got_body))
    )
    checks = [
        _similar(truth.body, got_body) if truth.body else not got_body,
        got_date == truth.date,
    ]
    if truth.start_time:
        checks.append(meeting.get("start_time") == truth.start_time)
    if truth.venue:
        checks.append(_similar(truth.venue, meeting.get("venue")))
    parts = {"meeting": sum(checks) / len(checks)}
    if truth.kind == "minutes":
        minutes = (parsed.get("minutes") or [{}])[0]
        parts["items"] = _items_f1(truth.items, minutes.get("items") or [])
        present = {_norm(n) for n in minutes.get("present") or []}
        expected = {_norm(n) for n in truth.present}
        parts["present"] = _f1(len(present & expected), len(present), len(expected))
    elif truth.kind == "agenda":
        parts["items"] = _items_f1(truth.items, parsed.get("agenda") or [])
    elif truth.agenda_item:
        documents = parsed.get("documents") or [{}]
        parts["agenda_item"] = float(documents[0].get("agenda_item") == truth.agenda_item)
    return Judgement(sum(parts.values()) / len(parts), wrong, parts)


def _items_f1(expected: tuple[tuple[str, str], ...], got: list[dict]) -> float:
    by_number = {_norm(i.get("number")): i for i in got}
    correct = sum(
        1
        for number, title in expected
        if _norm(number) in by_number and _similar(title, by_number[_norm(number)].get("title"))
    )
    return _f1(correct, len(got), len(expected))


def _f1(correct: int, predicted: int, expected: int) -> float:
    if expected == predicted == 0:
        return 1.0
    if correct == 0:
        return 0.0
    precision, recall = correct / predicted, correct / expected
    return 2 * precision * recall / (precision + recall)


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\u2013", "-").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _similar(a: str | None, b: str | None) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= SIMILAR)
