"""The OParl 1.1 API (``/oparl/v1.1/``): the system, the council as its one body, its
external lists and every object by its URL. Public content only, from ``oparl.sources``,
whoever asks: a councillor signed in reads what the public reads. Every answer is JSON
with ``Access-Control-Allow-Origin: *`` (spec 2-06); an error is OParl's error object
(2-09)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Min
from django.http import Http404, HttpRequest, JsonResponse

from meetings.access import PUBLIC

from . import sources
from .lists import BadRequest, object_list
from .objects import SCHEMA, Writer


def api(view):
    """JSON for every answer of ``view``, errors included, readable from any origin."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            data, status = view(request, Writer(request), *args, **kwargs), 200
        except BadRequest as error:
            data, status = _error(str(error)), 400
        except Http404:
            data, status = _error("There is no such object in this API."), 404
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _error(message: str) -> dict:
    return {"type": SCHEMA + "Error", "message": message}


@dataclass(frozen=True)
class Kind:
    """One type of object at ``<path>/<pk>/``: its rows and how each is written."""

    rows: Callable
    write: Callable[[Writer], Callable]


KINDS = {
    "organization": Kind(sources.organizations, lambda w: w.organization),
    "person": Kind(sources.persons, lambda w: w.person),
    "membership": Kind(sources.memberships, lambda w: w.membership),
    "meeting": Kind(sources.meetings, lambda w: w.meeting),
    "agenda-item": Kind(sources.agenda_items, lambda w: w.agenda_item),
    "location": Kind(sources.locations, lambda w: w.location),
    "consultation": Kind(sources.consultations, lambda w: w.consultation),
    "paper/report": Kind(sources.reports, lambda w: w.report),
    "paper/decision": Kind(sources.decisions, lambda w: w.decision),
    "file/report": Kind(sources.report_files, lambda w: w.report_file),
    "file/appendix": Kind(sources.appendix_files, lambda w: w.appendix_file),
    "file/decision": Kind(sources.decision_files, lambda w: w.decision_file),
}

# Each list under body/: the kinds it holds, in turn.
LISTS = {
    "organizations": ["organization"],
    "persons": ["person"],
    "memberships": ["membership"],
    "meetings": ["meeting"],
    "agenda-items": ["agenda-item"],
    "locations": ["location"],
    "consultations": ["consultation"],
    "papers": ["paper/report", "paper/decision"],
    "files": ["file/report", "file/appendix", "file/decision"],
}


def _first_meeting_day():
    return PUBLIC.meetings().aggregate(first=Min("date"))["first"]


@api
def system(request: HttpRequest, writer: Writer) -> dict:
    return writer.system()


@api
def bodies(request: HttpRequest, writer: Writer) -> dict:
    url = writer.url("bodies/")
    body = writer.body(_first_meeting_day())
    return {
        "data": [body],
        "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
        "links": {"first": url, "self": url, "last": url},
    }


@api
def body(request: HttpRequest, writer: Writer) -> dict:
    return writer.body(_first_meeting_day())


@api
def legislative_term(request: HttpRequest, writer: Writer) -> dict:
    return writer.legislative_term(_first_meeting_day())


@api
def legislative_terms(request: HttpRequest, writer: Writer) -> dict:
    url = writer.url("body/legislative-terms/")
    term = writer.legislative_term(_first_meeting_day())
    return {
        "data": [term],
        "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
        "links": {"first": url, "self": url, "last": url},
    }


@api
def listing(request: HttpRequest, writer: Writer, name: str) -> dict:
    """A list under body/; the meetings list, asked what changed since a moment, also
    holds the meetings withdrawn since, as deleted (spec 2-05, 2-08)."""
    if name not in LISTS:
        raise Http404
    kinds = [KINDS[kind] for kind in LISTS[name]]
    rows = [kind.rows() for kind in kinds]
    write = [kind.write(writer) for kind in kinds]
    if name == "meetings" and "modified_since" in request.GET:
        rows.append(sources.withdrawn_meetings())
        write.append(writer.meeting)
    return object_list(request, writer.url(f"body/{name}/"), rows, write)


def detail(kind: str):
    """The view of one object of ``kind`` by its key; a withdrawn meeting is deleted."""

    @api
    def view(request: HttpRequest, writer: Writer, pk: int) -> dict:
        row = KINDS[kind].rows().filter(pk=pk).first()
        if row is None and kind == "meeting":
            row = sources.withdrawn_meetings().filter(pk=pk).first()
        if row is None:
            raise Http404
        return KINDS[kind].write(writer)(row)

    return view
