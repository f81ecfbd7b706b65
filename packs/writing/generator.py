"""Agenda packs and supplementary packs for Borsetshire County Council meetings."""

import datetime as dt
from dataclasses import dataclass, field, replace

from . import writers
from .council import COUNCIL, VENUE, Committee
from .council import committee as find_committee
from .dates import plain_date, previous_meeting
from .layout import Flow, Page, render
from .model import AgendaItem, Decision, Document, Meeting, Minutes, SamplePack
from .plan import MINUTES_ITEM, Item, decision_reference, plan_meeting, rng_for
from .prose import Writer, financial_year

# The text the councillors' papers of an exempt item carry: one for all, or one per kind
# of paper ("report", "appendix", "decision", "minutes"), so that each can be told apart.
ExemptText = str | dict[str, str]


@dataclass
class _Body:
    """Documents laid out after the front sheet or letter, numbered from printed page 1."""

    flow: Flow = field(default_factory=Flow)
    documents: list[tuple[str, str, str | None, int, int]] = field(default_factory=list)
    spans: dict[str, tuple[int, int] | None] = field(default_factory=dict)
    minutes: list[Minutes] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def begin(self, banner: str | None = None) -> int:
        page = self.flow.break_page()
        if banner:
            page.banner = f"Agenda Item {banner}"
        return len(self.flow.pages) - 1

    def end(self, kind: str, title: str, item: str | None, start: int) -> None:
        """Close a document, padding it to an even number of pages with a blank page."""
        last = len(self.flow.pages) - 1
        if (last - start + 1) % 2:
            self.flow.blank_page()
            last += 1
        self.flow.close_page()
        self.documents.append((kind, title, item, start + 1, last + 1))
        first, _ = self.spans.get(item) or (start + 1, 0)
        if item is not None:
            self.spans[item] = (first, last + 1)


def sample_pack(
    *,
    committee: str,
    meeting_date: dt.date,
    start_time: str = "10:00",
    seed: int = 0,
    target_pages: int | None = None,
    previous_date: dt.date | None = None,
    previous_seed: int | None = None,
    to_follow: tuple[str, ...] = (),
    exempt_text: ExemptText | None = None,
    report_text: dict[str, str] | None = None,
    quirks: tuple[str, ...] = (),
) -> SamplePack:
    """An agenda pack for a meeting of `committee`, with a description of its contents.

    The pack holds the front sheet, the previous meeting's minutes (item 3) with its
    executive decision records, each report with its proposed record of decision and
    appendices, and a restricted placeholder for the exempt item. `target_pages` scales the
    pack by adding items and lengthening reports; `to_follow` names items whose papers are
    left for a supplementary pack. `exempt_text` makes it the councillors' pack: the exempt
    item carries its full report, an appendix and (for an executive) a proposed record of
    decision, each with that text in it, instead of the placeholder; and an exempt item
    before it carries the previous meeting's exempt minutes, with that text too. A mapping
    gives each of them its own text, by kind: "report", "appendix", "decision", "minutes".
    `report_text` adds a paragraph to the report of each item number it names.
    `quirks` are misprints a real council makes, for the review page to fix: "undated"
    (the front sheet gives no date), "unmarked_appendix" (the first appendix has no
    "Appendix A" heading, so it reads as part of its report), "misprinted_banner" (the
    first report carries the next report item's "Agenda Item" banner). The description
    stays the truth.
    """
    body_committee = find_committee(committee)
    previous_date = previous_date or previous_meeting(meeting_date)
    previous_seed = seed if previous_seed is None else previous_seed
    args = (
        body_committee,
        meeting_date,
        start_time,
        seed,
        previous_date,
        previous_seed,
        to_follow,
        exempt_text,
        report_text or {},
        frozenset(quirks),
    )
    if target_pages:
        pages, parts = _fit(args, target_pages)
    else:
        pages, parts = _compose(*args, None, 4.0)
    filename = f"borsetshire-{_slug(body_committee.name)}-{meeting_date.isoformat()}-pack.pdf"
    return _finish(pages, parts, filename, body_committee, meeting_date, start_time, VENUE)


def supplementary_pack(
    *,
    committee: str,
    meeting_date: dt.date,
    seed: int = 0,
    items: tuple[str, ...] | None = None,
    previous_date: dt.date | None = None,
    number_from: int | None = None,
    report_text: dict[str, str] | None = None,
    exempt_text: ExemptText | None = None,
) -> SamplePack:
    """A supplementary pack: a covering letter, then the papers of one or two items.

    `items` are agenda item numbers of the meeting's plan (default: its last report item).
    `number_from` renumbers them from that number on, as items added to the agenda late.
    `report_text` adds a paragraph to the report of each (final) item number it names.
    `exempt_text` makes it the councillors' papers instead, sent beside a public pack: the
    full papers of the meeting's exempt items (those `sample_pack` prints as "Document is
    Restricted"), each carrying that text.
    """
    body_committee = find_committee(committee)
    previous_date = previous_date or previous_meeting(meeting_date)
    plan = plan_meeting(body_committee, meeting_date, seed, previous=previous_date)
    kind = "exempt" if exempt_text else "report"
    papers = [i for i in plan if i.kind == kind and not i.minutes]
    chosen = [i for i in papers if i.number in items] if items else papers[-1:]
    if not chosen:
        raise ValueError(f"no {kind} items among {items!r}")
    if number_from:
        chosen = [replace(item, number=str(number_from + n)) for n, item in enumerate(chosen)]
    body = _Body()
    writer = Writer(rng_for("supplementary", meeting_date, seed), financial_year(meeting_date))
    for item in chosen:
        if exempt_text:
            _exempt_papers(body, body_committee, meeting_date, item, writer, exempt_text)
        else:
            _item_papers(body, body_committee, meeting_date, item, writer, report_text or {})
    letter = Flow()
    writers.covering_letter(letter, body_committee, meeting_date, chosen, body.spans)
    pages = _join(letter, body)
    agenda = [
        AgendaItem(i.number, i.title, body.spans[i.number], i.kind == "exempt", i.paragraph)
        for i in chosen
    ]
    parts = (
        len(letter.pages),
        agenda,
        body,
        "letter",
        f"Covering letter - {body_committee.name}, {plain_date(meeting_date)}",
    )
    filename = (
        f"borsetshire-{_slug(body_committee.name)}-{meeting_date.isoformat()}-"
        f"{'exempt' if exempt_text else 'supplementary'}.pdf"
    )
    return _finish(pages, parts, filename, body_committee, meeting_date, None, None)


def _fit(args: tuple, target: int) -> tuple[list[Page], tuple]:
    """Lay out with about `target` pages: one item per 14 pages, then find the report
    length by the secant method (pages grow about linearly with report sections)."""
    business = max(1, min(200, round(target / 14)))
    tolerance = max(1, target // 50)
    (s0, p0), best = (4.0, None), None
    sections = s0
    for _ in range(6):
        pages, parts = _compose(*args, business, sections)
        count = len(pages)
        if best is None or abs(count - target) < abs(len(best[0]) - target):
            best = (pages, parts)
        if abs(count - target) <= tolerance:
            break
        if p0 is None or count == p0:
            step = sections * (target / count - 1)
        else:
            step = (target - count) * (sections - s0) / (count - p0)
        (s0, p0), sections = (sections, count), max(0.3, sections + step)
    return best


def _compose(
    committee: Committee,
    date: dt.date,
    start_time: str,
    seed: int,
    previous: dt.date,
    previous_seed: int,
    to_follow: tuple[str, ...],
    exempt_text: ExemptText | None,
    report_text: dict[str, str],
    quirks: frozenset[str],
    business: int | None,
    sections: float,
) -> tuple[list[Page], tuple]:
    """Lay out the whole pack (no PDF yet): body first, then the front sheet citing it."""
    plan = plan_meeting(
        committee, date, seed, previous=previous, business=business, sections=sections
    )
    if exempt_text:
        *rest, last = plan
        minutes = Item(
            str(len(rest) + 1),
            "Exempt Minutes of the Previous Meeting",
            f"To approve the exempt minutes of the meeting held on {plain_date(previous)}.",
            "exempt",
            paragraph=last.paragraph,
            minutes=True,
        )
        plan = [*rest, minutes, replace(last, number=str(len(rest) + 2))]
    before = previous_meeting(previous)
    earlier = plan_meeting(
        committee, previous, previous_seed, previous=before, business=business, sections=sections
    )
    body = _Body()
    writer = Writer(rng_for("papers", committee.name, date, seed), financial_year(date))
    reports = [item.number for item in plan if item.kind == "report"]
    misprints = {}
    if "misprinted_banner" in quirks and len(reports) > 1:
        misprints[reports[0]] = reports[1]
    unmarked = set()
    if "unmarked_appendix" in quirks:
        unmarked = {next((i.number for i in plan if i.kind == "report" and i.appendices), None)}
    for item in plan:
        if item.kind == "minutes":
            _minutes_papers(body, committee, previous, earlier, previous_seed)
        elif item.number in to_follow:
            body.spans[item.number] = None
        elif item.kind == "report":
            _item_papers(
                body,
                committee,
                date,
                item,
                writer,
                report_text,
                banner=misprints.get(item.number, item.number),
                unmarked_appendix=item.number in unmarked,
            )
        elif item.kind == "exempt" and item.minutes:
            _exempt_minutes(body, committee, previous, earlier, item, exempt_text)
        elif item.kind == "exempt" and exempt_text:
            _exempt_papers(body, committee, date, item, writer, exempt_text)
        elif item.kind == "exempt":
            start = body.begin(item.number)
            writers.restricted(body.flow)
            body.end("other", "Document is Restricted", item.number, start)
    front = Flow()
    writers.front_sheet(
        front, committee, date, start_time, plan, body.spans, undated="undated" in quirks
    )
    pages = _join(front, body)
    agenda = [
        AgendaItem(i.number, i.heading, body.spans.get(i.number), i.kind == "exempt", i.paragraph)
        for i in plan
    ]
    title = f"Agenda front sheet - {committee.name}, {plain_date(date)}"
    return pages, (len(front.pages), agenda, body, "frontsheet", title)


def _minutes_papers(
    body: _Body, committee: Committee, date: dt.date, items: list[Item], seed: int
) -> None:
    writer = Writer(rng_for("minutes", committee.name, date, seed), financial_year(date))
    start = body.begin(MINUTES_ITEM)
    record = writers.minutes(body.flow, committee, date, items, writer)
    body.end(
        "minutes",
        f"Minutes of the {committee.name} held on {plain_date(date)}",
        MINUTES_ITEM,
        start,
    )
    body.minutes.append(record)
    if not committee.executive:
        return
    for item in items:
        if item.kind != "report":
            continue
        start = body.begin()
        writers.decision_record(body.flow, committee, date, item, writer)
        body.end("decision", item.title, MINUTES_ITEM, start)
        body.decisions.append(
            Decision(
                item.reference, item.title, committee.name, date, item.key, "made", MINUTES_ITEM
            )
        )


def _exempt_minutes(
    body: _Body,
    committee: Committee,
    date: dt.date,
    earlier: list[Item],
    item: Item,
    text: ExemptText,
) -> None:
    """The previous meeting's exempt minutes, under their own exempt item."""
    start = body.begin(item.number)
    record = writers.exempt_minutes(body.flow, committee, date, earlier, _text(text, "minutes"))
    title = f"Exempt minutes of the {committee.name} held on {plain_date(date)}"
    body.end("minutes", title, item.number, start)
    body.minutes.append(record)


def _exempt_papers(
    body: _Body, committee: Committee, date: dt.date, item: Item, writer: Writer, text: ExemptText
) -> None:
    """The councillors' papers of an exempt item: a report, an appendix and, for an
    executive, a proposed record of decision, each carrying ``text``."""
    paper = replace(
        item,
        topic=committee.topics[0],
        sections=2,
        contact=item.director,
        reference=decision_reference(date, 90) if committee.executive else None,
    )
    start = body.begin(item.number)
    writers.report(body.flow, committee, date, paper, writer)
    body.flow.paragraph(_text(text, "report"))
    body.end("report", item.title, item.number, start)
    if paper.reference:
        start = body.begin()
        writers.proposed_record(body.flow, committee, paper, writer)
        body.flow.paragraph(_text(text, "decision"))
        body.end("decision", item.title, item.number, start)
        body.decisions.append(
            Decision(
                paper.reference, item.title, committee.name, None, False, "proposed", item.number
            )
        )
    start = body.begin()
    writers.appendix(body.flow, "A", "Confidential Figures", paper, writer)
    body.flow.paragraph(_text(text, "appendix"))
    body.end("appendix", "Appendix A - Confidential Figures", item.number, start)


def _text(text: ExemptText, kind: str) -> str:
    """The exempt text a paper of ``kind`` carries: the one text, or its own."""
    return text if isinstance(text, str) else text[kind]


def _item_papers(
    body: _Body,
    committee: Committee,
    date: dt.date,
    item: Item,
    writer: Writer,
    report_text: dict[str, str],
    *,
    banner: str | None = None,
    unmarked_appendix: bool = False,
) -> None:
    start = body.begin(banner or item.number)
    writers.report(body.flow, committee, date, item, writer)
    if item.number in report_text:
        body.flow.paragraph(report_text[item.number])
    body.end("report", item.title, item.number, start)
    if item.reference:
        start = body.begin()
        writers.proposed_record(body.flow, committee, item, writer)
        body.end("decision", item.title, item.number, start)
        body.decisions.append(
            Decision(
                item.reference, item.title, committee.name, None, item.key, "proposed", item.number
            )
        )
    for letter, title in zip("ABCDEFG", item.appendices, strict=False):
        start = body.begin()
        writers.appendix(
            body.flow,
            letter,
            title,
            item,
            writer,
            heading=not (unmarked_appendix and letter == "A"),
        )
        body.end("appendix", f"Appendix {letter} - {title}", item.number, start)


def _join(front: Flow, body: _Body) -> list[Page]:
    """Front sheet (padded to even, unnumbered) followed by the numbered body pages."""
    if len(front.pages) % 2:
        front.blank_page()
    pages = list(front.pages)
    for number, page in enumerate(body.flow.pages, start=1):
        page.number = number
        pages.append(page)
    return pages


def _finish(
    pages: list[Page],
    parts: tuple,
    filename: str,
    committee: Committee,
    date: dt.date,
    start_time: str | None,
    venue: str | None,
) -> SamplePack:
    front_pages, agenda, body, front_kind, front_title = parts
    documents = [Document(front_kind, front_title, 1, front_pages, None)]
    documents += [
        Document(kind, title, start + front_pages, end + front_pages, item)
        for kind, title, item, start, end in body.documents
    ]
    meeting = Meeting(committee.name, date, start_time, venue)
    pdf = render(pages, title=f"{committee.name} - {plain_date(date)}", author=COUNCIL)
    return SamplePack(
        filename, pdf, COUNCIL, meeting, agenda, documents, body.minutes, body.decisions, len(pages)
    )


def _slug(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())
