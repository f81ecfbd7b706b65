"""Issue 19, point 7: the smaller defects, each shown through the portal as people use it
(Django's test client, real sample packs and real council PDFs through the real parser)."""

import datetime
import re

import pytest

from publishing.services import public_content_changed

D = datetime.date


def shown(html: str) -> str:
    """Text as rendered: tags dropped without adding space, runs of white space one space."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# h. "10.00 a.m. , Council Chamber"


def test_a_meetings_time_and_venue_read_without_a_space_before_the_comma(client, meeting):
    meeting.publish()
    home = shown(client.get("/").text)
    assert "10.00 a.m., Council Chamber, Shire Hall, Borchester" in home
    assert "a.m. ," not in home
    page = shown(client.get(meeting.get_absolute_url()).text)
    assert "Wednesday 4 March 2026, 10.00 a.m. Venue" in page
    assert " ," not in page


# g. The councillors list sorted "Cllr Mrs Shewell" before every "Councillor …"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Cllr Mrs Shewell", ("shewell", "")),
        ("Councillor Roy Perry", ("perry", "roy")),
        ("County Councillor Rob Humby", ("humby", "rob")),
        ("Mr R W Gough", ("gough", "r w")),
        ("Dr. Jane Smith-Jones OBE", ("smith-jones", "jane")),
        ("The Rev Canon Peter Green (Chairman)", ("green", "peter")),
        ("Sir Lord Lady Dame Professor Miss Ms Anne Lee", ("lee", "anne")),
        ("Cllr", ("cllr", "")),
    ],
)
def test_a_councillors_sort_key_is_their_surname_without_honorifics(name, key):
    from meetings.people import person_sort_key

    assert person_sort_key(name)[:2] == key


def test_the_councillors_list_is_in_surname_order_whatever_the_honorific(client, cabinet):
    from meetings.models import Member, Membership

    printed = [
        "Councillor Roy Perry",
        "Cllr Mrs Shewell",
        "Mr R W Gough",
        "County Councillor Rob Humby",
        "Councillor Anne Abbott",
    ]
    for name in printed:
        Membership.objects.create(member=Member.objects.create(name=name), committee=cabinet)
    Member.objects.create(name="Dr Zoe Adams", is_current=False)
    Membership.objects.create(member=Member.objects.get(name="Dr Zoe Adams"), committee=cabinet)
    page = client.get("/councillors/").text
    order = [name for name in re.findall(r'<a href="/councillors/[^"]+/">([^<]+)</a>', page)]
    assert order == [
        "Councillor Anne Abbott",
        "Mr R W Gough",
        "County Councillor Rob Humby",
        "Councillor Roy Perry",
        "Cllr Mrs Shewell",
        "Dr Zoe Adams",  # a former councillor, after the current ones
    ]


# d. The decisions register's committee filter listed committees with no decisions


def test_the_register_offers_only_committees_with_public_decisions(client, db):
    from decisions.models import DecisionRecord
    from meetings.models import Committee, Meeting

    def committee_with(name: str, **record) -> Committee:
        committee = Committee.objects.create(name=name)
        meeting = Meeting.objects.create(committee=committee, date=D(2026, 3, 4))
        meeting.publish()
        if record:
            DecisionRecord.objects.create(
                title=f"{name} decision", decision_maker=name, meeting=meeting, **record
            )
        return committee

    committee_with("Cabinet", status="made")
    committee_with("Audit Committee")  # meets, decides nothing on the record
    committee_with("Staffing Committee", status="made", is_exempt=True)
    draft = Committee.objects.create(name="Licensing Committee")
    DecisionRecord.objects.create(
        title="Draft decision",
        decision_maker="Licensing Committee",
        meeting=Meeting.objects.create(committee=draft, date=D(2026, 3, 5)),
    )
    public_content_changed()
    page = client.get("/decisions/").text
    select = re.search(r'<select name="committee"[^>]*>(.*?)</select>', page, re.S)[1]
    assert re.findall(r'<option value="([^"]+)"', select) == ["cabinet"]


# e. A call-in refused as late said the period "ended" on a day still to come


def test_a_call_in_dated_in_the_future_is_refused_as_such_not_as_ended(client, clerk, cabinet):
    from django.utils import timezone

    from decisions.models import DecisionRecord
    from meetings.models import Meeting
    from publishing.models import AuditEntry

    today = timezone.localdate()
    meeting = Meeting.objects.create(committee=cabinet, date=today - datetime.timedelta(days=3))
    meeting.publish()
    record = DecisionRecord.objects.create(
        title="Highways Maintenance Programme",
        decision_maker="Cabinet",
        status="made",
        meeting=meeting,
        published_on=today - datetime.timedelta(days=1),
    )
    assert record.call_in_deadline > today
    client.force_login(clerk)
    later = record.call_in_deadline + datetime.timedelta(days=7)
    response = client.post(
        f"/staff/decisions/{record.pk}/call-in/",
        {"called_in_on": later.isoformat(), "urgency": ""},
    )
    assert response.status_code == 200
    page = shown(response.text)
    assert "ended on" not in page
    assert "That day is still to come" in page
    record.refresh_from_db()
    assert record.called_in_on is None and not AuditEntry.objects.exists()


# c. Withdrawing a meeting was one POST, with no confirmation and no reason kept


def test_withdrawing_asks_first_and_needs_a_reason_which_the_audit_trail_keeps(
    client, clerk, meeting
):
    from meetings.models import Meeting
    from publishing.models import AuditEntry

    meeting.publish()
    client.force_login(clerk)
    review = client.get(f"/staff/meetings/{meeting.pk}/").text
    url = f"/staff/meetings/{meeting.pk}/withdraw/"
    assert f'<a href="{url}" class="button button--warning">' in review
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert '<textarea name="reason"' in confirm.text and "required" in confirm.text
    assert "Withdraw from the public" in confirm.text

    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 200
    assert "Give the reason" in refused.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert not AuditEntry.objects.filter(action="withdraw").exists()

    done = client.post(url, {"reason": "The wrong pack was published."})
    assert done.status_code == 302 and done["Location"] == f"/staff/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    entry = AuditEntry.objects.get(action="withdraw")
    assert "The wrong pack was published." in entry.description and entry.actor == clerk


# a. An appendix of a report with no agenda item was linked from nowhere


@pytest.fixture
def published_pack(media):
    """A published Cabinet meeting from the project's sample pack, through the import."""
    from packs.writing import sample_pack
    from publishing.imports import pack_import

    pack = sample_pack(committee="Cabinet", meeting_date=D(2026, 2, 16))
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).document


def test_an_appendix_of_a_report_with_no_item_shows_under_it_but_never_when_exempt(
    client, councillor, published_pack
):
    from reports.models import Appendix

    report = published_pack.reports.filter(appendices__isnull=False).distinct().first()
    report.agenda_item = None  # as staff leave a paper the import could not place
    report.save(update_fields=["agenda_item"])
    appendix = report.appendices.get()
    secret = Appendix.objects.create(
        report=report,
        document=published_pack,
        title="Confidential Figures",
        label="Appendix B",
        first_page=appendix.first_page,
        last_page=appendix.last_page,
        is_exempt=True,
    )
    meeting_url = published_pack.meeting.get_absolute_url()
    for url in (meeting_url, report.get_absolute_url()):
        page = client.get(url).text
        assert f'href="{appendix.get_absolute_url()}"' in page, url
        assert secret.get_absolute_url() not in page and "Confidential Figures" not in page
    other = page_section(client.get(meeting_url).text, "Other papers")
    assert report.title in other and appendix.get_absolute_url() in other

    client.force_login(councillor)
    for url in (meeting_url, report.get_absolute_url()):
        assert f'href="{secret.get_absolute_url()}"' in client.get(url).text, url


def page_section(html: str, heading: str) -> str:
    return html.partition(f"<h2>{heading}</h2>")[2].partition("<h2")[0]


# f. Numbered paragraphs of a decision ran together in one paragraph


def test_clause_paragraphs_start_a_paragraph_at_each_numbered_clause_that_starts_a_line():
    from decisions.templatetags.decision_text import clause_paragraphs

    text = (
        "Cabinet agree to:\n1.1 approve the strategy, and the spend of\n£2.5m in 2026/27;\n"
        "1.2 delegate authority to the Director; and\n(iv) note the risks\n\nA plain line\n"
        "e.g. joined to it"
    )
    assert clause_paragraphs(text) == [
        "Cabinet agree to:",
        "1.1 approve the strategy, and the spend of £2.5m in 2026/27;",
        "1.2 delegate authority to the Director; and",
        "(iv) note the risks",
        "A plain line e.g. joined to it",
    ]
    assert clause_paragraphs("") == []


def test_a_kent_decision_records_clauses_are_separate_paragraphs_on_its_page(client, clerk, media):
    from decisions.models import DecisionRecord
    from publishing.imports import pack_import

    from .conftest import KENT, shared_path

    prod = shared_path(KENT / "cabinet" / "2025-01-30" / "originals" / "24-00108 - PROD.pdf")
    pack_import(source=prod, filename=prod.name)
    record = DecisionRecord.objects.get(reference="24/00108")
    client.force_login(clerk)  # a draft: staff read it before it is published
    page = client.get(record.get_absolute_url()).text
    part = page.partition("<h2>The decision</h2>")[2].partition("</section>")[0]
    paragraphs = [shown(p) for p in re.findall(r"<p>(.*?)</p>", part, re.S)]
    assert paragraphs[0] == "The Cabinet agree to:"
    assert paragraphs[1].startswith("a) note the forecast revenue overspend of £23.3m")
    assert paragraphs[2].startswith("b) Note the forecast overspend on Schools")
    assert len(paragraphs) == 7 and paragraphs[-1].startswith("f) Note the Reserves")


# b. A public pack's placeholder for an exempt item ("Document is Restricted") became a paper


def test_a_near_empty_placeholder_page_is_no_paper_beside_the_real_exempt_report(
    client, clerk, councillor, media
):
    from packs.writing import sample_pack
    from packs.writing.demo import EXEMPT_TEXT
    from packs.writing.generator import supplementary_pack
    from publishing.imports import pack_import
    from reports.models import Report

    packs = []
    for previous, day in ((D(2025, 12, 15), D(2026, 1, 19)), (D(2026, 1, 19), D(2026, 2, 16))):
        public = sample_pack(committee="Cabinet", meeting_date=day, previous_date=previous)
        members = supplementary_pack(
            committee="Cabinet", meeting_date=day, previous_date=previous, exempt_text=EXEMPT_TEXT
        )
        assert "Document is Restricted" in [part.title for part in public.documents]
        packs += [public, members]
    for pack in packs:
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    placeholder = next(part for part in packs[-2].documents if part.type == "other")

    item = Report.objects.get(title="Staffing Matter", document__original_name=packs[-1].filename)
    assert not Report.objects.filter(
        document__original_name=packs[-2].filename, first_page=placeholder.start_page
    ).exists()
    client.force_login(councillor)
    page = client.get(item.document.meeting.get_absolute_url()).text
    entry = page.partition(f'id="item-{item.agenda_item.number}"')[2].partition("</li>\n  <li")[0]
    assert "Staffing Matter" in entry and "Document is Restricted" not in entry

    # A version withdrawn (or replaced) is no report to link a notice to: it is not listed.
    withdrawn = Report.objects.get(document__original_name=packs[1].filename)
    withdrawn.document.withdrawn_at = withdrawn.document.uploaded_at
    withdrawn.document.save(update_fields=["withdrawn_at"])
    client.force_login(clerk)
    form = client.get("/staff/forward-plan/add/").text
    select = re.search(r'<select name="report"[^>]*>(.*?)</select>', form, re.S)[1]
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert not any("Document is Restricted" in label for label in labels)
    assert len(labels) == len(set(labels)), "no report listed twice"
    meeting = withdrawn.document.meeting
    assert not [
        label
        for label in labels
        if label.startswith(withdrawn.title)
        and str(meeting.date.year) in label
        and meeting.date.strftime("%B") in label
    ]
