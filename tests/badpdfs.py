"""Real PDFs that are wrong in the ways staff uploads go wrong, built on the fly."""

import io

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def _pdf(pages: list[list[str]], **options) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True, **options)
    for lines in pages:
        for row, line in enumerate(lines):
            pdf.drawString(72, 760 - 16 * row, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted() -> bytes:
    return _pdf([["NOTICE OF MEETING", "Meeting Cabinet"]], encrypt="council-secret")


def zero_pages() -> bytes:
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    return buffer.getvalue()


def scanned(pages: int = 3) -> bytes:
    """Pages that show a picture of text but carry no text layer."""
    picture = ImageReader(Image.new("L", (120, 160), 230))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    for _ in range(pages):
        pdf.drawImage(picture, 60, 100, 480, 640)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def not_a_council_paper() -> bytes:
    return _pdf(
        [
            ["Shopping list", "Eggs, flour, milk", "Remember the bicycle lamp"],
            ["Holiday notes", "The train leaves at nine", "Pack the walking boots"],
        ]
    )


def truncated(whole: bytes) -> bytes:
    return whole[: len(whole) // 2]


def with_scanned_pages(whole: bytes, pages: int = 2) -> bytes:
    """A real pack with a few scanned pages (no text layer) added at the end."""
    pack = pdfium.PdfDocument(whole)
    pack.import_pages(pdfium.PdfDocument(scanned(pages)))
    buffer = io.BytesIO()
    pack.save(buffer)
    return buffer.getvalue()
