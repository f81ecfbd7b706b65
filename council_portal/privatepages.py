"""``Cache-Control`` for pages made for one person.

A signed-in request's page is that person's: councillors read exempt (Schedule 12A)
papers and staff read drafts, so such a page is ``private, no-store``: no shared cache
may keep it, and neither may the browser's disk cache on a shared council computer,
where the next person could reopen it from history. Re-fetching costs little; these
pages are never cached on the server either (``council_portal.pagecache``). Any other
response to a request that carries a session, or starts one, is ``private``: it may
differ from the public's. Signed-out visitors without a session are left to the page
cache's rules.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Mark responses to a session as private, and a signed-in user's as not to be
    stored. Sits after ``AuthenticationMiddleware``, so it sees who asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _has_session(request):
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
            else:
                patch_cache_control(response, private=True)
        return response


def _has_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and (
        settings.SESSION_COOKIE_NAME in request.COOKIES or session.modified
    )
