"""People's names as the papers print them, for lists: pure Python, no Django."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What is printed around a councillor's name but is not it: titles and offices before,
# honours and degrees after.
HONORIFICS = _words(
    "cllr councillor mr mrs ms miss mx dr sir dame lord lady baroness baron rev revd "
    "reverend canon father prof professor hon rt right the"
)
POST_NOMINALS = _words("mbe obe cbe kbe dbe bem jp dl mp qc kc frsa phd")


def person_sort_key(name: str) -> tuple[str, str, str]:
    """How a name sorts in a list of people: (surname, the names before it, the name as
    printed), without the honorifics councils print ("Cllr Mrs Shewell" sorts as
    "Shewell", "County Councillor Rob Humby" as "Humby, Rob"), case-insensitively."""
    printed = " ".join(name.split())
    words = re.sub(r"\([^)]*\)", " ", printed).split()
    while words and _bare(words[-1]) in POST_NOMINALS:
        words.pop()
    while len(words) > 1 and (
        _bare(words[0]) in HONORIFICS
        or (_bare(words[0]) == "county" and _bare(words[1]) == "councillor")
    ):
        words.pop(0)
    words = [word.strip(",") for word in words] or [printed]
    return words[-1].casefold(), " ".join(words[:-1]).casefold(), printed.casefold()


def _bare(word: str) -> str:
    return word.strip(".,").casefold()
