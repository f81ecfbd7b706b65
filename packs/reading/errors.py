"""Errors raised for a PDF that cannot be read as a council pack.

Each error's message is one line a person can act on; the importer shows it as is.
"""


class PackError(Exception):
    """A file that cannot be parsed as a council committee pack."""


class NotPdfError(PackError):
    """The file is not a PDF at all."""


class CorruptPdfError(PackError):
    """The PDF is truncated or damaged beyond reading."""


class EncryptedPdfError(PackError):
    """The PDF is password-protected."""


class EmptyPdfError(PackError):
    """The PDF has no pages."""


class NoTextError(PackError):
    """No page carries a text layer (a scan that has not been through OCR)."""

    def __init__(self, pages: list[int]):
        self.pages = pages
        super().__init__(
            f"No text layer on pages {format_page_list(pages)}: the PDF looks scanned; "
            "run it through OCR and upload it again."
        )

    def __reduce__(self):
        return type(self), (self.pages,)


class NotCouncilPaperError(PackError):
    """The PDF names no meeting and holds no agenda, minutes, report or decision."""


class TooLargeError(PackError):
    """The file is larger than the caller allows."""


def format_page_list(pages: list[int]) -> str:
    """Format page numbers compactly: [1, 2, 3, 7] -> '1-3, 7'."""
    runs: list[list[int]] = []
    for number in sorted(pages):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
