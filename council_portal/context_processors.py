"""Values every page's layout needs."""

from django.conf import settings


def portal(request):
    return {"council_name": settings.COUNCIL_NAME}
