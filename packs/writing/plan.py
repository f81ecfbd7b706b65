"""What a meeting considers: its agenda items, drawn deterministically from a seed.

A pack re-plans the previous meeting from the same inputs to write its minutes and decision
records, so a run of packs for successive meetings stays coherent.
"""

import datetime as dt
import random
from dataclasses import dataclass

from .council import OFFICERS, PLACES, Committee
from .dates import plain_date
from .prose import TOPICS, Writer, financial_year

STANDARD = (
    ("Apologies for Absence", "To receive any apologies for absence."),
    (
        "Declarations of Interest",
        "All Members who believe they have a Disclosable Pecuniary Interest in any matter to "
        "be considered at the meeting must declare that interest and, having regard to Part 3 "
        "Paragraph 1.5 of the County Council's Members' Code of Conduct, leave the meeting "
        "while the matter is discussed, save for exercising any right to speak in accordance "
        "with Paragraph 1.6 of the Code.",
    ),
    ("Minutes of Previous Meeting", "To confirm the minutes of the meeting held on {prev}."),
    ("Deputations", "To receive any deputations notified under Standing Order 12."),
    ("Chairman's Announcements", "To receive any announcements the Chairman may wish to make."),
)
MINUTES_ITEM = "3"

EXEMPT = (
    ("Disposal of Land at {place}", "Director of Corporate Resources", 3),
    ("Award of Contract for Home Care Services", "Director of Adults' Health and Care", 3),
    ("Acquisition of Premises in {place}", "Director of Corporate Resources", 3),
    ("Staffing Matter", "Chief Executive", 1),
    ("Legal Advice on Enforcement at {place}", "Director of Law and Governance", 5),
)


@dataclass(frozen=True)
class Item:
    """One planned agenda item."""

    number: str
    title: str  # title case; the agenda prints it in capitals
    description: str
    kind: str  # standard, minutes, report, exempt
    topic: str | None = None
    director: str | None = None
    contact: str | None = None
    reference: str | None = None
    key: bool = False
    appendices: tuple[str, ...] = ()
    paragraph: int | None = None
    sections: int = 0
    minutes: bool = False  # an exempt item whose paper is the previous meeting's exempt minutes

    @property
    def heading(self) -> str:
        return self.title.upper()


def rng_for(*parts: object) -> random.Random:
    """A generator seeded from the parts' text, identical in every process."""
    return random.Random("|".join(str(p) for p in parts))


def plan_meeting(
    committee: Committee,
    date: dt.date,
    seed: int,
    *,
    previous: dt.date,
    business: int | None = None,
    sections: float = 3.0,
) -> list[Item]:
    """The agenda of `committee` on `date`: standard items, business, one exempt item."""
    rng = rng_for("plan", committee.name, date.isoformat(), seed)
    writer = Writer(rng, financial_year(date))
    prev = plain_date(previous)
    items = [
        Item(str(i), title, text.format(prev=prev), "minutes" if i == 3 else "standard")
        for i, (title, text) in enumerate(STANDARD, start=1)
    ]
    count = business if business is not None else rng.randint(3, 4)
    titles: set[str] = set()
    start = rng.randrange(len(committee.topics))
    for i in range(count):
        topic_key = committee.topics[(start + i) % len(committee.topics)]
        items.append(
            _business(committee, date, writer, topic_key, titles, len(items) + 1, i, sections)
        )
    title, director, paragraph = rng.choice(EXEMPT)
    title = title.format(place=rng.choice(PLACES))
    items.append(
        Item(
            str(len(items) + 1),
            title,
            f"To consider the exempt report of the {director} regarding: {title}.",
            "exempt",
            director=director,
            paragraph=paragraph,
        )
    )
    return items


def _business(
    committee: Committee,
    date: dt.date,
    writer: Writer,
    topic_key: str,
    titles: set[str],
    number: int,
    index: int,
    sections: float,
) -> Item:
    rng = writer.rng
    topic = TOPICS[topic_key]
    title = ""
    for _ in range(8):
        title = writer.fill(rng.choice(topic.titles))
        if title not in titles:
            break
    else:
        title = f"{title} - Phase {index + 1}"
    titles.add(title)
    executive = committee.executive
    appendices = tuple(rng.sample(topic.appendices, rng.randint(0, len(topic.appendices))))
    purpose = "seeking decisions on" if executive else "regarding"
    return Item(
        str(number),
        title,
        f"To consider a report of the {topic.director} {purpose}: {title}.",
        "report",
        topic=topic_key,
        director=topic.director,
        contact=rng.choice(OFFICERS),
        reference=decision_reference(date, index) if executive else None,
        key=executive and rng.random() < 0.6,
        appendices=appendices,
        sections=max(1, round(sections * rng.uniform(0.7, 1.3))),
    )


def decision_reference(date: dt.date, index: int) -> str:
    """ "26/00123": the year and a number unique to the meeting month and item."""
    return f"{date.year % 100:02d}/{100 * (date.month - 1) + index + 1:05d}"


def first_minute(date: dt.date) -> int:
    """Minutes are numbered through the municipal year, which starts in May."""
    months = (date.month - 5) % 12
    return 1 + 14 * months
