"""Whether a string can be the name of a body that meets: one function, ``body_name``, that
every body the parser gives out passes through.

A body's name is a noun phrase whose head is a word for a body that meets or decides
("… Committee", "… Parish Council", "Cabinet", "Cabinet Member for Highways"). What a
heading, a table or a sentence puts around a name is not part of it: a verb ("held",
"will be"), a date or a time, a venue ("Village Hall"), a second body ("Cabinet Council",
a paper addressed to two meetings), a person's role ("Clerk to the Council").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .text import COUNCIL_NAME_RE, DATE_RE, TIME_RE, norm_key, smart_title, squash


# Head words: a name ends in one, or in one followed by "for …"/"of …"/"on …".
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BODY_WORDS = _words(
    "council committee cabinet board panel executive forum commission authority assembly "
    "sub-committee subcommittee scrutiny partnership conference convention trust member "
    "leader mayor cyngor pwyllgor bwrdd"
)
# Words that make a string a sentence or a heading, never a name.
_VERBS = _words(
    "held hold holds will shall was were is are be been being took take takes met meet "
    "meets attended attend convened commencing commence starting start published dated "
    "summoned summon present apologies minutes agenda notice report date time venue "
    "place location enquiries tel telephone email page item items"
)
# A venue's head word: "Village Hall", "Council Chamber", "Committee Room 2".
_VENUE_WORDS = _words(
    "hall chamber chambers room rooms centre center church library house school pavilion "
    "offices office building institute club hotel street road lane avenue"
)
# A person's role in front of the body they serve: "Clerk to the Council".
_ROLES = _words(
    "clerk chairman chairwoman chair chairperson officer secretary director head manager "
    "chief signed signature proper deputy"
)
# Bodies that are whole on their own: two of them side by side are two bodies.
_WHOLE = frozenset({"cabinet", "council"})
_QUALIFIERS = frozenset({"for", "of", "on"})
_SMALL = frozenset({"the", "a", "an", "and", "&", "of", "for", "on", "to", "in", "at"})
_MAX_WORDS = 12
_PERSON_RE = re.compile(
    r"^((?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.? )?[A-Z][\w'’-]*\.?(?: [A-Z][\w'’-]*\.?){1,3}),"
    r" (.+)$"
)


def body_name(text: str | None, known: Iterable[str] = ()) -> str | None:
    """The body ``text`` names, tidied ("THE CABINET" -> "Cabinet"), or None when it
    cannot be the name of a body."""
    if not text:
        return None
    name = _tidy(text)
    if not name:
        return None
    person = _PERSON_RE.match(name)
    if person and not any(w in BODY_WORDS for w in person[1].lower().split()):
        name = person[2]  # "Roger Gough, Leader of the Council": the office, not the person
    body, of, council = name.rpartition(" of ")
    if of and COUNCIL_NAME_RE.match(council) and _reads_as_body(body):
        name = body  # "Cabinet of Hampshire County Council": the council's Cabinet
    key = norm_key(name)
    for other in known:
        if norm_key(other) == key:
            return other
    return name if _reads_as_body(name) else None


def is_generic(name: str) -> bool:
    """A body named by its kind alone ("Parish Council", "the Council", "Committee"):
    it stands for the one its letterhead names."""
    words = [w for w in norm_key(name).split() if w not in _SMALL]
    kinds = {
        "county",
        "borough",
        "district",
        "city",
        "town",
        "parish",
        "community",
        "village",
        "full",
        "above",
        "this",
        "said",
    }
    return (
        bool(words)
        and words[-1] in {"council", "committee", "cyngor"}
        and all(w in kinds for w in words[:-1])
    )


def is_local(name: str) -> bool:
    """A parish, town, community or village council (a "local council")."""
    return bool(re.search(r"\b(?:parish|town|community|village|cymuned|tref)\b", name, re.I))


def _tidy(text: str) -> str:
    name = squash(text).strip(" ,.:;–—-|/")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s*\((?:chair|vice|part|public|exempt)[^)]*\)$", "", name, flags=re.I)
    return smart_title(name)


def _reads_as_body(name: str) -> bool:
    if len(name) > 100 or DATE_RE.search(name) or TIME_RE.search(name):
        return False
    if re.search(r"\d{3,}|@|:|www\.", name):
        return False
    words = re.findall(r"[\w'’-]+|&", name.lower())
    if not 1 <= len(words) <= _MAX_WORDS or words[0] in _SMALL:
        return False
    if any(word in _VERBS for word in words):
        return False
    heads = [i for i, word in enumerate(words) if word in BODY_WORDS]
    if not heads:
        return False
    last = heads[-1]
    tail = words[last + 1 :]
    if tail and (tail[0] not in _QUALIFIERS or any(w in BODY_WORDS for w in tail)):
        return False
    if any(word in _VENUE_WORDS for word in words[last + 1 :]) or (
        last and words[last - 1] in _VENUE_WORDS and words[last] == "council"
    ):
        return False
    if any(word in _ROLES for word in words[:last]):
        return False
    return not _two_bodies(words, heads)


def _two_bodies(words: list[str], heads: list[int]) -> bool:
    """Two bodies named together, not one: "Cabinet Council", "Cabinet and County
    Council", "Highways Committee Cabinet", or a name printed twice. A name's head word
    ends it, or is followed by another ("Cabinet Committee") or by "for", "of" or "on"."""
    for a in heads:
        following = words[a + 1 : a + 2]
        if not following:
            continue
        word = following[0]
        if word in BODY_WORDS and word not in _WHOLE:
            continue
        if word in _QUALIFIERS:
            continue
        return True
    return False
