"""No exempt or draft text ever reaches the public: signed out, with the page cache off
and on, every URL the portal serves is walked, and phrases found only in exempt or
unpublished papers appear nowhere; a councillor can read the exempt ones.

The meeting holds an exempt item with its report, appendix and proposed record of
decision; the previous meeting's exempt minutes (with their minute item) under an exempt
item of their own, beside its public minutes; a report a clerk marked exempt on its own
before correcting the meeting; a public proposed record whose made record is exempt; a
supplementary pack, not yet published, that adds an item; and, for the earlier meeting,
the councillors-only papers of its exempt item, sent apart from its public pack."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import DecisionRecord, ForwardPlanNotice
from packs.writing import sample_pack, supplementary_pack
from publishing.imports import pack_import
from publishing.services import meeting_publish
from reports.models import Appendix, Document, Minutes, Report

from .review import correct_record, make_public, review_data
from .walk import WORDS_PAGES, candidates, named_patterns, oparl_links, text_of

MARKER = "quokka-lantern-5521"  # in every exempt paper of the councillors' pack
OWN_MARKER = "wombat-ember-7713"  # in a report marked exempt on its own
LATE_MARKER = "pangolin-harbour-3390"  # in the unpublished supplementary pack
DRAFT_NOTICE_MARKER = "axolotl-meadow-6604"  # in a forward plan notice not yet published
MOVED_MARKER = "narwhal-cobble-2287"  # in a later pack that prints an open item exempt
SECRETS = (MARKER, OWN_MARKER, LATE_MARKER, DRAFT_NOTICE_MARKER, MOVED_MARKER)
OPENED_MARKER = "heron-pylon-4158"  # in a report marked exempt, then made public by name
MEETING_DATE = datetime.date(2026, 9, 14)


@pytest.fixture
def exempt_pack(media, client, clerk):
    earlier = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 8, 17), seed=1)
    pack_import(source=earlier.pdf, filename=earlier.filename, publish=True)
    councillors_only = supplementary_pack(
        committee="Cabinet",
        meeting_date=datetime.date(2026, 8, 17),
        seed=1,
        exempt_text=f"Sent to members only: the bid is {MARKER}.",
    )
    pack_import(source=councillors_only.pdf, filename=councillors_only.filename, publish=True)
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=f"The confidential valuation is recorded as {MARKER} in this report.",
        report_text={
            "6": f"The figures were agreed as {OWN_MARKER} in confidence.",
            "9": f"The strategy is known as {OPENED_MARKER}.",
        },
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    # A clerk marks a report exempt on its own (as in the admin), then corrects the meeting.
    Report.objects.filter(document__meeting=meeting, agenda_item__number="6").update(
        is_exempt=True, exempt_paragraph=3
    )
    # A public proposal decided in a record that is exempt on its own.
    proposal = DecisionRecord.objects.get(
        meeting=meeting, status="proposed", agenda_item__number="7"
    )
    proposal.made_as = DecisionRecord.objects.create(
        title=f"Decided in confidence as {MARKER}",
        decision=f"The decision, recorded as {MARKER}.",
        decision_maker="Cabinet",
        date=MEETING_DATE,
        meeting=meeting,
        agenda_item=proposal.agenda_item,
        is_exempt=True,
    )
    proposal.save()
    client.force_login(clerk)
    data = review_data(client, meeting)
    data["post"]["items-0-title"] = "Apologies for absence (corrected)"
    data["post"]["publish_correction"] = "1"  # the meeting is public: past its preview
    assert client.post(f"/staff/meetings/{meeting.pk}/", data["post"]).status_code == 302
    # A report marked exempt by the clerk, then made public by name, with a reason.
    opened = Report.objects.get(document__meeting=meeting, agenda_item__number="9")
    assert (
        correct_record(
            client, meeting, "reports", opened, is_exempt="on", publish_correction="1"
        ).status_code
        == 302
    )
    response = make_public(client, meeting, f"report:{opened.pk}", reason="Agreed for publication.")
    assert response.status_code == 302
    client.logout()
    # A later pack prints item 8 as exempt (moved into private session), and is published.
    moved = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        number_from=8,
        exempt_text=f"Moved into private session: {MOVED_MARKER}.",
    )
    pack_import(source=moved.pdf, filename=moved.filename)
    meeting_publish(meeting)
    late = supplementary_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        number_from=12,
        report_text={"12": f"A late paper, reference {LATE_MARKER}."},
    )
    pack_import(source=late.pdf, filename=late.filename)
    assert meeting.agenda_items.filter(number="12").exists()
    exempt_record = DecisionRecord.objects.get(
        document__meeting=meeting, agenda_item__number="11", status="proposed"
    )
    ForwardPlanNotice.objects.create(
        reference=exempt_record.reference,
        matter=exempt_record.title,
        decision_maker="Cabinet",
        expected_date=MEETING_DATE,
        is_private=True,
        exempt_paragraph=3,
        private_reason="The report holds the valuation.",
        report=Report.objects.get(document__meeting=meeting, agenda_item__number="11"),
        decision=exempt_record,
        status=ForwardPlanNotice.Status.DECIDED,
        published_at=datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC),
        first_published_on=datetime.date(2026, 8, 1),
    )
    ForwardPlanNotice.objects.create(
        matter="A draft notice",
        summary=f"Not yet announced: {DRAFT_NOTICE_MARKER}.",
        decision_maker="Cabinet",
        expected_date=MEETING_DATE,
    )
    return meeting


def test_the_pack_holds_every_kind_of_exempt_paper(exempt_pack):
    """The fixture is what the leak test claims: each kind of paper, exempt, imported."""
    exempt_items = exempt_pack.agenda_items.filter(is_exempt=True)
    assert Report.objects.filter(agenda_item__in=exempt_items).exists()
    assert Appendix.objects.filter(report__agenda_item__in=exempt_items).exists()
    assert DecisionRecord.objects.filter(agenda_item__in=exempt_items).exists()
    made = DecisionRecord.objects.get(status="made", is_exempt=True, meeting=exempt_pack)
    assert made.proposals.get(is_public=True)
    minutes = Minutes.objects.filter(meeting__date=datetime.date(2026, 8, 17))
    exempt_minutes = minutes.get(document__meeting=exempt_pack, is_exempt=True)
    assert exempt_minutes.agenda_item.is_exempt and exempt_minutes.items.exists()
    assert minutes.filter(document__meeting=exempt_pack, is_exempt=False).exists()
    own = Report.objects.get(document__meeting=exempt_pack, agenda_item__number="6")
    assert own.is_exempt and not own.agenda_item.is_exempt
    late = exempt_pack.agenda_items.get(number="12")
    assert late.document.published_at is None
    sent_apart = Document.objects.get(original_name__endswith="-2026-08-17-exempt.pdf")
    assert sent_apart.published_at and sent_apart.reports.exists()
    assert not sent_apart.reports.exclude(pk__in=Report.objects.exempt()).exists()
    moved = exempt_pack.agenda_items.get(number="8")
    assert moved.is_exempt and moved.reports.count() == 2  # the pack's, and the later one
    assert not moved.reports.exclude(pk__in=Report.objects.exempt()).exists()
    opened = Report.objects.get(document__meeting=exempt_pack, agenda_item__number="9")
    assert opened in Report.objects.public()


def walk(client: Client) -> dict[str, str]:
    """Every URL from the resolver's patterns, then every link found on those pages, and
    every API URL in the API's answers (each list's ``links.next`` to its end, each
    object's ``id``), with the meetings list also asked what changed since 2000."""
    # The words of the phrases, not the phrases: a search page rightly repeats its query.
    queries = [
        "?q=quokka",
        "?q=lantern+5521",
        "?q=confidential+valuation",
        '?q="quokka+lantern"',
        "?q=wombat",
        "?q=pangolin+harbour",
        "?q=late+paper",
        "?q=narwhal",
        "?q=heron+pylon",
    ]
    todo = []
    table = candidates()
    missing = set(named_patterns()) - set(table)
    assert not missing, f"the leak test does not know how to visit {missing}"
    for name, argument_sets in table.items():
        for kwargs in argument_sets:
            todo.append(reverse(name, kwargs=kwargs))
    todo += [reverse(name) + q for name in WORDS_PAGES for q in queries]
    todo.append(reverse("oparl:list", kwargs={"name": "meetings"}) + "?modified_since=2000-01-01")
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
        todo += oparl_links(response)
    return seen


def leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [(url, secret) for url, text in pages.items() for secret in SECRETS if secret in text]


@pytest.mark.parametrize(
    "cache_seconds, behind_nginx",
    [(0, False), (600, False), (600, True)],
    ids=["cache-off", "cache-on", "cache-on-behind-nginx"],
)
def test_signed_out_no_exempt_or_draft_phrase_appears_at_any_url(
    exempt_pack, client, settings, cache_seconds, behind_nginx
):
    """Behind nginx a PDF is an internal redirect (kept in the page cache): the file it
    names is read, as nginx would send it."""
    settings.PAGE_CACHE_SECONDS = cache_seconds
    settings.PDF_ACCEL_REDIRECT = "/protected-media/" if behind_nginx else ""
    pages = walk(client)
    pdf = Report.objects.public().filter(document__meeting=exempt_pack).first().get_pdf_url()
    assert client.get(pdf).has_header("X-Accel-Redirect") == behind_nginx
    assert len(pages) > 100
    assert not leaks(pages), f"exempt or draft text leaks at {leaks(pages)}"
    assert OPENED_MARKER in "\n".join(pages.values()), "what staff made public is public"
    late = exempt_pack.agenda_items.get(number="12")
    assert client.get(late.get_absolute_url()).status_code == 404
    assert late.get_absolute_url() not in client.get(exempt_pack.get_absolute_url()).text


def test_with_packs_in_a_bucket_no_exempt_phrase_appears_at_any_url(
    bucket, exempt_pack, client, settings
):
    """Packs, cuts and pictures in a private bucket (``STORAGE_BUCKET``): every PDF still
    passes the access check, and no portal URL serves what the bucket holds."""
    settings.PAGE_CACHE_SECONDS = 600
    assert any(key.endswith(".pdf") for key in bucket.objects("packs/"))
    pages = walk(client)
    assert len(pages) > 100
    assert not leaks(pages), f"exempt or draft text leaks at {leaks(pages)}"
    for key in bucket.objects():
        for guess in (f"/media/{key}", f"/{key}"):
            assert client.get(guess).status_code == 404, guess


def test_a_councillors_pages_never_reach_the_public_through_the_page_cache(
    exempt_pack, client, councillor, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    reader = Client()
    reader.force_login(councillor)
    seen = "\n".join(walk(reader).values())
    assert MARKER in seen and OWN_MARKER in seen
    assert LATE_MARKER not in seen, "a councillor sees only published papers"
    assert DRAFT_NOTICE_MARKER not in seen, "and only published notices"
    pages = walk(client)
    assert not leaks(pages), f"exempt or draft text leaks at {leaks(pages)}"


def test_a_decision_made_exempt_after_the_register_was_cached_leaves_it_at_once(
    exempt_pack, client, clerk, settings, django_capture_on_commit_callbacks
):
    """The register's cached pages, filtered, CSV and feed, outlive corrections that leave
    the decision records alone; a clerk's marking one exempt forgets them all."""
    settings.PAGE_CACHE_SECONDS = 600
    record = DecisionRecord.objects.filter(
        in_register=True, document__meeting=exempt_pack, proposals=None
    ).first()
    word = record.title.split()[0]
    pages = [
        reverse("decisions:register"),
        f"{reverse('decisions:register')}?q={word}",
        reverse("follow:decisions_csv"),
        reverse("follow:decisions_feed"),
    ]
    assert all(record.title in text_of(client.get(url)) for url in pages)
    staff = Client()
    staff.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        changed = correct_record(
            staff, exempt_pack, "decisions", record, is_exempt="on", publish_correction="1"
        )
    assert changed.status_code == 302
    assert DecisionRecord.objects.get(pk=record.pk).is_exempt
    assert [url for url in pages if record.title in text_of(client.get(url))] == []


def test_a_notice_of_an_exempt_decision_links_neither_it_nor_its_report_publicly(
    exempt_pack, client, councillor
):
    notice = ForwardPlanNotice.objects.get(decision__isnull=False)
    links = (notice.decision.get_absolute_url(), notice.report.get_absolute_url())
    page = client.get(notice.get_absolute_url()).text
    assert "To be taken in private" in page and "The report holds the valuation." in page
    assert not [link for link in links if f'href="{link}"' in page]
    client.force_login(councillor)
    page = client.get(notice.get_absolute_url()).text
    assert all(f'href="{link}"' in page for link in links)


def test_signed_in_without_a_role_it_still_appears_nowhere(exempt_pack, client, resident):
    client.force_login(resident)
    report = Report.objects.get(agenda_item__number="11", document__meeting=exempt_pack)
    for url in (
        report.get_absolute_url(),
        report.get_pdf_url(),
        report.agenda_item.get_absolute_url() + "pdf/",
        "/search/?q=quokka+lantern",
    ):
        assert MARKER not in text_of(client.get(url))


def test_a_councillor_reads_the_exempt_paper(exempt_pack, client, councillor):
    client.force_login(councillor)
    report = Report.objects.get(agenda_item__number="11", document__meeting=exempt_pack)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and MARKER in page.text
    paragraph = report.agenda_item.exempt_paragraph
    notice = f"Not for publication: exempt under paragraph {paragraph} of Part 1 of Schedule 12A"
    assert notice in page.text
    assert MARKER in text_of(client.get(report.get_pdf_url()))
    assert MARKER in text_of(client.get(report.agenda_item.get_absolute_url() + "pdf/"))
    whole_pack = text_of(client.get(exempt_pack.documents.get(kind="main_pack").get_absolute_url()))
    assert MARKER in whole_pack
    meeting_page = client.get(exempt_pack.get_absolute_url()).text
    assert report.get_absolute_url() in meeting_page


def test_papers_sent_to_members_only_are_not_even_listed_for_the_public(
    exempt_pack, client, councillor
):
    sent_apart = Document.objects.get(original_name__endswith="-2026-08-17-exempt.pdf")
    meeting_url = sent_apart.meeting.get_absolute_url()
    assert sent_apart.get_absolute_url() not in client.get(meeting_url).text
    assert client.get(sent_apart.get_absolute_url()).status_code == 404
    client.force_login(councillor)
    assert sent_apart.get_absolute_url() in client.get(meeting_url).text
    assert MARKER in text_of(client.get(sent_apart.get_absolute_url()))


def test_an_item_made_exempt_in_the_admin_leaves_search_and_the_public_pages(
    exempt_pack, client, admin_client, django_capture_on_commit_callbacks
):
    from search.index import Filters, search

    def found(report) -> bool:
        hits = search(f'"{report.title}"', Filters(kinds=["report"])).hits
        return report.pk in [hit.entry.source_id for hit in hits]

    report = Report.objects.public().filter(document__meeting=exempt_pack).first()
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
