"""Fonts and characters: Helvetica with WinAnsi encoding, and a map for what it cannot draw.

reportlab encodes U+2022 BULLET as byte 0x7F, which text extractors do not map back to a
bullet; the fonts registered here use a copy of WinAnsi that writes it as 0x95 instead, so
the PDF still names plain /Helvetica with /WinAnsiEncoding and "•" extracts as "•".
"""

import codecs
import re
import unicodedata
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.rl_codecs import RL_Codecs

CODEC = "spansi"
REGULAR = "SP-Helvetica"
BOLD = "SP-Helvetica-Bold"
ITALIC = "SP-Helvetica-Oblique"
_FACES = {REGULAR: "Helvetica", BOLD: "Helvetica-Bold", ITALIC: "Helvetica-Oblique"}

# Characters outside WinAnsi that the seeds (or generated prose) use, with a look-alike.
_SUBSTITUTES = {
    "\u0440": "p",  # Cyrillic er, used as a "present" mark
    "\u0430": "a",  # Cyrillic a, "absent"
    "\u0435": "e",
    "\u043e": "o",
    "\u0441": "c",
    "\u25cb": "o",  # white circle, a second-level bullet
    "\u25e6": "o",
    "\u25a0": "\u2022",  # black square bullet
    "\u25aa": "\u2022",
    "\u25cf": "\u2022",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2248": "~",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u2713": "Yes",
    "\u2717": "No",
}


@cache
def register_fonts() -> None:
    """Register the SP-Helvetica fonts and their bullet-safe WinAnsi codec (once)."""
    decoding = dict(enumerate(bytes(range(256)).decode("winansi", "replace")))
    decoding = {k: ord(v) for k, v in decoding.items() if k >= 32 and v != "\ufffd"}
    encoding = codecs.make_encoding_map(decoding)
    for code, char in sorted(decoding.items(), reverse=True):
        if encoding[char] is None:  # several codes draw it: keep the lowest
            encoding[char] = code
    encoding.update({0x2022: 0x95, 0x20: 0x20, 0xA0: 0x20})
    RL_Codecs.add_dynamic_codec(CODEC, encoding, decoding)
    pdfmetrics.registerEncoding(pdfmetrics.Encoding(CODEC, "WinAnsiEncoding"))
    for name, face in _FACES.items():
        pdfmetrics.registerFont(pdfmetrics.Font(name, face, CODEC))


@cache
def _drawable(ch: str) -> bool:
    try:
        ch.encode("winansi")
    except UnicodeEncodeError:
        return False
    return ch.isprintable() or ch == " "


@cache
def _substitute(ch: str) -> str:
    if ch in _SUBSTITUTES:
        return _SUBSTITUTES[ch]
    if ch in "\t\n\r\f\v":
        return " "
    if _drawable(ch):
        return ch
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if plain and all(_drawable(c) for c in plain):
        return plain
    return "?"


@cache
def _widths(font: str) -> dict[str, int]:
    register_fonts()
    table = pdfmetrics.getFont(font).widths
    text = bytes(range(32, 256)).decode(CODEC, "replace")
    return {ch: table[code] for code, ch in zip(range(32, 256), text, strict=True)}


@cache
def _word_width(word: str, font: str) -> int:
    widths = _widths(font)
    return sum(widths.get(ch, 556) for ch in word)


def string_width(text: str, font: str, size: float) -> float:
    """Width in points of already-cleaned `text` in one of the SP-Helvetica fonts."""
    if len(text) > 40:
        return sum(map(_widths(font).get, text, [556] * len(text))) * size / 1000
    return _word_width(text, font) * size / 1000


_ESCAPES = {i: f"\\{i:03o}" for i in [*range(32), *range(127, 256)]}
_ESCAPES.update({ord("("): "\\(", ord(")"): "\\)", ord("\\"): "\\\\"})


def encode(text: str) -> str:
    """`text` as the body of a PDF string literal in the SP-Helvetica encoding."""
    register_fonts()
    return text.encode(CODEC).decode("latin-1").translate(_ESCAPES)


_WINANSI = "".join(ch for ch in bytes(range(160, 256)).decode("cp1252") if ch != "\xa0")
_UNSAFE = re.compile(
    f"[^\x20-\x7e{re.escape(_WINANSI)}\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]"
)


def clean(text: str) -> str:
    """Return `text` with every character Helvetica/WinAnsi cannot draw replaced."""
    if not _UNSAFE.search(text):
        return text
    return "".join(_substitute(ch) for ch in text)


_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EMPH = re.compile(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])")
_PARA_BREAK = re.compile(r"</p>\s*<p>|<br\s*/?>|</li>\s*<li>", re.I)
_SPACES = re.compile(r"[ \t]+")


def strip_markup(text: str) -> str:
    """Drop the HTML and markdown inline markup of extracted text; keep the words.

    Paragraph and line breaks inside a table cell (`</p> <p>`, `<br>`) become newlines.
    """
    text = _PARA_BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _EMPH.sub(r"\1", text).replace("**", "")
    lines = (_SPACES.sub(" ", part).strip() for part in text.split("\n"))
    return "\n".join(line for line in lines if line)
