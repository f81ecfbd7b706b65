"""Real PDFs that are wrong in the ways staff uploads go wrong, built on the fly."""

import io
import re
import warnings
import zlib

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


def headed(heading: str, lines: list[str]) -> bytes:
    """One page: ``heading`` large and bold, as a letterhead is, over ``lines`` of text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(72, 780, heading)
    pdf.setFont("Helvetica", 10)
    for row, line in enumerate(lines):
        pdf.drawString(72, 740 - 14 * row, line)
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


def with_javascript(whole: bytes) -> bytes:
    """A real PDF given an ``/OpenAction`` that runs JavaScript, and a named script, by
    an incremental update (the way an editor adds them)."""
    number = int(re.findall(rb"/Root (\d+) 0 R", whole)[-1])
    entries = re.search(rb"\n%d 0 obj\s*<<(.*?)>>\s*endobj" % number, whole, re.S)[1]
    size = int(re.findall(rb"/Size (\d+)", whole)[-1])
    previous = int(re.findall(rb"startxref\s+(\d+)", whole)[-1])
    script = size
    body = io.BytesIO()
    body.write(whole if whole.endswith(b"\n") else whole + b"\n")
    offsets = {}
    offsets[number] = body.tell()
    body.write(
        b"%d 0 obj\n<<%s /OpenAction %d 0 R " % (number, entries, script)
        + b"/Names << /JavaScript << /Names [(run) %d 0 R] >> >> >>\nendobj\n" % script
    )
    offsets[script] = body.tell()
    body.write(b"%d 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\);) >>\nendobj\n" % script)
    xref = body.tell()
    body.write(b"xref\n0 1\n0000000000 65535 f \n")
    for obj, offset in sorted(offsets.items()):
        body.write(b"%d 1\n%010d 00000 n \n" % (obj, offset))
    body.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (script + 1, number, previous, xref)
    )
    return body.getvalue()


def decompression_bomb(inflated_mb: int = 400) -> bytes:
    """One page whose content stream is a Flate stream of ``q Q`` (save and restore the
    graphics state, harmless) inflating to ``inflated_mb`` MB: about 1 KB a MB on disk.
    Written by hand, since a PDF library would not keep the stream so compressed."""
    squeeze = zlib.compressobj(9)
    megabyte = b"q Q " * (1 << 18)
    stream = b"".join(squeeze.compress(megabyte) for _ in range(inflated_mb)) + squeeze.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


# The links a hostile pack carries on its first page: (action, kept in a public cut).
HOSTILE_LINKS = [
    ({"/S": "/Launch", "/F": "calc.exe"}, False),
    ({"/S": "/SubmitForm", "/F": "https://collect.example.net/"}, False),
    ({"/S": "/URI", "/URI": "javascript:app.alert(1)"}, False),
    ({"/S": "/URI", "/URI": " JavaScript:app.alert(2)"}, False),
    ({"/S": "/URI", "/URI": "file:///etc/passwd"}, False),
    ({"/S": "/GoToR", "/F": "other.pdf", "/D": [0, "/Fit"]}, False),
    ({"/S": "/ImportData", "/F": "data.fdf"}, False),
    ({"/S": "/URI", "/URI": "https://www.borsetshire.gov.uk/plan"}, True),
    ({"/S": "/URI", "/URI": "mailto:democratic.services@borsetshire.gov.uk"}, True),
]


def with_actions(whole: bytes) -> bytes:
    """A real pack whose first page carries every kind of action a PDF may hide: each link
    of ``HOSTILE_LINKS``, a kept link with a script chained after it, a page-open script, a
    form field whose keystroke script sits on its parent, and an attached file."""
    import pikepdf

    with pikepdf.open(io.BytesIO(whole)) as pdf:
        page = pdf.pages[0].obj

        def script(code: str):
            return pdf.make_indirect(
                pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(code))
            )

        def annotation(subtype: str, **entries):
            return pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name(subtype),
                    Rect=[72, 72, 144, 90],
                    **entries,
                )
            )

        def action(entries: dict):
            return pikepdf.Dictionary(
                {
                    key: pikepdf.Name(value) if str(value).startswith("/") else value
                    for key, value in entries.items()
                }
            )

        annotations = [annotation("/Link", A=action(link)) for link, _ in HOSTILE_LINKS]
        chained = action({"/S": "/URI", "/URI": "https://www.borsetshire.gov.uk/chained"})
        chained.Next = script("app.alert('chained')")
        annotations.append(annotation("/Link", A=chained))
        field = pdf.make_indirect(
            pikepdf.Dictionary(FT=pikepdf.Name.Tx, T="amount", AA=pikepdf.Dictionary(K=script("1")))
        )
        annotations.append(
            annotation("/Widget", Parent=field, AA=pikepdf.Dictionary(F=script("2")))
        )
        annotations.append(annotation("/FileAttachment", FS=pikepdf.String("payload.exe")))
        page.Annots = pdf.make_indirect(pikepdf.Array(annotations))
        page.AA = pikepdf.Dictionary(O=script("app.alert('opened')"))
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # a field made by hand
            pdf.save(out)
    return out.getvalue()
