"""Small text helpers shared by the parsers: lines, dates, times, names."""

from __future__ import annotations

import functools
import re
import unicodedata

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})\b", re.IGNORECASE)
TIME_RE = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
PAGES_RE = re.compile(r"\(\s*Pages?\s+(\d+)\s*(?:(?:-|–|—|to)\s*(\d+))?\s*\)", re.IGNORECASE)
_MARKUP_RE = re.compile(r"\*\*|</?(?:i|b|u|em|strong|p)>")
_SMALL_WORDS = {"and", "of", "the", "for", "on", "in", "to", "a", "an", "at", "by", "with"}
_HYPHEN_SMALL = {"cum", "upon", "on", "under", "le", "en", "in", "by", "the", "with", "de"}


def clean(text: str) -> str:
    """Normalise extracted text: unify odd hyphens and spaces, drop inline markup."""
    text = text.replace("\ufffe", "-").replace("\u00ad", "").replace("\r", "")
    text = text.replace("\u00a0", " ").replace("\u2002", " ").replace("\u2003", " ")
    return _MARKUP_RE.sub("", text)


@functools.lru_cache(maxsize=8)
def lines_of(text: str) -> tuple[str, ...]:
    """The non-empty lines of a text, stripped, with runs of spaces collapsed (kept for
    the last few texts: a page is read as lines several times as it is described)."""
    return tuple(" ".join(words) for line in clean(text).split("\n") if (words := line.split()))


def squash(text: str) -> str:
    """Collapse all white space to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    """A loose comparison key: NFKC, case-folded, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def parse_date(text: str) -> str | None:
    """The first date written out in words ("Monday, 18th June, 2018"), as ISO."""
    match = DATE_RE.search(text)
    if not match:
        return None
    day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_time(text: str) -> str | None:
    """The first clock time ("10.30 am", "2pm"), as 24-hour HH:MM."""
    match = TIME_RE.search(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    if match[3].lower() == "p" and hour != 12:
        hour += 12
    elif match[3].lower() == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


_CLOCK_RE = re.compile(
    r"\b(?:at|@|commencing(?: at)?|from)\s+([01]?\d|2[0-3])[.:]([0-5]\d)\b(?!\s*(?:[ap]\.?\s?m|%))",
    re.IGNORECASE,
)


def parse_clock(text: str) -> str | None:
    """A time on the 24-hour clock where a meeting's time is given ("held on 13th
    February 2019 at 19.00 in ..."), as HH:MM; or a 12-hour time with am/pm."""
    match = _CLOCK_RE.search(text)
    if match and not TIME_RE.search(text[: match.end() + 6]):
        return f"{int(match[1]):02d}:{match[2]}"
    return parse_time(text)


def parse_pages(text: str) -> tuple[int, int] | None:
    """A printed page reference "(Pages 19 - 36)" or "(Page 5)" as (first, last)."""
    match = PAGES_RE.search(text)
    if not match:
        return None
    first = int(match[1])
    return first, int(match[2] or first)


def strip_pages(text: str) -> str:
    """Text without its printed page reference."""
    return squash(PAGES_RE.sub(" ", text))


def smart_title(text: str) -> str:
    """Title-case a name printed in capitals ("COUNTY COUNCIL" -> "County Council")."""
    text = squash(text)
    if not text or any(c.islower() for c in text):
        return text
    words = text.lower().split(" ")
    return " ".join(
        w if (i and w in _SMALL_WORDS) else _capitalised(w) for i, w in enumerate(words)
    )


def _capitalised(word: str) -> str:
    """ "burton-cum-walden" -> "Burton-cum-Walden", "stratford-upon-avon" likewise."""
    parts = word.split("-")
    return "-".join(
        p if (i and p in _HYPHEN_SMALL) else p[:1].upper() + p[1:] for i, p in enumerate(parts)
    )


def is_upper_heading(text: str) -> bool:
    """True for a heading printed in capitals (digits and punctuation allowed)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85


def section(text: str, start: re.Pattern, stops: list[re.Pattern]) -> str | None:
    """The text after ``start`` up to the nearest of ``stops`` (or the end), squashed."""
    match = start.search(text)
    if not match:
        return None
    rest = text[match.end() :]
    end = len(rest)
    for stop in stops:
        found = stop.search(rest)
        if found and found.start() < end:
            end = found.start()
    value = squash(rest[:end]).strip(" :.-")
    return value or None


# A council's own name as its letterhead prints it: "TINTERN COMMUNITY COUNCIL".
COUNCIL_NAME_RE = re.compile(
    r"^(?:the )?([A-Z][A-Za-z'’.-]*(?: (?:[A-Z][A-Za-z'’.-]*|and|&|upon|on|of|le|in)){0,5} "
    r"(?:County|Borough|District|City|Town|Parish|Community|Metropolitan Borough|Village) "
    r"Council)$",
    re.IGNORECASE,
)
# "the above Council", "this Council": the body is named elsewhere (its letterhead).
BACK_REFERENCE_RE = re.compile(
    r"^(?:the )?(?:above|said|aforesaid|this|above-named|above named)"
    r"(?: (?:parish|town|community|city|district|borough|county))? council$",
    re.IGNORECASE,
)


def council_heading(lines: list[str]) -> str | None:
    """The council a letterhead names on a line of its own, within the given lines."""
    for line in lines:
        match = COUNCIL_NAME_RE.match(squash(line).rstrip(" .,"))
        if match:
            return smart_title(match[1])
    return None
