"""Whole pages for signed-out visitors, kept in the shared cache.

The public's pages change only when papers are published, corrected or withdrawn, or
edited in the admin. Every public value is cached under the current *publication
generation*, a random token held in the cache. A change replaces the token once its
transaction commits, so everything cached before it is unreachable at once in every
process; a page rendered from the old data while the change was in flight is stored under
the old token and never served. A lost token (evicted, or the cache emptied) only makes a
new one: nothing cached under the old one is served again.

Only requests without a session cookie are served from or stored in the cache, and only
a plain 200 response that sets no cookie and was rendered for a signed-out visitor is
stored. Signed-in staff and councillors always get a fresh page. Feeds and calendars are
pages like any other; a streamed download (a CSV) is stored once its last row has been
sent, unless it grew past ``PAGE_CACHE_MAX_BYTES``: the whole archive then streams afresh
each time, never held in memory. PDFs are never stored: they are cut for each request.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

GENERATION = "public-generation"


def public_key(name: str) -> str:
    """The cache key of a public value under the current publication generation."""
    token = cache.get(GENERATION)
    if token is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION)
    return f"public:{token}:{name}"


def public_pages_changed() -> None:
    """Forget every cached public page and value once the current transaction commits."""
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)


class PublicPageCacheMiddleware:
    """Serve signed-out visitors' GET requests from the cache (``PAGE_CACHE_SECONDS``;
    0 turns it off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._may_cache(request):
            return self.get_response(request)
        url = request.build_absolute_uri().encode()
        key = public_key("page:" + hashlib.sha256(url).hexdigest())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if request.method == "GET" and _storable(request, response):
            if response.streaming:
                response.streaming_content = _stored_once_sent(key, response)
            else:
                cache.set(
                    key,
                    (response.status_code, dict(response.items()), response.content),
                    settings.PAGE_CACHE_SECONDS,
                )
        return response

    def _may_cache(self, request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )


def _stored_once_sent(key: str, response: StreamingHttpResponse):
    """The response's chunks as they are sent, kept and stored under ``key`` after the
    last one; given up (the rest still sent) once they outgrow ``PAGE_CACHE_MAX_BYTES``,
    and never stored if the client goes away before the end."""
    chunks = response.streaming_content
    status, headers = response.status_code, dict(response.items())
    timeout, limit = settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_MAX_BYTES

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
            cache.set(key, (status, headers, b"".join(kept)), timeout)

    return sent()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.get("Content-Type", "").startswith("application/pdf")
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and "private" not in control
        and "no-store" not in control
    )
