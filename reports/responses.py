"""HTTP responses for PDFs: a cut of pages, or a stored file as it is."""

from django.http import FileResponse, HttpResponse


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def stored_pdf_response(path: str, filename: str) -> FileResponse:
    return FileResponse(
        open(path, "rb"), content_type="application/pdf", filename=filename, as_attachment=False
    )
