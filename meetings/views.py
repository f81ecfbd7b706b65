"""Public pages about committees and their meetings."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .models import Meeting


def home(request: HttpRequest) -> HttpResponse:
    """The next public meetings."""
    meetings = Meeting.objects.public().upcoming().select_related("committee")[:10]
    return TemplateResponse(request, "meetings/home.html", {"meetings": meetings})
