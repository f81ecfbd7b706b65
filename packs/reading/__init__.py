"""The PDF parser of council committee packs (pure Python: no Django here).

``parse_pdf`` reads a PDF (path or bytes) and returns a ``ParsedPack``; ``parse_pages``
does the understanding on a list of page texts, so it can be tested without PDFs.
``ParsedPack.to_json()`` gives the ``council-pack/1`` JSON of ../shared/spec/parsed-pack.md.
"""

from .errors import (
    CorruptPdfError,
    EmptyPdfError,
    EncryptedPdfError,
    NotCouncilPaperError,
    NoTextError,
    NotPdfError,
    PackError,
    TooLargeError,
    format_page_list,
)
from .model import (
    AgendaItem,
    DecisionRecord,
    Document,
    Meeting,
    MinuteItem,
    Minutes,
    Page,
    ParsedPack,
    ReportDetails,
)
from .pack import parse_pages, read_as
from .pages import near_empty
from .pdf import parse_pdf

__all__ = [
    "read_as",
    "AgendaItem",
    "CorruptPdfError",
    "DecisionRecord",
    "Document",
    "EmptyPdfError",
    "EncryptedPdfError",
    "Meeting",
    "MinuteItem",
    "Minutes",
    "NoTextError",
    "NotCouncilPaperError",
    "NotPdfError",
    "Page",
    "PackError",
    "ParsedPack",
    "ReportDetails",
    "TooLargeError",
    "format_page_list",
    "near_empty",
    "parse_pages",
    "parse_pdf",
]
