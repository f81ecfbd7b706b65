"""The address a request came from, as sign-in lockouts and rate limits count it.

Behind the HTTPS proxy (``BEHIND_HTTPS_PROXY``) every connection comes from the proxy,
so the client is read from ``X-Forwarded-For``: each of the ``PROXY_COUNT`` proxies
appends the address it was reached from, so the client is that many entries from the
right; anything further left was written by the client and is not believed. Without
the proxy the header is the client's own word, and only ``REMOTE_ADDR`` counts.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    candidate = forwarded[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """The client address as a django-ratelimit key, by the same rule as sign-in."""
    return client_ip(request)
