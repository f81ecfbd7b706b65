"""Whole pages for signed-out visitors, kept in the shared cache (a directory on one host,
Redis when ``CACHE_URL`` names one).

The public's pages change only when papers are published, corrected or withdrawn, or
edited in the admin. A change forgets only the pages that show what changed. Each page
is stored with the *versions* of what it shows, read before it was rendered: a meeting's
page, its agenda items and papers show ``meeting:<pk>``; a committee's page shows
``committee:<pk>``; the decisions register (its pages, CSV and feed) shows ``register``;
every other page (home, calendar, search, feeds, API lists, sitemap) shows ``listings``.
A page is served from the cache only while those versions are current. Publishing,
correcting or withdrawing a meeting replaces, once its transaction commits, the versions
of that meeting, of the meetings whose pages show something of it
(``Meeting.objects.shown_with``), of their committees, and of the listings; the
register's only if what it could show or filter on of those meetings' decision records
changed (``Meeting.register_digest``). The pages of the other meetings of twenty years
stay cached. Any other change (an admin edit, a councillor merged) replaces the
*generation*, a version every page shows, which forgets everything at once. A page rendered
from old data while a change was in flight carries the old version and is never served;
a lost version or generation (evicted, or the cache emptied) only makes a new one.

Only requests without a session cookie are served from or stored in the cache, and only
a plain 200 response that sets no cookie and was rendered for a signed-out visitor is
stored. Signed-in staff and councillors always get a fresh page. Feeds and calendars are
pages like any other; a streamed download (a CSV) is stored once its last row has been
sent, unless it grew past ``PAGE_CACHE_MAX_BYTES``: the whole archive then streams afresh
each time, never held in memory. PDFs are never stored: they are cut for each request.
A page served from the cache says so in ``X-Page-Cache: hit``. When a publication
leaves a busy page cold, one request renders it and the others asking for it meanwhile
wait for that render (``RENDER_WAIT``) instead of each rendering it again.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

VERSION = "public-version:"
GENERATION = "generation"
LISTINGS = "listings"
REGISTER = "register"
HIT = {"X-Page-Cache": "hit"}
RENDERING = "rendering:"
# Marks a URL found but never kept (a PDF streamed, an answer setting a cookie): its
# requests go straight through, never waiting for another's render of it.
UNKEPT = "unkept:"
RENDER_SECONDS = 30  # a render's claim on its page lapses after this, if its process died
RENDER_WAIT = 2.0  # how long a request waits for another's render of the same page


def _token(key: str) -> str:
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key)
    return token


def versions(shows: Iterable[str]) -> dict[str, str]:
    """The current version of each thing a page shows, and the generation, which every
    page shows (one round trip to the cache)."""
    keys = {VERSION + name: name for name in [GENERATION, *shows]}
    found = cache.get_many(list(keys))
    return {name: found.get(key) or _token(key) for key, name in keys.items()}


def public_key(name: str, shows: str = LISTINGS) -> str:
    """The cache key of a public value derived from what ``shows`` names (a count, a
    list) under the current generation and that version."""
    current = versions([shows])
    return f"public:{current[GENERATION]}:{shows}:{current[shows]}:{name}"


def page_shows(
    request: HttpRequest, *, meetings: Iterable[int] = (), committee=None, register=False
) -> None:
    """Say that the page being rendered shows these meetings, this committee or the
    decisions register, and nothing of the other listings, so that it stays cached while
    what it does not show changes."""
    if not hasattr(request, "page_versions"):
        return  # not a page the cache keeps
    shows = [f"meeting:{pk}" for pk in meetings if pk]
    if committee:
        shows.append(f"committee:{committee}")
    if register:
        shows.append(REGISTER)
    request.page_versions = versions(shows or [LISTINGS])


def public_pages_changed(
    meetings: Iterable[tuple[int, int]] | None = None, *, register: bool = False
) -> None:
    """Forget the cached public pages showing what changed, once the current transaction
    commits: with ``meetings`` ((meeting, committee) primary keys), the pages of those
    meetings and committees, every listing, and the decisions register if ``register``
    (it changed); with none given, every page."""
    if meetings is None:
        transaction.on_commit(_new_generation)
        return
    names = {LISTINGS, REGISTER} if register else {LISTINGS}
    for meeting, committee in meetings:
        names |= {f"meeting:{meeting}", f"committee:{committee}"}
    transaction.on_commit(lambda: _new_versions(names))


def _new_generation() -> None:
    cache.set(VERSION + GENERATION, uuid.uuid4().hex, timeout=None)


def _new_versions(names: set[str]) -> None:
    cache.set_many({VERSION + name: uuid.uuid4().hex for name in names}, timeout=None)


class PublicPageCacheMiddleware:
    """Serve signed-out visitors' GET requests from the cache (``PAGE_CACHE_SECONDS``;
    0 turns it off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._may_cache(request):
            return self.get_response(request)
        key = page_key(request.build_absolute_uri())
        stored = cache.get_many([key, UNKEPT + key])
        if UNKEPT + key in stored:
            return self.get_response(request)
        page = _fresh(stored.get(key))
        if page is None and not cache.add(RENDERING + key, 1, timeout=RENDER_SECONDS):
            page = _rendered_meanwhile(key)
        if page is not None:
            status, headers, content, _ = page
            return HttpResponse(content, status=status, headers=headers | HIT)
        try:
            started = versions([LISTINGS])
            request.page_versions = started
            response = self.get_response(request)
            if request.method == "GET":
                self._keep(_Page(key, started, request.page_versions), request, response)
        finally:
            cache.delete(RENDERING + key)
        return response

    def _keep(self, page: _Page, request: HttpRequest, response: HttpResponse) -> None:
        if _storable(request, response):
            if response.streaming:
                response.streaming_content = page.stored_once_sent(response)
            else:
                page.store(response.status_code, dict(response.items()), response.content)
        elif response.status_code == 200:
            # Found, but never kept (a PDF, say): later requests need not wait for each other.
            cache.set(UNKEPT + page.key, 1, settings.PAGE_CACHE_SECONDS)

    def _may_cache(self, request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )


def page_key(url: str) -> str:
    """The cache key of the page at ``url`` (a whole address)."""
    return f"page:{hashlib.sha256(url.encode()).hexdigest()}"


def _fresh(page):
    """The ``page`` read from the cache if what it shows has not changed since, else None
    (a second round trip to the cache, for its versions)."""
    if page is not None and versions(page[3]) == page[3]:
        return page
    return None


def _rendered_meanwhile(key: str):
    """Another request is rendering this page (after a publication, fifty visitors may
    ask for the same cold listing at once): wait for its result rather than render it
    fifty times, up to ``RENDER_WAIT`` seconds; None if it never came (it was not a page
    to keep, or its request failed), and this request renders it. Never a stale page."""
    deadline = time.monotonic() + RENDER_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.02)
        page = _fresh(cache.get(key))
        if page is not None:
            return page
        if cache.get(RENDERING + key) is None:
            return _fresh(cache.get(key))
    return None


class _Page:
    """A page to store under ``key`` with the versions of what it ``shows``, unless some
    change committed while it was rendered (the listings' version or the generation moved
    on since ``started``: every change moves one)."""

    def __init__(self, key: str, started: dict[str, str], shows: dict[str, str]):
        self.key, self.started, self.shows = key, started, shows

    def store(self, status: int, headers: dict, content: bytes) -> None:
        if versions(self.started) == self.started:
            page = (status, headers, content, self.shows)
            cache.set(self.key, page, settings.PAGE_CACHE_SECONDS)

    def stored_once_sent(self, response: StreamingHttpResponse):
        """The response's chunks as they are sent, kept and stored after the last one;
        given up (the rest still sent) once they outgrow ``PAGE_CACHE_MAX_BYTES``, and
        never stored if the client goes away before the end."""
        chunks = response.streaming_content
        status, headers = response.status_code, dict(response.items())
        limit = settings.PAGE_CACHE_MAX_BYTES

        def sent():
            kept: list[bytes] | None = []
            size = 0
            for chunk in chunks:
                if kept is not None:
                    size += len(chunk)
                    if size > limit:
                        kept = None
                    else:
                        kept.append(chunk)
                yield chunk
            if kept is not None:
                self.store(status, headers, b"".join(kept))

        return sent()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A found page for everyone. A PDF's bytes are not kept, but behind nginx its
    answer is a redirect to the file, kept like a page (the access check's outcome,
    forgotten with the pages showing its meeting)."""
    user = getattr(request, "user", None)
    control = response.get("Cache-Control", "")
    pdf = response.get("Content-Type", "").startswith("application/pdf")
    return (
        response.status_code == 200
        and (not pdf or "X-Accel-Redirect" in response)
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and "private" not in control
        and "no-store" not in control
    )
