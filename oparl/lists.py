"""OParl's external object lists: pages of at most ``PER_PAGE`` objects in a stable order
(by key), with ``pagination`` and ``links``, narrowed by ``created_since``,
``created_until``, ``modified_since`` and ``modified_until`` (spec 2-05). A list read
from several tables (papers are reports, then decision records) pages through them in
turn."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

PER_PAGE = 100

# Each filter: the annotation it narrows (``oparl.sources``) and how.
FILTERS = {
    "created_since": "oparl_created__gte",
    "created_until": "oparl_created__lte",
    "modified_since": "oparl_modified__gte",
    "modified_until": "oparl_modified__lte",
}


class BadRequest(ValueError):
    """A parameter the API cannot read; the message says which, for the client."""


def moments(request: HttpRequest) -> dict[str, datetime.datetime]:
    """The filters asked for, as aware date-times (a value with no offset is the
    council's time)."""
    found = {}
    for name in FILTERS:
        text = request.GET.get(name)
        if text is None:
            continue
        try:
            value = parse_datetime(text)
        except ValueError:
            value = None
        if value is None:
            raise BadRequest(f"{name} must be a date-time such as 2026-01-01T00:00:00+00:00.")
        found[name] = timezone.make_aware(value) if timezone.is_naive(value) else value
    return found


def _whole_number(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(f"{name} must be a whole number from 1.")
    return int(text)


def object_list(
    request: HttpRequest, list_url: str, sources: Sequence, write: Sequence[Callable]
) -> dict:
    """One page of the list at ``list_url`` made of ``sources`` (querysets from
    ``oparl.sources``) in turn, each row written by the ``write`` at the same place."""
    found = moments(request)
    narrow = {FILTERS[name]: value for name, value in found.items()}
    page = _whole_number(request, "page", 1)
    limit = min(_whole_number(request, "limit", PER_PAGE), PER_PAGE)
    sources = [source.filter(**narrow) for source in sources]
    counts = [source.count() for source in sources]
    total = sum(counts)
    pages = max(1, math.ceil(total / limit))
    start, data = (page - 1) * limit, []
    for source, count, writer in zip(sources, counts, write, strict=True):
        end = start + limit - len(data)
        if start < count and end > 0:
            data += [writer(row) for row in source[max(start, 0) : min(end, count)]]
        start -= count

    # The filters as the client gave them, in one canonical order, on every link.
    kept = {name: request.GET[name] for name in sorted(found)}
    if limit != PER_PAGE:
        kept["limit"] = str(limit)

    def link(number: int) -> str:
        query = urlencode({**kept, **({"page": number} if number > 1 else {})})
        return f"{list_url}?{query}" if query else list_url

    links = {"first": link(1), "self": link(page), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
