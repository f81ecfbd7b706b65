"""The rules behind the leak test, one defect at a time: exempt minutes and the meetings
known only from minutes, papers exempt on their own, items of unpublished packs, and the
names the public filters offer."""

import datetime

import pytest

from decisions.models import DecisionRecord
from meetings.access import PUBLIC, Access
from meetings.models import Meeting
from packs.writing import sample_pack, supplementary_pack
from publishing.imports import pack_import
from publishing.services import meeting_publish, meeting_withdraw, public_content_changed
from reports.models import MinuteItem, Minutes, Report

from .review import make_public, review_data

SECRET = "marmoset-quarry-4410"
MEETING_DATE = datetime.date(2026, 9, 14)
MINUTED_DATE = datetime.date(2026, 8, 17)


@pytest.fixture
def councillors_pack(media):
    """A published pack carrying the previous meeting's public and exempt minutes; that
    meeting is known only from them."""
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        exempt_text=f"Recorded in confidence as {SECRET}.",
    )
    return pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting


def minuted_meeting() -> Meeting:
    return Meeting.objects.get(date=MINUTED_DATE)


def test_a_pack_with_public_and_exempt_minutes_of_one_meeting_imports_both(councillors_pack):
    minutes = Minutes.objects.filter(meeting=minuted_meeting(), document__meeting=councillors_pack)
    assert minutes.count() == 2
    exempt = minutes.get(is_exempt=True)
    assert exempt.agenda_item.is_exempt
    assert SECRET in MinuteItem.objects.get(minutes=exempt).text
    assert set(Minutes.objects.exempt()) == {exempt}


def test_exempt_minutes_and_their_items_are_hidden_from_the_public(councillors_pack, client):
    exempt = Minutes.objects.get(is_exempt=True)
    assert client.get(exempt.get_absolute_url()).status_code == 404
    assert client.get(exempt.get_pdf_url()).status_code == 404
    assert SECRET not in client.get("/search/?q=marmoset+quarry").text
    public = Minutes.objects.public().get(meeting=minuted_meeting())
    assert client.get(public.get_absolute_url()).status_code == 200


def test_a_meeting_known_only_from_minutes_follows_its_public_minutes(
    councillors_pack, staff_client
):
    assert minuted_meeting().is_public
    # The public minutes' item marked exempt: no public minutes are left of that meeting.
    data = review_data(staff_client, councillors_pack)
    data["post"]["publish_correction"] = "1"  # the meeting is public: past its preview
    index = next(
        i
        for i, pk in enumerate(data["items"])
        if councillors_pack.agenda_items.get(pk=pk).number == "3"
    )
    data["post"][f"items-{index}-is_exempt"] = "on"
    data["post"][f"items-{index}-exempt_paragraph"] = "1"
    assert (
        staff_client.post(f"/staff/meetings/{councillors_pack.pk}/", data["post"]).status_code
        == 302
    )
    assert not minuted_meeting().is_public
    # Unticking it is refused: the item is exempt until staff make it public, saying why.
    data["post"].pop(f"items-{index}-is_exempt")
    data["post"].pop(f"items-{index}-exempt_paragraph")
    refused = staff_client.post(f"/staff/meetings/{councillors_pack.pk}/", data["post"])
    assert refused.status_code == 200 and "only “Make public”" in refused.text
    assert not minuted_meeting().is_public
    item = councillors_pack.agenda_items.get(number="3")
    response = make_public(
        staff_client, councillors_pack, f"item:{item.pk}", reason="Marked exempt by mistake."
    )
    assert response.status_code == 302
    assert minuted_meeting().is_public
    meeting_withdraw(councillors_pack)
    assert not minuted_meeting().is_public


def test_exempt_minutes_alone_never_publish_their_meeting(media):
    """Publishing a pack whose only minutes of a meeting are exempt leaves it unseen."""
    pack = sample_pack(
        committee="Cabinet", meeting_date=MEETING_DATE, seed=2, exempt_text=f"{SECRET}."
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename).meeting
    Minutes.objects.filter(is_exempt=False).delete()
    meeting_publish(meeting)
    assert not minuted_meeting().is_public


def test_a_report_exempt_on_its_own_stays_exempt_through_corrections(
    councillors_pack, staff_client, client
):
    report = Report.objects.get(document__meeting=councillors_pack, agenda_item__number="6")
    Report.objects.filter(pk=report.pk).update(is_exempt=True, exempt_paragraph=3)
    data = review_data(staff_client, councillors_pack)
    data["post"]["publish_correction"] = "1"  # the meeting is public: past its preview
    data["post"]["items-0-title"] = "Apologies (corrected)"
    assert (
        staff_client.post(f"/staff/meetings/{councillors_pack.pk}/", data["post"]).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.is_exempt and report in Report.objects.exempt()
    assert client.get(report.get_absolute_url()).status_code == 404
    item_page = client.get(report.agenda_item.get_absolute_url()).text
    assert report.get_absolute_url() not in item_page


def test_items_of_an_unpublished_supplementary_pack_wait_for_its_publication(
    councillors_pack, client
):
    late = supplementary_pack(
        committee="Cabinet", meeting_date=MEETING_DATE, seed=2, number_from=12
    )
    pack_import(source=late.pdf, filename=late.filename)
    item = councillors_pack.agenda_items.get(number="12")
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.get_absolute_url() not in client.get(councillors_pack.get_absolute_url()).text
    meeting_publish(councillors_pack)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert item.get_absolute_url() in client.get(councillors_pack.get_absolute_url()).text


def test_names_from_unpublished_records_stay_out_of_the_public_filters(
    councillors_pack, client, staff_client
):
    draft = sample_pack(
        committee="Regulatory Committee", meeting_date=datetime.date(2026, 10, 5), seed=3
    )
    draft_meeting = pack_import(source=draft.pdf, filename=draft.filename).meeting
    DecisionRecord.objects.filter(document__meeting=councillors_pack).update(
        decision_maker="Leader of the Council"
    )
    unpublished = supplementary_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=4)
    document = pack_import(source=unpublished.pdf, filename=unpublished.filename).document
    DecisionRecord.objects.create(
        title="A decision not yet published",
        decision_maker="Cabinet Member for Unpublished Affairs",
        document=document,
        meeting=councillors_pack,
    )
    public_content_changed()
    for url in ("/committees/", "/search/", "/decisions/", "/"):
        page = client.get(url).text
        assert "Regulatory Committee" not in page, url
        assert "Unpublished Affairs" not in page, url
    assert "Leader of the Council" in client.get("/decisions/").text
    committee = draft_meeting.committee
    assert client.get(committee.get_absolute_url()).status_code == 404
    assert staff_client.get(committee.get_absolute_url()).status_code == 200


def test_the_rules_built_once_for_each_kind_of_access_read_the_data_as_it_is_now(
    councillors_pack,
):
    """``Access`` builds each rule's queryset once (``built_once``) and hands out copies: the
    public's never lends a councillor's its exempt papers, and a rule once read is read
    afresh after a write."""
    councillor = Access(sees_exempt=True)
    public = set(PUBLIC.minutes())
    assert set(councillor.minutes()) == set(Minutes.objects.published())
    assert public == set(Minutes.objects.public()) != set(councillor.minutes())
    Minutes.objects.filter(pk__in=[minutes.pk for minutes in public]).update(is_exempt=True)
    public_content_changed()
    assert not list(PUBLIC.minutes())
    assert PUBLIC.minutes() is not PUBLIC.minutes()
