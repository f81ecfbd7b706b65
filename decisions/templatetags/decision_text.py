"""``clause_paragraphs``: a decision record's text as paragraphs, one per numbered clause.

Records keep the printed line ends; lines wrap mid-sentence, so a paragraph starts only
where a line starts a numbered clause ("1.1", "2.", "a)", "(iv)", "B.") or after a blank
line, and the other lines join the one before.
"""

import re

from django import template

register = template.Library()

CLAUSE_START = re.compile(
    r"^(?:\d+(?:\.\d+)+\.?|\d{1,3}[.)]|[A-Za-z][.)]|[ivx]{1,5}[.)]|\([A-Za-z0-9]{1,4}\))\s+\S"
)


@register.filter
def clause_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``: a new one at each line that starts a numbered clause
    and after each blank line; other lines join the line before, spaces squashed."""
    paragraphs: list[list[str]] = []
    starts_new = True
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            starts_new = True
        elif starts_new or CLAUSE_START.match(line):
            paragraphs.append([line])
            starts_new = False
        else:
            paragraphs[-1].append(line)
    return [" ".join(lines) for lines in paragraphs]
