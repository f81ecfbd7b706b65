"""Any paper can be put right in the staff area (issue 19): pages in no paper made a paper
of any kind, read from their text; a paper that is none left out; minutes' attendance and
numbered minutes, and every field of a decision record with its proposed → made link."""

import datetime

import pytest

from decisions.models import DecisionRecord
from meetings.models import Attendance, Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.models import AuditEntry
from reports.models import Minutes, Report

from ..review import correct_record, record_data

FAR = datetime.date(2027, 3, 15)


@pytest.fixture
def imported(media) -> Meeting:
    pack = sample_pack(committee="Cabinet", meeting_date=FAR, seed=5)
    return pack_import(source=pack.pdf, filename=pack.filename).meeting


def act(staff_client, meeting, form: str, **fields):
    data = {"form": form, **{f"{form}-{name}": value for name, value in fields.items()}}
    return staff_client.post(f"/staff/meetings/{meeting.pk}/", data)


def test_a_report_left_out_then_made_again_from_the_page_it_starts_on(
    staff_client, imported, client
):
    report = Report.objects.filter(document__meeting=imported, appendices=None).first()
    first, last, document = report.first_page, report.last_page, report.document
    response = act(staff_client, imported, "leave_out", paper=f"report:{report.pk}")
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    entry = AuditEntry.objects.filter(action="correct").latest("at")
    assert "Left out of any paper" in entry.description
    page = staff_client.get(f"/staff/documents/{document.pk}/pages/{first}/")
    assert "This page is in no paper" in page.text
    assert page.context["boundary"]["unplaced"] == last
    response = act(
        staff_client,
        imported,
        "make_paper",
        document=document.pk,
        first_page=first,
        last_page=last,
        kind="report",
        title="",
    )
    assert response.status_code == 302
    made = Report.objects.get(document=document, first_page=first)
    assert made.last_page == last and made.title == report.title  # read from its pages
    assert made.recommendations
    staff_client.post(f"/staff/meetings/{imported.pk}/publish/")
    assert client.get(made.get_absolute_url()).status_code == 200


def test_pages_made_minutes_are_read_for_attendance_and_numbered_minutes(staff_client, imported):
    minutes = Minutes.objects.get(document__meeting=imported)
    first, last, document = minutes.first_page, minutes.last_page, minutes.document
    present = set(minutes.attendances.values_list("member__name", flat=True))
    numbered = minutes.items.count()
    act(staff_client, imported, "leave_out", paper=f"minutes:{minutes.pk}")
    assert not Minutes.objects.exists() and not Attendance.objects.exists()
    response = act(
        staff_client,
        imported,
        "make_paper",
        document=document.pk,
        first_page=first,
        last_page=last,
        kind="minutes",
    )
    assert response.status_code == 302
    made = Minutes.objects.get()
    assert made.meeting == minutes.meeting  # the heading names the meeting minuted
    assert set(made.attendances.values_list("member__name", flat=True)) == present
    assert made.items.count() == numbered > 0


def test_making_a_paper_of_pages_another_report_holds_is_refused(staff_client, imported):
    report = Report.objects.filter(document__meeting=imported).first()
    response = act(
        staff_client,
        imported,
        "make_paper",
        document=report.document_id,
        first_page=report.first_page,
        last_page=report.last_page,
        kind="report",
    )
    assert response.status_code == 200
    assert "part of a report or appendix already" in response.text


def test_minutes_attendance_and_numbered_minutes_are_corrected(staff_client, imported, client):
    minutes = Minutes.objects.get(document__meeting=imported)
    rows = list(minutes.attendances.select_related("member").order_by("member__name"))
    post = record_data(staff_client, imported, "minutes", minutes)
    post["rows-0-status"] = "apologies"  # present → apologies
    post["rows-1-DELETE"] = "on"  # not there after all
    new = len(rows)
    post[f"rows-{new}-name"] = "Councillor Joan Threlfall"
    post[f"rows-{new}-status"] = "present"
    post["items-0-heading"] = "Apologies for Absence (corrected)"
    extra = minutes.items.count()
    post[f"items-{extra}-number"] = "99"
    post[f"items-{extra}-heading"] = "Any Other Business"
    post[f"items-{extra}-text"] = "None was raised."
    url = f"/staff/meetings/{imported.pk}/minutes/{minutes.pk}/"
    assert staff_client.post(url, post).status_code == 302
    statuses = dict(minutes.attendances.values_list("member__name", "status"))
    assert statuses[rows[0].member.name] == "apologies"
    assert rows[1].member.name not in statuses
    assert statuses["Councillor Joan Threlfall"] == "present"
    assert minutes.items.order_by("order").first().heading == "Apologies for Absence (corrected)"
    assert minutes.items.order_by("order").last().number == "99"
    entry = AuditEntry.objects.filter(action="correct").latest("at").description
    assert "Added councillor" in entry and "Joan Threlfall" in entry
    assert f"Removed councillor {rows[1]}" in entry
    twice = record_data(staff_client, imported, "minutes", minutes)
    twice["rows-0-name"] = twice["rows-1-name"]
    response = staff_client.post(url, twice)
    assert response.status_code == 200 and "is listed twice" in response.text


def test_every_field_of_a_decision_record_and_its_made_record(staff_client, imported):
    proposal = DecisionRecord.objects.filter(document__meeting=imported, status="proposed").first()
    made = DecisionRecord.objects.create(
        title=proposal.title,
        decision_maker=proposal.decision_maker,
        date=FAR,
        status="made",
        reference="27/99999",
    )
    response = correct_record(
        staff_client,
        imported,
        "decisions",
        proposal,
        approved_by="Councillor Margaret Ashworth, Leader of the Council",
        conflicts_of_interest="None declared.",
        dispensation="None granted.",
        urgency="The grant must be accepted by Friday.",
        made_as=str(made.pk),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.approved_by == "Councillor Margaret Ashworth, Leader of the Council"
    assert (proposal.conflicts_of_interest, proposal.dispensation) == (
        "None declared.",
        "None granted.",
    )
    assert proposal.urgency == "The grant must be accepted by Friday."
    assert proposal.made_as == made
    refused = correct_record(
        staff_client, imported, "decisions", proposal, status="made", made_as=str(made.pk)
    )
    assert refused.status_code == 200 and "Only a proposed record is made as another" in (
        refused.text
    )


def test_pages_of_a_decision_record_already_held_are_not_made_a_second_one(staff_client, imported):
    """Found by the exempt property test: the same reference twice was a server error."""
    record = DecisionRecord.objects.filter(document__meeting=imported, status="proposed").first()
    response = act(
        staff_client,
        imported,
        "make_paper",
        document=record.document_id,
        first_page=record.first_page,
        last_page=record.last_page,
        kind="decision",
    )
    assert response.status_code == 200
    assert f"decision record {record.reference}, already in the portal" in response.text
    assert DecisionRecord.objects.filter(reference=record.reference).count() == 1
