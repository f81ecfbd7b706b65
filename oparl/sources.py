"""What each OParl list and object is read from: public rows only, from
``meetings.access.PUBLIC`` whoever asks, each annotated with the ``oparl_created`` and
``oparl_modified`` the API prints and filters on, ordered by key so pages are stable, and
with what its objects embed prefetched so a page costs the same queries however long.

Committees, councillors and memberships carry their own times. A meeting's agenda items,
venue, papers and files have none of their own: they take the meeting's, whose
``updated_at`` moves when it is published, corrected or withdrawn."""

from __future__ import annotations

from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import AgendaItem, Membership
from reports.models import Appendix, Report


def _stamped(rows, created, modified):
    return rows.annotate(oparl_created=created, oparl_modified=modified).order_by("pk")


def _of_meeting(rows, path: str):
    """``rows`` dated by their meeting, reached by ``path`` ("" for meetings)."""
    prefix = f"{path}__" if path else ""
    return _stamped(rows, F(f"{prefix}created_at"), F(f"{prefix}updated_at"))


def memberships():
    return _stamped(
        Membership.objects.filter(committee__in=PUBLIC.committees()),
        F("created_at"),
        F("updated_at"),
    )


def organizations():
    return _stamped(PUBLIC.committees(), F("created_at"), F("updated_at")).prefetch_related(
        Prefetch("memberships", queryset=memberships())
    )


def persons():
    """Councillors, modified when they or one of their memberships (which they embed) was."""
    latest = memberships().filter(member=OuterRef("pk")).order_by("-updated_at")
    modified = Greatest(
        "updated_at", Coalesce(Subquery(latest.values("updated_at")[:1]), "updated_at")
    )
    return _stamped(PUBLIC.members(), F("created_at"), modified).prefetch_related(
        Prefetch("memberships", queryset=memberships())
    )


def _public_reports():
    return PUBLIC.reports().order_by("pk")


def agenda_items():
    rows = PUBLIC.agenda_items().select_related("meeting__committee")
    return _of_meeting(rows, "meeting").prefetch_related(
        Prefetch("reports", queryset=_public_reports(), to_attr="public_reports")
    )


def meetings():
    items = PUBLIC.agenda_items().order_by("order")
    return (
        _of_meeting(PUBLIC.meetings(), "")
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=items.prefetch_related(
                    Prefetch("reports", queryset=_public_reports(), to_attr="public_reports")
                ),
                to_attr="public_items",
            )
        )
    )


def withdrawn_meetings():
    return _of_meeting(PUBLIC.withdrawn_meetings(), "")


# What a meeting withdrawn after publication holds that is not labelled exempt, and is not
# public another way: the API says each is deleted, and nothing else of it (spec 2-08).


def _gone(rows, path: str, live):
    withdrawn = PUBLIC.withdrawn_meetings()
    gone = rows.filter(**{f"{path}__in": withdrawn}).exclude(pk__in=live.values("pk"))
    return _of_meeting(gone, path)


def _open_reports():
    return Report.objects.filter(is_exempt=False).exclude(agenda_item__is_exempt=True)


def gone_agenda_items():
    return _gone(AgendaItem.objects.filter(is_exempt=False), "meeting", PUBLIC.agenda_items())


def gone_locations():
    return withdrawn_meetings().exclude(venue="")


def gone_reports():
    return _gone(_open_reports(), "document__meeting", PUBLIC.reports())


def gone_consultations():
    return gone_reports().filter(agenda_item__isnull=False)


def gone_appendix_files():
    appendices = Appendix.objects.filter(is_exempt=False, report__in=_open_reports())
    return _gone(appendices, "document__meeting", PUBLIC.appendices())


def gone_decisions():
    withdrawn = PUBLIC.withdrawn_meetings()
    records = (
        DecisionRecord.objects.filter(is_exempt=False)
        .filter(Q(meeting__in=withdrawn) | Q(document__meeting__in=withdrawn))
        .exclude(pk__in=PUBLIC.decisions().values("pk"))
    )
    return _stamped(
        records,
        Coalesce("meeting__created_at", "document__meeting__created_at"),
        Coalesce("meeting__updated_at", "document__meeting__updated_at"),
    )


def gone_decision_files():
    return gone_decisions().filter(document__isnull=False, first_page__isnull=False)


def locations():
    """One location a meeting with a venue: venues are free text, so the meeting names it."""
    return _of_meeting(PUBLIC.meetings().exclude(venue=""), "")


def reports():
    return (
        _of_meeting(PUBLIC.reports(), "document__meeting")
        .with_document("document__meeting")
        .prefetch_related(
            Prefetch("agenda_item", queryset=PUBLIC.agenda_items()),
            Prefetch(
                "appendices",
                queryset=PUBLIC.appendices().order_by("first_page"),
                to_attr="public_appendices",
            ),
        )
    )


def decisions():
    return _stamped(
        PUBLIC.decisions(),
        Coalesce("meeting__created_at", "document__meeting__created_at"),
        Coalesce("meeting__updated_at", "document__meeting__updated_at"),
    ).with_document("meeting")


def consultations():
    """A report considered at a public agenda item."""
    return _of_meeting(
        PUBLIC.reports().filter(agenda_item__in=PUBLIC.agenda_items()), "document__meeting"
    ).with_document("agenda_item", "document__meeting")


def report_files():
    return reports()


def appendix_files():
    return _of_meeting(
        PUBLIC.appendices().filter(report__in=PUBLIC.reports()), "document__meeting"
    ).with_document("document__meeting")


def decision_files():
    """Records printed in a published document: their pages are a PDF to download."""
    return decisions().filter(document__isnull=False, first_page__isnull=False)
