"""The decisions register's lifecycle filters, through HTTP: key decisions, status, open
for call-in now and called in."""

import datetime

import pytest
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.models import Committee, Meeting
from publishing.services import public_content_changed


@pytest.fixture
def records(db) -> dict[str, DecisionRecord]:
    committee = Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)
    meeting = Meeting.objects.create(committee=committee, date=datetime.date(2026, 3, 16))
    meeting.publish()
    today = timezone.localdate()

    def record(title, **fields):
        fields = {"status": "made", "decision_maker": "Cabinet", "meeting": meeting, **fields}
        return DecisionRecord.objects.create(title=title, **fields)

    made = {
        "open": record("Library opening hours", published_on=today, is_key_decision=True),
        "ended": record("Park byelaws", published_on=today - datetime.timedelta(days=30)),
        "urgent": record(
            "Storm damage repairs",
            published_on=today,
            urgency="The bridge is unsafe.",
            call_in_exempt=True,
        ),
        "called": record(
            "Bus subsidy",
            published_on=today,
            called_in_on=today,
            call_in_outcome="referred_back",
        ),
        "proposed": record("Waste strategy", status="proposed"),
    }
    public_content_changed()
    return made


def titles(client, query: str) -> set[str]:
    response = client.get(f"/decisions/?{query}")
    assert response.status_code == 200
    return {t for t in ("Library", "Park", "Storm", "Bus", "Waste") if t in response.text}


def test_it_lists_those_open_for_call_in_now(client, records):
    assert titles(client, "call_in=open") == {"Library"}


def test_it_lists_those_called_in(client, records):
    assert titles(client, "call_in=called_in") == {"Bus"}
    assert "Called in" in client.get("/decisions/?call_in=called_in").text


def test_it_lists_key_decisions_only(client, records):
    assert titles(client, "key_decision=yes") == {"Library"}


def test_it_filters_by_status(client, records):
    assert titles(client, "status=proposed") == {"Waste"}
    assert titles(client, "status=made") == {"Library", "Park", "Storm", "Bus"}


def test_it_combines_filters(client, records):
    assert titles(client, "call_in=open&key_decision=no") == set()
    assert titles(client, "") == {"Library", "Park", "Storm", "Bus", "Waste"}


def test_it_shows_why_an_urgent_decision_was_not_open_to_call_in(client, records):
    page = client.get(records["urgent"].get_absolute_url()).text
    assert "Exempt from call-in because: The bridge is unsafe." in page
    assert "Call-in deadline" not in page


def test_it_shows_a_call_in_and_its_outcome(client, records):
    page = client.get(records["called"].get_absolute_url()).text
    assert "Called in on" in page
    assert "outcome: Referred back to the decision maker" in page
