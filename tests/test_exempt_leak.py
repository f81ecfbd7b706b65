"""An exempt paper never leaks: signed out, every URL the portal serves is walked, and a
phrase found only in the exempt report appears nowhere; a councillor can read it."""

import datetime
import io
import re

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from decisions.models import DecisionRecord
from meetings.models import AgendaItem, Committee, Meeting
from reports.models import Appendix, Document, Minutes, Report, Upload
from reports.samplepacks import sample_pack
from reports.services import pack_import

MARKER = "quokka-lantern-5521"
MEETING_DATE = datetime.date(2026, 9, 14)


@pytest.fixture
def exempt_pack(media):
    earlier = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 8, 17), seed=1)
    pack_import(source=earlier.pdf, filename=earlier.filename, publish=True)
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=f"The confidential valuation is recorded as {MARKER} in this report.",
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    exempt = meeting.agenda_items.get(is_exempt=True)
    assert Report.objects.filter(agenda_item=exempt).exists()
    return meeting


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

    def pks(model):
        return [{"pk": pk} for pk in model.objects.values_list("pk", flat=True)]

    return {
        "home": [{}],
        "meetings:committees": [{}],
        "meetings:committee": [
            {"slug": s} for s in Committee.objects.values_list("slug", flat=True)
        ],
        "meetings:committee_year": [{"slug": "cabinet", "year": 2026}],
        "meetings:meeting": meetings,
        "meetings:agenda_item": items,
        "meetings:agenda_item_pdf": items,
        "meetings:calendar_now": [{}],
        "meetings:calendar": [{"year": 2026, "month": 9}, {"year": 2026, "month": 8}],
        "reports:report": pks(Report),
        "reports:report_pdf": pks(Report),
        "reports:appendix": pks(Appendix),
        "reports:appendix_pdf": pks(Appendix),
        "reports:minutes": pks(Minutes),
        "reports:minutes_pdf": pks(Minutes),
        "reports:document_pdf": pks(Document),
        "reports:search": [{}],
        "decisions:register": [{}],
        "decisions:decision": pks(DecisionRecord),
        "decisions:decision_pdf": pks(DecisionRecord),
        "staff:dashboard": [{}],
        "staff:upload": [{}] + pks(Upload),
        "staff:upload_again": pks(Upload),
        "staff:review": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:publish": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:withdraw": [{"pk": m.pk} for m in Meeting.objects.all()],
        "staff:audit": [{}],
        "login": [{}],
        "logout": [{}],
        "password_change": [{}],
        "password_change_done": [{}],
        "password_reset": [{}],
        "password_reset_done": [{}],
        "password_reset_confirm": [{"uidb64": "MQ", "token": "set-password"}],
        "password_reset_complete": [{}],
    }


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        document = pdfium.PdfDocument(io.BytesIO(content))
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return content.decode("utf-8", "replace")


def walk(client: Client) -> dict[str, str]:
    """Every URL from the resolver's patterns, then every link found on those pages."""
    # The words of the phrase, not the phrase: a search page rightly repeats its query.
    queries = ["?q=quokka", "?q=lantern+5521", "?q=confidential+valuation", '?q="quokka+lantern"']
    todo = []
    table = candidates()
    missing = set(named_patterns()) - set(table)
    assert not missing, f"the leak test does not know how to visit {missing}"
    for name, argument_sets in table.items():
        for kwargs in argument_sets:
            todo.append(reverse(name, kwargs=kwargs))
    todo += [reverse("reports:search") + q for q in queries]
    todo += [reverse("decisions:register") + q for q in queries]
    seen: dict[str, str] = {}
    while todo:
        url = todo.pop()
        if url in seen or url.startswith(("/static/", "/admin/")):
            continue
        response = client.get(url)
        seen[url] = text_of(response)
        if response.get("Content-Type", "").startswith("text/html"):
            for href in re.findall(r'href="(/[^"#]*)', seen[url]):
                todo.append(href.replace("&amp;", "&"))
    return seen


def test_signed_out_the_exempt_phrase_appears_at_no_url(exempt_pack, client):
    pages = walk(client)
    assert len(pages) > 100
    leaks = [url for url, text in pages.items() if MARKER in text]
    assert not leaks, f"the exempt phrase leaks at {leaks}"


def test_a_councillors_pages_never_reach_the_public_through_the_page_cache(
    exempt_pack, client, councillor, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    reader = Client()
    reader.force_login(councillor)
    assert any(MARKER in text for text in walk(reader).values())
    pages = walk(client)
    leaks = [url for url, text in pages.items() if MARKER in text]
    assert not leaks, f"the exempt phrase leaks at {leaks}"


def test_signed_in_without_a_role_it_still_appears_nowhere(exempt_pack, client, resident):
    client.force_login(resident)
    report = Report.objects.get(agenda_item__is_exempt=True, document__meeting=exempt_pack)
    for url in (
        report.get_absolute_url(),
        report.get_pdf_url(),
        report.agenda_item.get_absolute_url() + "pdf/",
        "/search/?q=quokka+lantern",
    ):
        assert MARKER not in text_of(client.get(url))


def test_a_councillor_reads_the_exempt_paper(exempt_pack, client, councillor):
    client.force_login(councillor)
    report = Report.objects.get(agenda_item__is_exempt=True, document__meeting=exempt_pack)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and MARKER in page.text
    paragraph = report.agenda_item.exempt_paragraph
    notice = f"Not for publication: exempt under paragraph {paragraph} of Part 1 of Schedule 12A"
    assert notice in page.text
    assert MARKER in text_of(client.get(report.get_pdf_url()))
    assert MARKER in text_of(client.get(report.agenda_item.get_absolute_url() + "pdf/"))
    whole_pack = text_of(client.get(exempt_pack.documents.get().get_absolute_url()))
    assert MARKER in whole_pack
    meeting_page = client.get(exempt_pack.get_absolute_url()).text
    assert report.get_absolute_url() in meeting_page


def test_an_item_made_exempt_in_the_admin_leaves_search_and_the_public_pages(
    exempt_pack, client, admin_client, django_capture_on_commit_callbacks
):
    from reports.search import Filters, search

    def found(report) -> bool:
        hits = search(f'"{report.title}"', Filters(kinds=["report"])).hits
        return report.pk in [hit.entry.source_id for hit in hits]

    report = Report.objects.filter(document__meeting=exempt_pack, is_exempt=False).first()
    item = report.agenda_item
    assert found(report)
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, False) and name in form.fields
    }
    data.update(is_exempt="on", exempt_paragraph=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    assert not found(report)
    assert client.get(report.get_absolute_url()).status_code == 404
