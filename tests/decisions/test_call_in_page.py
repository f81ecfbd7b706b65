"""The staff page that records a decision's call-in: staff only, checked, audited, and
shown on the public decision page at once."""

import datetime

import pytest

from decisions.models import DecisionRecord
from meetings.models import Committee, Meeting
from publishing.models import AuditEntry
from publishing.services import public_content_changed

D = datetime.date


@pytest.fixture
def decision(db) -> DecisionRecord:
    committee = Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)
    meeting = Meeting.objects.create(committee=committee, date=D(2025, 8, 18))
    meeting.publish()
    record = DecisionRecord.objects.create(
        title="Highways Maintenance Programme 2026/27",
        decision_maker="Cabinet",
        status="made",
        meeting=meeting,
        published_on=D(2025, 8, 21),
    )
    public_content_changed()
    return record


def url(record) -> str:
    return f"/staff/decisions/{record.pk}/call-in/"


def test_it_is_for_staff_only(client, decision, councillor):
    assert client.get(url(decision)).status_code == 302
    client.force_login(councillor)
    assert client.get(url(decision)).status_code == 403


def test_it_records_a_call_in_and_its_outcome_in_the_audit_trail(client, clerk, decision):
    client.force_login(clerk)
    page = client.get(url(decision)).text
    assert '<time datetime="2025-08-29">29 August 2025</time>' in page
    response = client.post(
        url(decision),
        {
            "called_in_on": "2025-08-27",
            "call_in_outcome": "confirmed",
            "call_in_outcome_on": "2025-09-10",
            "call_in_note": "The scrutiny committee took no further action.",
            "urgency": "",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.called_in_on == D(2025, 8, 27)
    assert decision.get_call_in_outcome_display() == "Decision confirmed"
    entry = AuditEntry.objects.get(action="correct")
    assert entry.actor == clerk and entry.meeting == decision.meeting
    assert "Called in on" in entry.description and "“Decision confirmed”" in entry.description
    client.logout()
    page = client.get(decision.get_absolute_url()).text
    assert "Called in on <time" in page and "outcome: Decision confirmed on" in page
    assert "The scrutiny committee took no further action." in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"called_in_on": "2025-09-01"}, "called_in_on", "The call-in period ended on 29 Aug"),
        ({"called_in_on": "2025-08-20"}, "called_in_on", "called in after it is published"),
        ({"call_in_outcome": "confirmed"}, "called_in_on", "Give the date it was called in"),
        (
            {"called_in_on": "2025-08-27", "call_in_outcome_on": "2025-08-26"},
            "call_in_outcome_on",
            "The outcome comes after the call-in",
        ),
        ({"call_in_exempt": "on", "urgency": "not applicable"}, "urgency", "Give the reason"),
    ],
)
def test_it_refuses_a_call_in_that_cannot_be(client, clerk, decision, data, field, message):
    client.force_login(clerk)
    response = client.post(url(decision), {"urgency": "", **data})
    assert response.status_code == 200
    assert message in response.text
    assert not AuditEntry.objects.exists()


def test_it_marks_an_urgent_decision_exempt(client, clerk, decision):
    client.force_login(clerk)
    client.post(url(decision), {"call_in_exempt": "on", "urgency": "The bridge is unsafe."})
    decision.refresh_from_db()
    assert decision.call_in_exempt and decision.call_in_deadline is None
    page = client.get(decision.get_absolute_url()).text
    assert "Exempt from call-in because: The bridge is unsafe." in page


def test_it_has_no_page_for_a_proposal(client, clerk, decision):
    decision.status = "proposed"
    decision.save()
    client.force_login(clerk)
    assert client.get(url(decision)).status_code == 404
