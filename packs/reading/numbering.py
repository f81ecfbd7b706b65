"""The numbering series of a document's items: which numbered lines are its items.

Minutes and agendas number their items in one series, written one way and set one way:
"12.", "2579.", "19.09.01" or "10.24.10", at one indent and, often, in bold. Other
numbered lines are not items: a list under an item ("1. R/54/42G ..."), the numbered
paragraphs of a report appended to the minutes, a reference back to an earlier minute
("4.4.11."). So the series is chosen by consistency, not by the first or the longest run:
numbers that go up one at a time (a lettered "10A" may follow "10", and a few numbers may
be skipped where the council numbers its minutes across meetings), each written in the
same style, at the same indent and weight, preferring headings with text under them.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_GAP = 3  # numbers a series may skip at once ("10.24.10" then "10.24.13")
LOOK_BACK = 80  # candidates searched back for the one an item follows


@dataclass(frozen=True)
class Numbered:
    """A line that starts with an item number."""

    index: int  # the line's index in the document
    number: int  # the number's last part: 13 in "10.24.13", 10 in "10A"
    suffix: str  # a letter after it: "A" in "10A"
    style: tuple  # how it is written: dotted parts, a leading zero, what follows it
    indent: float | None = None  # the line's left edge, where it was measured
    bold: bool | None = None
    heading: bool = True  # whether what follows the number reads as a heading


def best_series(candidates: list[Numbered], *, first_numbers: tuple[int, ...] = ()) -> list[int]:
    """Line indexes of the items: the most consistent series among the candidates.

    ``first_numbers``, where given, are the numbers a series may start at (an agenda
    starts at 1), unless the series is long."""
    best_score: list[float] = []
    previous: list[int | None] = []
    for j, item in enumerate(candidates):
        score, link = _worth(candidates, j), None
        for i in range(max(0, j - LOOK_BACK), j):
            step = _step(candidates[i], item)
            if step is None:
                continue
            total = best_score[i] + _worth(candidates, j) - step
            if total > score:
                score, link = total, i
        best_score.append(score)
        previous.append(link)
    chains = []
    for j in range(len(candidates)):
        chain = [j]
        while previous[chain[-1]] is not None:
            chain.append(previous[chain[-1]])
        chain.reverse()
        start = candidates[chain[0]].number
        if first_numbers and start not in first_numbers and len(chain) < 5:
            continue
        chains.append((best_score[j], len(chain), -chain[0], chain))
    if not chains:
        return []
    chain = max(chains)[3]
    return [candidates[k].index for k in chain]


def _step(before: Numbered, after: Numbered) -> float | None:
    """What following ``before`` with ``after`` costs, or None when it cannot: the next
    number, a lettered one after its number, or a small gap (which costs)."""
    if before.style != after.style:
        return None
    setting = _setting_cost(before, after)
    if after.number == before.number and after.suffix > before.suffix:
        return setting
    if after.suffix and after.number != before.number:
        return None
    gap = after.number - before.number - 1
    if 0 <= gap <= MAX_GAP:
        return setting + 0.9 * gap
    return None


def _setting_cost(a: Numbered, b: Numbered) -> float:
    """Items set at another indent or weight than the one before may still be items (a
    clerk's indentation wanders), but a series set one way is likelier."""
    cost = 0.0
    if a.indent is not None and b.indent is not None and abs(a.indent - b.indent) > 8:
        cost += 0.4
    if a.bold is not None and b.bold is not None and a.bold != b.bold:
        cost += 0.4
    return cost


def _worth(candidates: list[Numbered], j: int) -> float:
    """An item with text under it counts one, a little more when it reads as a heading;
    a numbered line straight after another (a list of names or of points) next to
    nothing."""
    item = candidates[j]
    spaced = j + 1 >= len(candidates) or candidates[j + 1].index - item.index >= 2
    if not spaced:
        return 0.02
    return 1.0 + (0.1 if item.heading else 0.0)
