"""Call-in: five clear working days after a made record is published (bank holidays in
England left out), then it may be implemented; urgent decisions are exempt."""

import datetime

import pytest

from decisions.models import DecisionRecord

D = datetime.date


def made(**fields) -> DecisionRecord:
    fields = {"title": "Highways Maintenance Programme", "decision_maker": "Cabinet", **fields}
    return DecisionRecord.objects.create(status=DecisionRecord.Status.MADE, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("published", "deadline", "implement"),
    [
        # Thursday before the August bank holiday: Monday 25 August does not count.
        (D(2025, 8, 21), D(2025, 8, 29), D(2025, 9, 1)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April do not count.
        (D(2026, 4, 1), D(2026, 4, 10), D(2026, 4, 13)),
        # Christmas 2026: Friday 25 and Monday 28 December (Boxing Day's substitute).
        (D(2026, 12, 22), D(2026, 12, 31), D(2027, 1, 4)),
        # An ordinary Monday: the following Monday, then Tuesday.
        (D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 17)),
    ],
)
def test_it_counts_call_in_in_clear_working_days(published, deadline, implement):
    record = made(published_on=published)
    record.refresh_from_db()
    assert (record.call_in_deadline, record.may_be_implemented_from) == (deadline, implement)


@pytest.mark.django_db
def test_it_exempts_urgent_decisions_from_call_in():
    record = made(published_on=D(2025, 8, 21), urgency="Contract expires on 1 September.")
    record.call_in_exempt = DecisionRecord.is_urgent(record.urgency)
    record.save()
    record.refresh_from_db()
    assert record.call_in_exempt
    assert record.call_in_deadline is None and record.may_be_implemented_from is None


@pytest.mark.parametrize(
    ("printed", "urgent"),
    [
        ("not applicable.", False),
        ("N/A", False),
        ("None", False),
        ("", False),
        ("The grant offer lapses on 31 March.", True),
    ],
)
def test_it_reads_a_reason_for_urgency(printed, urgent):
    assert DecisionRecord.is_urgent(printed) is urgent


@pytest.mark.django_db
def test_it_gives_no_call_in_to_proposals_or_unpublished_records():
    proposal = DecisionRecord.objects.create(
        title="A proposal", decision_maker="Cabinet", status="proposed", published_on=D(2026, 3, 9)
    )
    unpublished = made()
    assert proposal.call_in_deadline is None
    assert unpublished.call_in_deadline is None


@pytest.mark.django_db
def test_it_moves_the_dates_when_publication_is_saved_alone():
    record = made()
    record.published_on = D(2025, 8, 21)
    record.save(update_fields=["published_on"])
    record.refresh_from_db()
    assert record.call_in_deadline == D(2025, 8, 29)


@pytest.mark.django_db
def test_it_finds_records_open_for_call_in_and_called_in():
    open_one = made(reference="26/1", published_on=D(2026, 3, 9))
    made(reference="26/2", published_on=D(2026, 3, 2))  # ended 9 March
    made(reference="26/3", published_on=D(2026, 3, 9), urgency="x", call_in_exempt=True)
    called = made(reference="26/4", published_on=D(2026, 3, 9), called_in_on=D(2026, 3, 11))
    records = DecisionRecord.objects.all()
    assert list(records.open_for_call_in(D(2026, 3, 16))) == [open_one]
    assert list(records.open_for_call_in(D(2026, 3, 17))) == []
    assert list(records.called_in()) == [called]
