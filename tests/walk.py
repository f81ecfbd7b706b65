"""Every URL the portal serves, from every row of the database, and the text each answers:
the leak tests' way of looking at the portal as a visitor would."""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alerts import tokens
from alerts.models import Subscriber
from decisions.models import DecisionRecord, ForwardPlanNotice
from follow.sitemaps import SITEMAPS
from meetings.models import AgendaItem, Committee, Meeting, Member, Membership
from oparl.views import LISTS
from publishing.models import Upload
from reports.models import Appendix, Document, Minutes, Report


def named_patterns(patterns=None, namespace="") -> list[str]:
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or ""
            if space == "admin":
                continue
            prefix = f"{namespace}{space}:" if space else namespace
            names += named_patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(f"{namespace}{entry.name}")
    return names


def candidates() -> dict[str, list[dict]]:
    """Arguments for every named URL, from every row, exempt and draft ones included."""
    meetings = [m.url_kwargs() for m in Meeting.objects.select_related("committee")]
    items = [
        {**item.meeting.url_kwargs(), "number": item.number}
        for item in AgendaItem.objects.select_related("meeting__committee")
    ]

    members = [{"slug": slug} for slug in Member.objects.values_list("slug", flat=True)]

    def pks(model):
        return [{"pk": pk} for pk in model.objects.values_list("pk", flat=True)]

    plan_months = [
        {"year": month.year, "month": month.month}
        for month in ForwardPlanNotice.objects.dates("expected_date", "month")
    ]

    committees = [{"slug": s} for s in Committee.objects.values_list("slug", flat=True)]

    def alert_links(purpose: str) -> list[dict]:
        """A link of each address, and links forged, cut short and made for another use."""
        subscribers = list(Subscriber.objects.prefetch_related("alerts"))
        valid = [
            tokens.make(
                purpose, s, [a.pk for a in s.alerts.all()] if purpose == "confirm" else None
            )
            for s in subscribers
        ]
        other = "manage" if purpose != "manage" else "unsubscribe"
        wrong = [tokens.make(other, s) for s in subscribers]
        bad = ["not-a-link", *(token[:-3] for token in valid)]
        return [{"token": token} for token in (*valid, *wrong, *bad)]

    return {
        **oparl_candidates(pks),
        "home": [{}],
        "healthz": [{}],
        "follow:robots": [{}],
        "follow:sitemap": [{}],
        "follow:sitemap_section": [{"section": section} for section in SITEMAPS],
        "meetings:committees": [{}],
        "meetings:committee": committees,
        "follow:committee_meetings_feed": committees,
        "follow:committee_papers_feed": committees,
        "follow:committee_calendar": committees,
        "follow:meeting_calendar": meetings,
        "follow:meetings_calendar": [{}],
        "follow:meetings_csv": [{}],
        "alerts:sign_up": [{}],
        "alerts:confirm": alert_links("confirm"),
        "alerts:manage": alert_links("manage"),
        "alerts:unsubscribe": alert_links("unsubscribe"),
        "meetings:committee_year": [{"slug": "cabinet", "year": 2026}],
        "meetings:meeting": meetings,
        "meetings:agenda_item": items,
        "meetings:agenda_item_pdf": items,
        "meetings:calendar_now": [{}],
        "meetings:councillors": [{}],
        "meetings:councillor": members,
        "meetings:councillor_interests": members,
        "meetings:my_meetings": [{}],
        "meetings:calendar": [{"year": 2026, "month": 9}, {"year": 2026, "month": 8}],
        "reports:report": pks(Report),
        "reports:report_pdf": pks(Report),
        "reports:appendix": pks(Appendix),
        "reports:appendix_pdf": pks(Appendix),
        "reports:minutes": pks(Minutes),
        "reports:minutes_pdf": pks(Minutes),
        "reports:document_pdf": pks(Document),
        "search:search": [{}],
        "follow:search_feed": [{}],
        "decisions:register": [{}],
        "follow:decisions_csv": [{}],
        "follow:decisions_feed": [{}],
        "decisions:decision": pks(DecisionRecord),
        "decisions:decision_pdf": pks(DecisionRecord),
        "decisions:forward_plan": [{}],
        "decisions:forward_plan_month": plan_months,
        "decisions:forward_plan_notice": pks(ForwardPlanNotice),
        "staff:dashboard": [{}],
        "staff:upload": [{}] + pks(Upload),
        "staff:upload_again": pks(Upload),
        "staff:review": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:publish": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:withdraw": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:audit": [{}],
        "staff:forward_plan": [{}],
        "staff:forward_plan_add": [{}],
        "staff:forward_plan_edit": pks(ForwardPlanNotice),
        "staff:forward_plan_publish": pks(ForwardPlanNotice),
        "staff:councillors": [{}],
        "staff:councillor_add": [{}],
        "staff:councillor": pks(Member),
        "staff:councillor_merge": pks(Member),
        "staff:decision_call_in": pks(DecisionRecord),
        "staff:attach": pks(Document),
        "staff:document_restore": pks(Document),
        "staff:record_edit": [
            {"pk": record.document.meeting_id, "kind": "decisions", "record": record.pk}
            for record in DecisionRecord.objects.filter(document__isnull=False).select_related(
                "document"
            )
        ]
        + [
            {"pk": record.document.meeting_id, "kind": "minutes", "record": record.pk}
            for record in Minutes.objects.select_related("document")
        ]
        + [
            {"pk": record.document.meeting_id, "kind": "reports", "record": record.pk}
            for record in Report.objects.select_related("document")
        ],
        "staff:document_pages": pks(Document),
        "staff:page": [
            {"pk": pk, "page": 1} for pk in Document.objects.values_list("pk", flat=True)
        ],
        "staff:page_picture": [
            {"pk": pk, "page": 1, "size": size}
            for pk in Document.objects.values_list("pk", flat=True)
            for size in ("small", "large")
        ],
        "login": [{}],
        "logout": [{}],
        "password_change": [{}],
        "password_change_done": [{}],
        "password_reset": [{}],
        "password_reset_done": [{}],
        "password_reset_confirm": [{"uidb64": "MQ", "token": "set-password"}],
        "password_reset_complete": [{}],
    }


def oparl_candidates(pks) -> dict[str, list[dict]]:
    """The API's lists, and every object URL from every row of the table it is read from,
    so an exempt or draft row's URL is asked for too."""
    return {
        "oparl:system": [{}],
        "oparl:bodies": [{}],
        "oparl:body": [{}],
        "oparl:legislative_term": [{}],
        "oparl:legislative_terms": [{}],
        "oparl:list": [{"name": name} for name in LISTS],
        "oparl:organization": pks(Committee),
        "oparl:person": pks(Member),
        "oparl:membership": pks(Membership),
        "oparl:meeting": pks(Meeting),
        "oparl:agenda-item": pks(AgendaItem),
        "oparl:location": pks(Meeting),
        "oparl:consultation": pks(Report),
        "oparl:paper_report": pks(Report),
        "oparl:paper_decision": pks(DecisionRecord),
        "oparl:file_report": pks(Report),
        "oparl:file_appendix": pks(Appendix),
        "oparl:file_decision": pks(DecisionRecord),
    }


def oparl_links(response) -> list[str]:
    """The API's own URLs (path and query) in a JSON answer: ``links`` of every list page
    and the ``id`` of every object, to follow to the end."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return []
    found = []

    def visit(value):
        if isinstance(value, dict):
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            parts = urlsplit(value)
            if parts.path.startswith("/oparl/"):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    visit(json.loads(response.content))
    return found


# Pages that take the search's or the register's words: each is asked for every word.
WORDS_PAGES = (
    "search:search",
    "follow:search_feed",
    "decisions:register",
    "follow:decisions_csv",
    "follow:decisions_feed",
)


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("X-Accel-Redirect"):  # what nginx sends: the file the portal names
        name = response["X-Accel-Redirect"].removeprefix(settings.PDF_ACCEL_REDIRECT)
        content = (Path(settings.MEDIA_ROOT) / name).read_bytes()
    if response.get("Content-Type", "").startswith("application/pdf"):
        document = pdfium.PdfDocument(io.BytesIO(content))
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return content.decode("utf-8", "replace")


# Pages only staff or the signed-in use: signed out they ask to sign in, and say nothing.
PRIVATE = ("staff:", "login", "logout", "password_")


def public_text(client: Client, words=(), skip=()) -> dict[str, str]:
    """What every URL from every row answers ``client`` (no links followed: the URLs are
    all there are), with the search page and the register asked for each of ``words``;
    URL names starting with one of ``skip`` are left out."""
    urls = [
        reverse(name, kwargs=kwargs)
        for name, argument_sets in candidates().items()
        if not name.startswith((*PRIVATE, *skip))
        for kwargs in argument_sets
    ]
    for word in words:
        urls += [f"{reverse(name)}?q={word}" for name in WORDS_PAGES]
    return {url: text_of(client.get(url)) for url in dict.fromkeys(urls)}
