"""Write each kind of pack document onto a Flow: front sheet, letter, minutes, reports,
decision records, appendices and restricted-item placeholders."""

import datetime as dt

from .council import (
    ADDRESS,
    CHIEF_EXECUTIVE,
    CLERK,
    COUNCIL_CAPS,
    DOMAIN,
    ENQUIRIES,
    MONITORING_OFFICER,
    VENUE,
    Committee,
)
from .dates import clock, day_date, long_date, plain_date
from .glyphs import BOLD
from .layout import BODY_W, LEADING, PAGE_H, SIZE, Flow
from .model import MinuteItem, Minutes
from .plan import Item
from .prose import SECTIONS, TOPICS, Writer

KV = [BODY_W * 0.3, BODY_W * 0.7]
EXCLUSION = (
    "To resolve that the public be excluded from the meeting during the following item of "
    "business, as it is likely, in view of the nature of the business to be transacted or the "
    "nature of the proceedings, that if members of the public were present during this item "
    "there would be disclosure to them of exempt information within Paragraph {paragraph} of "
    "Part 1 of Schedule 12A to the Local Government Act 1972, and further that in all the "
    "circumstances of the case, the public interest in maintaining the exemption outweighs "
    "the public interest in disclosing the information."
)


def email(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first}.{last.replace(' ', '')}@{DOMAIN}".lower()


def phone(name: str) -> str:
    return f"01632 960{sum(map(ord, name)) % 900 + 100}"


def kv(flow: Flow, label: str, value: str) -> None:
    flow.row([label, value], KV, fonts=[BOLD, "SP-Helvetica"], after=3)


def front_sheet(
    flow: Flow,
    committee: Committee,
    date: dt.date,
    start_time: str,
    items: list[Item],
    pages: dict[str, tuple[int, int] | None],
    *,
    undated: bool = False,
) -> None:
    """The notice of meeting and agenda, citing each item's printed page range; an
    ``undated`` one leaves the date out, as a misprint would."""
    flow.page.stamp = "Public Document Pack"
    flow.paragraph(COUNCIL_CAPS, font=BOLD, size=16, leading=20)
    flow.paragraph("NOTICE OF MEETING", font=BOLD, size=14, leading=18, after=10)
    kv(flow, "Meeting", committee.name)
    when = f"at {clock(start_time)}" if undated else f"{long_date(date)} at {clock(start_time)}"
    kv(flow, "Date and Time", when)
    kv(flow, "Place", VENUE)
    kv(flow, "Enquiries to", ENQUIRIES)
    flow.space(8)
    for text in (CHIEF_EXECUTIVE, "Chief Executive", ADDRESS):
        flow.line(text)
    flow.space(8)
    flow.heading("FILMING AND BROADCAST NOTIFICATION")
    flow.paragraph(
        "This meeting may be recorded and broadcast live on the County Council's website. The "
        "meeting may also be recorded and broadcast by the press and members of the public – "
        "please see the Filming Protocol available on the County Council's website."
    )
    flow.heading("AGENDA", size=14)
    excluded = False
    for item in items:
        if item.kind == "exempt" and not excluded:
            excluded = True
            flow.heading("Exclusion of the Press and Public")
            flow.paragraph("Recommendation:")
            flow.paragraph(EXCLUSION.format(paragraph=item.paragraph))
        span = pages.get(item.number)
        flow.keep(LEADING * 3)
        flow.paragraph(
            f"{item.heading}{page_reference(span)}",
            font=BOLD,
            prefix=f"{item.number}.",
            hang=26,
            after=2,
        )
        description = "Report to follow." if item.number in pages and span is None else ""
        flow.paragraph(description or item.description, indent=26, after=8)
    flow.heading("ABOUT THIS AGENDA:")
    flow.paragraph(
        "On request, this agenda can be provided in alternative versions (such as large print, "
        "Braille or audio) and in alternative languages."
    )
    flow.heading("ABOUT THIS MEETING:")
    flow.paragraph(
        "The press and public are welcome to attend the public sessions of the meeting. If you "
        f"have any particular requirements, for example if you require wheelchair access, "
        f"please contact {ENQUIRIES} for assistance."
    )


def page_reference(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    first, last = span
    return f" (Page {first})" if first == last else f" (Pages {first} - {last})"


def covering_letter(
    flow: Flow,
    committee: Committee,
    date: dt.date,
    items: list[Item],
    pages: dict[str, tuple[int, int]],
) -> None:
    """A supplementary pack's covering letter listing the enclosed items; for exempt
    items, the letter that sends their papers to members only, saying why."""
    flow.paragraph(COUNCIL_CAPS, font=BOLD, size=14, leading=18)
    flow.paragraph(f"Democratic Services, {ADDRESS}", after=12)
    clerk, clerk_phone = CLERK
    kv(flow, "Ask for:", clerk)
    kv(flow, "Direct Dial/Ext:", clerk_phone)
    kv(flow, "e-mail:", email(clerk))
    kv(flow, "Date:", plain_date(date - dt.timedelta(days=4)))
    flow.space(12)
    flow.paragraph("Dear Member", after=10)
    flow.paragraph(f"{committee.name.upper()} - {day_date(date).upper()}", font=BOLD, after=10)
    plural = "s" if len(items) > 1 else ""
    exempt = all(item.kind == "exempt" for item in items)
    if exempt:
        flow.paragraph(
            f"I enclose, for members only, the following exempt report{plural} for the "
            f"meeting of the {committee.name} on {day_date(date)}. "
            f"{'They are' if plural else 'It is'} not for publication and must not be "
            "shared.",
            after=10,
        )
    else:
        flow.paragraph(
            f"I am now able to enclose, for consideration at the meeting of the "
            f"{committee.name} on {day_date(date)}, the following report{plural} that "
            f"{'were' if plural else 'was'} unavailable when the agenda was printed.",
            after=10,
        )
    widths = [BODY_W * 0.25, BODY_W * 0.75]
    flow.row(["Agenda Item No", ""], widths, fonts=[BOLD, BOLD], after=4)
    if exempt:
        flow.paragraph(
            "EXEMPT ITEMS - not for publication by virtue of paragraph "
            f"{items[0].paragraph or 3} of Part 1 of Schedule 12A to the Local Government "
            "Act 1972",
            font=BOLD,
            after=6,
        )
    for item in items:
        flow.row(
            [item.number, f"{item.title}{page_reference(pages[item.number])}"], widths, after=6
        )
    flow.space(12)
    flow.paragraph("Yours sincerely", after=24)
    name, role = MONITORING_OFFICER
    flow.line(name)
    flow.line(role)


def minutes(
    flow: Flow, committee: Committee, date: dt.date, items: list[Item], writer: Writer
) -> Minutes:
    """Minutes of the meeting on `date` that considered `items`."""
    rng = writer.rng
    members = list(committee.members)
    absent = rng.sample(members[1:], rng.choice([0, 1, 1, 2]))
    present = [m for m in members if m not in absent]
    if committee.grid_minutes:
        _grid_attendance(flow, committee, date, members, absent)
    else:
        _present_attendance(flow, committee, date, present, absent)
    number = _first_minute(date)
    entries: list[MinuteItem] = []
    for item in items:
        if item.kind == "exempt":
            title = _minute_title(committee, "Exclusion of the Press and Public")
            _minute(flow, f"{number}. {title}", None)
            flow.paragraph(f"RESOLVED: {EXCLUSION.format(paragraph=item.paragraph)}")
            entries.append(MinuteItem(str(number), title, None))
            number += 1
        title = _minute_title(committee, item.title)
        _minute(flow, f"{number}. {title}", item.number)
        for text in _minute_text(committee, item, absent, writer):
            flow.paragraph(text)
        entries.append(MinuteItem(str(number), title, item.number))
        number += 1
    flow.space(12)
    flow.paragraph(f"The meeting ended at {clock(f'{rng.randint(11, 15)}:{rng.randrange(60)}')}.")
    flow.space(18)
    flow.line("Chairman,")
    return Minutes(committee.name, date, tuple(present), tuple(absent), tuple(entries))


def exempt_minutes(
    flow: Flow, committee: Committee, date: dt.date, items: list[Item], text: str
) -> Minutes:
    """The exempt minutes of the meeting on `date`: its exempt item, minuted with `text`."""
    exempt = next(item for item in items if item.kind == "exempt")
    flow.paragraph(
        f"EXEMPT MINUTES of a meeting of the {committee.name} held in the {VENUE} on "
        f"{day_date(date)}.",
        after=10,
    )
    flow.paragraph(
        f"Not for publication: exempt under Paragraph {exempt.paragraph} of Part 1 of "
        "Schedule 12A to the Local Government Act 1972.",
        after=10,
    )
    number = _first_minute(date) + len(items) + 1
    title = _minute_title(committee, exempt.title)
    _minute(flow, f"{number}. {title}", exempt.number)
    flow.paragraph(text)
    flow.space(18)
    flow.line("Chairman,")
    return Minutes(committee.name, date, (), (), (MinuteItem(str(number), title, exempt.number),))


def _first_minute(date: dt.date) -> int:
    from .plan import first_minute

    return first_minute(date)


def _minute_title(committee: Committee, title: str) -> str:
    return title.upper() if committee.caps_minutes else title


def _minute(flow: Flow, heading: str, item: str | None) -> None:
    flow.keep(LEADING * 4)
    flow.paragraph(heading, font=BOLD, after=1 if item else 4)
    if item:
        flow.paragraph(f"(Item {item})", after=4)


def _grid_attendance(
    flow: Flow, committee: Committee, date: dt.date, members: list[str], absent: list[str]
) -> None:
    flow.paragraph(
        f"AT A MEETING of the {committee.name} of {COUNCIL_CAPS} held at Shire Hall, Borchester "
        f"on {long_date(date)}",
        after=10,
    )
    mark = {m: ("  " if m in absent else "* ") + m for m in members}
    flow.paragraph("Chairman:", after=2)
    flow.paragraph(mark[members[0]], after=8)
    rest = members[1:]
    half = (len(rest) + 1) // 2
    right_column = rest[half:] + [""] * (2 * half - len(rest))
    for left, right in zip(rest[:half], right_column, strict=True):
        flow.row([mark[left], mark.get(right, "")], [BODY_W / 2, BODY_W / 2], after=0)
    flow.space(10)


def _present_attendance(
    flow: Flow, committee: Committee, date: dt.date, present: list[str], absent: list[str]
) -> None:
    flow.paragraph(
        f"MINUTES of a meeting of the {committee.name} held in the {VENUE} on {day_date(date)}.",
        after=10,
    )
    names = [f"{present[0]} (Chairman)", *present[1:]]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    flow.paragraph(f"PRESENT: {listed}", after=8)
    if absent:
        flow.paragraph(f"APOLOGIES: {' and '.join(absent)}", after=8)
    officer, _ = CLERK
    flow.paragraph(f"IN ATTENDANCE: {officer} (Democratic Services Officer)", after=10)


def _minute_text(committee: Committee, item: Item, absent: list[str], writer: Writer) -> list[str]:
    body = committee.name
    if item.number == "1":
        if absent:
            return [f"Apologies were received from {' and '.join(absent)}."]
        return ["All Members were present and no apologies were noted."]
    if item.number == "2":
        return ["No declarations of interest were made."]
    if item.kind == "minutes":
        return [
            "RESOLVED that the minutes of the previous meeting be confirmed as a correct "
            "record and signed by the Chairman."
        ]
    if item.number == "4":
        return ["No requests to make a deputation had been received."]
    if item.number == "5":
        return [
            f"The Chairman thanked officers for their work on the {writer.fill('{place}')} "
            "community event and welcomed the new Director of Public Health."
        ]
    if item.kind == "exempt":
        return [
            f"The {body} considered the exempt report of the {item.director} and agreed "
            "the recommendations set out in the exempt minute."
        ]
    topic = TOPICS[item.topic]
    text = [
        f"The {body} received a report of the {item.director} entitled “{item.title}”.",
        writer.paragraph(topic, 3),
    ]
    if committee.executive:
        text.append(
            "The recommendations in the report were proposed and agreed. The decision "
            "record is attached."
        )
    else:
        text.append(f"RESOLVED that the {body} {writer.recommendations(topic)[0]}.")
    return text


def report(flow: Flow, committee: Committee, date: dt.date, item: Item, writer: Writer) -> None:
    """A report with a Hampshire-style header block, recommendations and sections."""
    topic = TOPICS[item.topic]
    flow.paragraph(COUNCIL_CAPS, font=BOLD, size=13, leading=17, after=2)
    flow.paragraph(
        "Decision Report" if committee.executive else "Report",
        font=BOLD,
        size=13,
        leading=17,
        after=10,
    )
    kv(flow, "Decision Maker:", committee.name)
    kv(flow, "Date:", plain_date(date))
    kv(flow, "Title:", item.title)
    kv(flow, "Report From:", item.director)
    if item.reference:
        kv(flow, "Decision No:", item.reference)
        kv(flow, "Key Decision:", "Yes" if item.key else "No")
    flow.space(6)
    flow.paragraph(f"Contact name: {item.contact}", after=2)
    flow.paragraph(f"Tel: {phone(item.contact)}", after=2)
    flow.paragraph(f"Email: {email(item.contact)}", after=8)
    flow.heading("1. Recommendations")
    flow.paragraph(f"It is recommended that the {committee.name}:", prefix="1.1", hang=36)
    for letter, text in zip("abcdefgh", writer.recommendations(topic), strict=False):
        flow.paragraph(
            f"{text[0].upper()}{text[1:]}.", prefix=f"{letter})", hang=22, indent=36, after=3
        )
    flow.heading("2. Executive Summary")
    _numbered(flow, 2, [writer.paragraph(topic) for _ in range(2)])
    for n, name in enumerate(_section_names(item, writer), start=3):
        flow.heading(f"{n}. {name}")
        _numbered(flow, n, [writer.paragraph(topic) for _ in range(writer.rng.randint(2, 4))])
    flow.heading("REQUIRED CORPORATE AND LEGAL INFORMATION:")
    flow.paragraph("Links to previous Member decisions:", font=BOLD)
    widths = [BODY_W * 0.7, BODY_W * 0.3]
    flow.row(["Title", "Date"], widths, fonts=[BOLD, BOLD], after=1)
    for _ in range(2):
        earlier = date - dt.timedelta(days=writer.rng.randrange(60, 700))
        title = writer.fill(writer.rng.choice(topic.titles))
        flow.row([title, plain_date(earlier)], widths, after=1)
    flow.heading("EQUALITIES IMPACT ASSESSMENT:")
    flow.paragraph(
        writer.fill(
            "The council has had regard to its duties under the Equality Act 2010. An equality "
            "impact assessment was completed in {month} and is available on request."
        )
    )


def _section_names(item: Item, writer: Writer) -> list[str]:
    names = list(SECTIONS)
    writer.rng.shuffle(names)
    out = [names[i % len(names)] for i in range(item.sections)]
    return [n if i < len(names) else f"{n} (continued)" for i, n in enumerate(out)]


def _numbered(flow: Flow, section: int, paragraphs: list[str]) -> None:
    for i, text in enumerate(paragraphs, start=1):
        flow.paragraph(text, prefix=f"{section}.{i}", hang=36)


def appendix(
    flow: Flow, letter: str, title: str, item: Item, writer: Writer, *, heading: bool = True
) -> None:
    """An appendix: a heading and a table of figures, with a short commentary."""
    topic = TOPICS[item.topic]
    if heading:
        flow.paragraph(f"Appendix {letter}", font=BOLD, size=13, leading=17, after=2)
    flow.paragraph(title, font=BOLD, size=12, leading=16, after=10)
    columns = len(topic.columns)
    widths = [BODY_W * 0.34] + [BODY_W * 0.66 / (columns - 1)] * (columns - 1)
    for n in range(1, 2 + item.sections // 2):
        flow.heading(f"Table {n}: {year_label(writer.year + n - 1)}", size=SIZE)
        flow.row(
            list(topic.columns),
            widths,
            fonts=[BOLD] * columns,
            size=SIZE - 1,
            leading=LEADING - 1,
            after=2,
        )
        for cells in writer.table(topic):
            flow.row(cells, widths, size=SIZE - 1, leading=LEADING - 1, after=1)
        flow.space(8)
        flow.paragraph(writer.paragraph(topic))


def year_label(year: int) -> str:
    """ "2025/26"."""
    return f"{year}/{(year + 1) % 100:02d}"


def proposed_record(flow: Flow, committee: Committee, item: Item, writer: Writer) -> None:
    """A proposed record of decision (Kent style), attached to the report."""
    topic = TOPICS[item.topic]
    flow.paragraph(
        f"{COUNCIL_CAPS} – PROPOSED RECORD OF DECISION", font=BOLD, size=12, leading=16, after=8
    )
    for label, value in (
        ("DECISION TO BE TAKEN BY:", committee.name),
        ("DECISION NO:", item.reference),
    ):
        flow.paragraph(label, font=BOLD, after=1)
        flow.paragraph(value, after=6)
    flow.paragraph("For publication", after=6)
    flow.paragraph(f"Key decision: {'YES' if item.key else 'NO'}", font=BOLD, after=6)
    if item.key:
        flow.paragraph(
            "Key decision criteria. The decision will result in savings or expenditure which "
            "is significant having regard to the budget for the service or function, or be "
            "significant in terms of its effects on communities living or working in two or "
            "more electoral divisions.",
            size=SIZE - 1,
            leading=LEADING - 1,
        )
    flow.paragraph("Subject Matter / Title of Decision", font=BOLD, after=1)
    flow.paragraph(item.title)
    flow.paragraph("Decision:", font=BOLD, after=1)
    flow.paragraph(f"The {committee.name} agree to:", after=2)
    for letter, text in zip("ABCDEF", writer.recommendations(topic), strict=False):
        verb, rest = text.split(" ", 1)
        flow.paragraph(f"{verb.removesuffix('s')} {rest}", prefix=f"{letter})", hang=22, after=2)
    flow.space(4)
    for label in (
        "Reason(s) for decision:",
        "Cabinet Committee recommendations and other consultation:",
        "Any alternatives considered and rejected:",
    ):
        flow.paragraph(label, font=BOLD, after=1)
        flow.paragraph(writer.paragraph(topic))
    flow.paragraph(
        "Any interest declared when the decision was taken and any dispensation "
        "granted by the Proper Officer:",
        font=BOLD,
        after=1,
    )
    flow.paragraph("None")
    flow.space(24)
    widths = [BODY_W / 2, BODY_W / 2]
    flow.row(
        ["..........................................", ".........................."],
        widths,
        after=0,
    )
    flow.row(["signed", "date"], widths)


def decision_record(
    flow: Flow, committee: Committee, date: dt.date, item: Item, writer: Writer
) -> None:
    """An executive decision record of a decision made at the meeting on `date`."""
    topic = TOPICS[item.topic]
    flow.paragraph(COUNCIL_CAPS, font=BOLD, size=13, leading=17, after=2)
    flow.paragraph("Executive Decision Record", font=BOLD, size=13, leading=17, after=10)
    kv(flow, "Decision Maker:", committee.name)
    kv(flow, "Date:", plain_date(date))
    kv(flow, "Title:", item.title)
    kv(flow, "Decision No:", item.reference)
    kv(flow, "Key Decision:", "Yes" if item.key else "No")
    kv(flow, "Report From:", item.director)
    flow.space(6)
    flow.paragraph(f"Contact name: {item.contact}", after=2)
    flow.paragraph(f"Tel: {phone(item.contact)}", after=2)
    flow.paragraph(f"Email: {email(item.contact)}", after=8)
    flow.heading("1. The decision:")
    flow.paragraph(f"That the {committee.name}:", after=2)
    for i, text in enumerate(writer.recommendations(topic), start=1):
        flow.paragraph(f"{text[0].upper()}{text[1:]}.", prefix=f"1.{i}.", hang=36, after=2)
    flow.heading("2. Reason(s) for the decision:")
    flow.paragraph(writer.paragraph(topic, 2), prefix="2.1.", hang=36)
    flow.heading("3. Other options considered and rejected:")
    flow.paragraph("None.", prefix="3.1.", hang=36)
    flow.heading("4. Conflicts of interest:")
    flow.paragraph(
        "Conflicts of interest declared by the decision-maker: none.", prefix="4.1.", hang=36
    )
    flow.paragraph("5. Dispensation granted by the Conduct Advisory Panel: none.")
    flow.paragraph("6. Reason(s) for the matter being dealt with if urgent: not applicable.")
    flow.paragraph("7. Statement from the Decision Maker:")
    flow.space(12)
    widths = [BODY_W * 0.6, BODY_W * 0.4]
    flow.row(["Approved by:", "Date:"], widths, fonts=[BOLD, BOLD], after=0)
    flow.row([f"Chairman of {committee.name}", plain_date(date)], widths, after=0)
    flow.row([committee.members[0], ""], widths)


def restricted(flow: Flow) -> None:
    """The placeholder a public pack carries for an exempt item's papers."""
    flow.y = PAGE_H / 2 + 40
    flow.centred("Document is Restricted", font=BOLD, size=16, leading=20)
