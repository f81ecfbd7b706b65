"""``/healthz``: whether this web process can reach what it shares with the others (the
database, the cache and the file storage), for a load balancer to take a host out of
service when it cannot."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _storage() -> None:
    default_storage.exists("healthz")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with each check "ok", or 503 naming the one that failed (details in the log,
    never in the answer)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            logger.exception("Health check failed: %s", name)
            results[name] = "unavailable"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **results}, status=200 if healthy else 503
    )
