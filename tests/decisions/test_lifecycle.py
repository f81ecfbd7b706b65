"""A decision's life through real imports and real pages: proposed in one meeting's pack,
made in the record of decision or the next pack's minutes, shown as one decision under
its agenda item; and the meeting's own minutes shown once the next pack is published."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.models import Meeting
from packs.writing import sample_pack
from packs.writing.others import decision_notice
from publishing.imports import pack_import
from publishing.services import meeting_publish, public_content_changed

JANUARY = datetime.date(2026, 1, 19)
FEBRUARY = datetime.date(2026, 2, 16)


def imported(pack, publish=True) -> Meeting:
    return pack_import(source=pack.pdf, filename=pack.filename, publish=publish).meeting


@pytest.fixture
def january(media) -> Meeting:
    return imported(
        sample_pack(
            committee="Cabinet", meeting_date=JANUARY, previous_date=datetime.date(2025, 12, 15)
        )
    )


@pytest.fixture
def february(january) -> Meeting:
    return imported(sample_pack(committee="Cabinet", meeting_date=FEBRUARY, previous_date=JANUARY))


def test_it_links_a_proposal_to_the_record_made_with_its_reference(january, february):
    proposal = DecisionRecord.objects.get(reference="26/00001", status="proposed")
    made = DecisionRecord.objects.get(reference="26/00001", status="made")
    assert proposal.made_as == made
    assert made.meeting == january
    assert made.agenda_item == proposal.agenda_item
    assert made.agenda_item.meeting == january
    assert DecisionRecord.objects.filter(status="proposed", made_as__isnull=False).count() == 4


def test_it_links_a_record_of_decision_with_no_reference_by_its_title(january):
    imported(decision_notice(committee="Cabinet", meeting_date=JANUARY))
    made = DecisionRecord.objects.filter(status="made", meeting=january, reference="")
    assert made.count() == 4
    for record in made:
        proposal = record.proposals.get()
        assert proposal.title == record.title
        assert proposal.meeting == january
        assert record.agenda_item == proposal.agenda_item


def test_it_links_them_whichever_comes_first(media):
    imported(decision_notice(committee="Cabinet", meeting_date=JANUARY))
    imported(
        sample_pack(
            committee="Cabinet", meeting_date=JANUARY, previous_date=datetime.date(2025, 12, 15)
        )
    )
    assert (
        DecisionRecord.objects.filter(status="proposed", reference__startswith="26/")
        .exclude(made_as=None)
        .count()
        == 4
    )


def test_the_meeting_page_shows_one_decision_under_its_item(client, january, february):
    made = DecisionRecord.objects.get(reference="26/00002", status="made")
    proposal = made.proposals.get()
    page = client.get(january.get_absolute_url()).text
    item = page[page.index(f'id="item-{made.agenda_item.number}"') :]
    item = item[: item.index("</li>\n  <li id=") if "</li>\n  <li id=" in item else None]
    assert made.get_absolute_url() in item
    assert "Made decision record 26/00002" in item
    assert f'Proposed: <a href="{proposal.get_absolute_url()}"' in item
    assert "Not yet decided" not in item
    assert "Other papers" not in page
    assert page.count("decision record 26/00002") == 1


def test_the_proposal_page_says_where_the_decision_was_made(client, january, february):
    made = DecisionRecord.objects.get(reference="26/00003", status="made")
    proposal = made.proposals.get()
    page = client.get(proposal.get_absolute_url()).text
    assert "Decided" in page and f'See <a href="{made.get_absolute_url()}">' in page
    assert "Not yet decided" not in page
    page = client.get(made.get_absolute_url()).text
    assert proposal.get_absolute_url() in page


def test_a_proposal_not_yet_decided_says_so(client, january):
    proposal = DecisionRecord.objects.get(reference="26/00001", status="proposed")
    assert "Not yet decided" in client.get(proposal.get_absolute_url()).text
    page = client.get(january.get_absolute_url()).text
    assert "Proposed decision record 26/00001" in page


def test_the_register_lists_the_made_record_in_place_of_its_proposal(client, january, february):
    page = client.get("/decisions/?committee=cabinet").text
    for n in range(1, 5):
        made = DecisionRecord.objects.get(reference=f"26/0000{n}", status="made")
        assert made.get_absolute_url() in page
        assert made.proposals.get().get_absolute_url() not in page
    # Proposals of February still wait for their decision.
    assert DecisionRecord.objects.get(reference="26/00101").get_absolute_url() in page


def test_the_meeting_page_shows_its_own_minutes_once_the_next_pack_is_published(
    client, media, january
):
    page = client.get(january.get_absolute_url()).text
    assert "Minutes of Cabinet – 19 January 2026" not in page
    february = imported(
        sample_pack(committee="Cabinet", meeting_date=FEBRUARY, previous_date=JANUARY),
        publish=False,
    )
    assert "Minutes of Cabinet – 19 January 2026" not in client.get(january.get_absolute_url()).text
    meeting_publish(february)
    page = client.get(january.get_absolute_url()).text
    minutes = january.minutes.get(is_exempt=False)
    assert (
        f'<a href="{minutes.get_absolute_url()}">Minutes of Cabinet – 19 January 2026</a>' in page
    )
    assert "Approved as a correct record at the meeting of" in page
    assert f'<a href="{february.get_absolute_url()}"><time datetime="2026-02-16">' in page


def test_publishing_dates_the_made_records_and_starts_call_in(client, january, february):
    today = timezone.localdate()
    made = DecisionRecord.objects.get(reference="26/00004", status="made")
    assert made.published_on == today
    assert made.call_in_deadline > today
    page = client.get(made.get_absolute_url()).text
    assert "Call-in deadline" in page and "May be implemented from" in page
    assert f'datetime="{made.may_be_implemented_from:%Y-%m-%d}"' in page
    proposal = made.proposals.get()
    assert proposal.published_on == today and proposal.call_in_deadline is None


def test_a_public_proposal_never_reveals_its_exempt_made_record(client, january, february):
    made = DecisionRecord.objects.get(reference="26/00001", status="made")
    made.is_exempt = True
    made.save()
    public_content_changed()
    proposal = made.proposals.get()
    for url in (proposal.get_absolute_url(), january.get_absolute_url(), "/decisions/"):
        page = client.get(url).text
        assert made.get_absolute_url() not in page, url
    assert "Not yet decided" in client.get(proposal.get_absolute_url()).text
    assert proposal.get_absolute_url() in client.get("/decisions/").text


def test_the_minutes_list_the_made_record_in_place_of_its_proposal(client, january, february):
    minutes = january.minutes.get(is_exempt=False)
    page = client.get(minutes.get_absolute_url()).text
    made = DecisionRecord.objects.get(reference="26/00001", status="made")
    assert made.get_absolute_url() in page
    assert made.proposals.get().get_absolute_url() not in page


def test_proposals_are_found_in_one_query_however_many_the_made_records(db):
    """Two reads (the made records, then every proposal any of them may decide) for
    fourteen records; without a reference, the same title at the latest meeting first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Committee

    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    older, newer = (
        Meeting.objects.create(committee=cabinet, date=day) for day in (JANUARY, FEBRUARY)
    )
    fields = {"decision_maker": "Cabinet", "decision": "Agreed."}
    proposals = [
        DecisionRecord.objects.create(
            reference=f"26/{n:05d}", title=f"Matter {n}", status="proposed", meeting=older, **fields
        )
        for n in range(12)
    ]
    at_older, at_newer = (
        DecisionRecord.objects.create(
            title="Library Hours", status="proposed", meeting=meeting, **fields
        )
        for meeting in (older, newer)
    )
    made = [
        DecisionRecord.objects.create(reference=f"26/{n:05d}", title=f"Matter {n}", **fields)
        for n in range(12)
    ]
    first, second = (
        DecisionRecord.objects.create(title="library hours", date=day, **fields)
        for day in (FEBRUARY, JANUARY)
    )

    with CaptureQueriesContext(connection) as queries:
        linked = DecisionRecord.objects.filter(status="made").link_proposals()

    assert linked == 14
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2, reads
    for proposal, record in zip(proposals, made, strict=True):
        proposal.refresh_from_db()
        assert proposal.made_as == record
    at_older.refresh_from_db()
    at_newer.refresh_from_db()
    assert (at_newer.made_as, at_older.made_as) == (first, second)
