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
    """One type of object at ``<path>/<pk>/``: its OParl type, its rows, how each is
    written, and the rows once public and gone since (written as deleted)."""

    type: str
    rows: Callable
    write: Callable[[Writer], Callable]
    gone: Callable | None = None


KINDS = {
    "organization": Kind("Organization", sources.organizations, lambda w: w.organization),
    "person": Kind("Person", sources.persons, lambda w: w.person),
    "membership": Kind("Membership", sources.memberships, lambda w: w.membership),
    "meeting": Kind("Meeting", sources.meetings, lambda w: w.meeting, sources.withdrawn_meetings),
    "agenda-item": Kind(
        "AgendaItem", sources.agenda_items, lambda w: w.agenda_item, sources.gone_agenda_items
    ),
    "location": Kind("Location", sources.locations, lambda w: w.location, sources.gone_locations),
    "consultation": Kind(
        "Consultation",
        sources.consultations,
        lambda w: w.consultation,
        sources.gone_consultations,
    ),
    "paper/report": Kind("Paper", sources.reports, lambda w: w.report, sources.gone_reports),
    "paper/decision": Kind(
        "Paper", sources.decisions, lambda w: w.decision, sources.gone_decisions
    ),
    "file/report": Kind(
        "File", sources.report_files, lambda w: w.report_file, sources.gone_reports
    ),
    "file/appendix": Kind(
        "File", sources.appendix_files, lambda w: w.appendix_file, sources.gone_appendix_files
    ),
    "file/decision": Kind(
        "File", sources.decision_files, lambda w: w.decision_file, sources.gone_decision_files
    ),
}


def _deleted(writer: Writer, path: str) -> Callable:
    kind = KINDS[path]
    return lambda row: writer.deleted(kind.type, path, row)


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


def _list_of_one(url: str, obj: dict) -> dict:
    """A list that always holds one object, paginated as the spec writes every list."""
    return {
        "data": [obj],
        "pagination": {"totalElements": 1, "elementsPerPage": 1, "currentPage": 1, "totalPages": 1},
        "links": {"first": url, "self": url, "last": url},
    }


def _first_meeting_day():
    return PUBLIC.meetings().aggregate(first=Min("date"))["first"]


@api
def system(request: HttpRequest, writer: Writer) -> dict:
    return writer.system()


@api
def bodies(request: HttpRequest, writer: Writer) -> dict:
    return _list_of_one(writer.url("bodies/"), writer.body(_first_meeting_day()))


@api
def body(request: HttpRequest, writer: Writer) -> dict:
    return writer.body(_first_meeting_day())


@api
def legislative_term(request: HttpRequest, writer: Writer) -> dict:
    return writer.legislative_term(_first_meeting_day())


@api
def legislative_terms(request: HttpRequest, writer: Writer) -> dict:
    term = writer.legislative_term(_first_meeting_day())
    return _list_of_one(writer.url("body/legislative-terms/"), term)


@api
def listing(request: HttpRequest, writer: Writer, name: str) -> dict:
    """A list under body/; asked what changed since a moment, it also holds what was
    withdrawn since, as deleted (spec 2-05, 2-08)."""
    if name not in LISTS:
        raise Http404
    kinds = [KINDS[kind] for kind in LISTS[name]]
    rows = [kind.rows() for kind in kinds]
    write = [kind.write(writer) for kind in kinds]
    if "modified_since" in request.GET:
        for path in LISTS[name]:
            if KINDS[path].gone:
                rows.append(KINDS[path].gone())
                write.append(_deleted(writer, path))
    return object_list(request, writer.url(f"body/{name}/"), rows, write)


def detail(kind: str):
    """The view of one object of ``kind`` by its key; one withdrawn is deleted."""

    @api
    def view(request: HttpRequest, writer: Writer, pk: int) -> dict:
        row = KINDS[kind].rows().filter(pk=pk).first()
        if row is not None:
            return KINDS[kind].write(writer)(row)
        gone = KINDS[kind].gone and KINDS[kind].gone().filter(pk=pk).first()
        if gone is None:
            raise Http404
        return writer.deleted(KINDS[kind].type, kind, gone)

    return view
