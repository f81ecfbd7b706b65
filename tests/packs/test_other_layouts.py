"""The generator's other layouts (Modern.gov printed minutes, a decision recording form, a
parish council's summons and minutes) read by the real parser as they were made, and
imported into the meeting, decision records and attendance they describe."""

import datetime

import pytest

from decisions.models import DecisionRecord
from meetings.models import Attendance, Meeting
from packs.reading import parse_pdf
from packs.writing import (
    decision_notice,
    parish_papers,
    printed_minutes,
    sample_pack,
)
from publishing import imports
from reports.models import Minutes

MARCH = datetime.date(2026, 3, 12)


def keyed(part: str, rows: list[dict]) -> list:
    if part == "documents":
        return [(d["type"], d["start_page"], d["end_page"], d["agenda_item"]) for d in rows]
    if part == "agenda":
        return [(d["number"], d["title"], d["pages"], d["exempt"]) for d in rows]
    if part == "minutes":
        return [(m["body"], m["date"], sorted(m["present"]), m["items"]) for m in rows]
    return rows


def assert_parsed_as_described(pack):
    expected = pack.to_dict()
    parsed = parse_pdf(pack.pdf, filename=pack.filename).to_json()
    assert parsed["source"]["page_count"] == pack.page_count
    assert parsed["council"] == expected["council"]
    assert parsed["meeting"] == expected["meeting"]
    for part in ("agenda", "documents", "minutes", "decisions"):
        assert keyed(part, parsed[part]) == keyed(part, expected[part]), part
    assert parsed["warnings"] == []


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "committee", ["Cabinet", "Health and Adult Social Care Select Committee", "County Council"]
)
def test_printed_minutes_parse_as_made(committee, seed):
    pack = printed_minutes(committee=committee, meeting_date=MARCH, seed=seed)
    assert [d.type for d in pack.documents] == ["minutes"]
    assert any(item.title == "Public Forum" for item in pack.minutes[0].items)
    assert_parsed_as_described(pack)


def test_printed_minutes_list_public_forum_statements_that_are_not_minutes():
    pack = printed_minutes(committee="Cabinet", meeting_date=MARCH, seed=4)
    text = parse_pdf(pack.pdf, filename=pack.filename).pages[0].text
    assert "\n01 " in text and "\n07 " in text
    numbers = [item.number for item in pack.minutes[0].items]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert_parsed_as_described(pack)


def test_a_long_body_wraps_its_minutes_heading_over_two_lines():
    pack = printed_minutes(
        committee="Children and Young People Select Committee", meeting_date=MARCH, seed=0
    )
    lines = parse_pdf(pack.pdf, filename=pack.filename).pages[0].text.splitlines()
    assert lines[1].strip().startswith("Minutes of the Children") and "Committee" in lines[2]
    assert_parsed_as_described(pack)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("committee", ["Cabinet", "Regulatory Committee"])
def test_a_decision_notice_parses_as_made(committee, seed):
    pack = decision_notice(committee=committee, meeting_date=MARCH, seed=seed)
    assert len(pack.documents) == len(pack.decisions) >= 1
    assert pack.documents[-1].end_page == pack.page_count
    assert_parsed_as_described(pack)


def test_a_decision_notice_can_record_an_exempt_item():
    plan = sample_pack(committee="Cabinet", meeting_date=MARCH, seed=1).agenda
    exempt = next(item.number for item in plan if item.exempt)
    pack = decision_notice(committee="Cabinet", meeting_date=MARCH, seed=1, items=("6", exempt))
    assert [d.agenda_item for d in pack.decisions] == ["6", exempt]
    assert_parsed_as_described(pack)


def test_the_minutes_and_the_notice_of_one_meeting_agree_on_who_attended():
    minutes = printed_minutes(committee="Cabinet", meeting_date=MARCH, seed=3).minutes[0]
    notice = decision_notice(committee="Cabinet", meeting_date=MARCH, seed=3)
    text = parse_pdf(notice.pdf, filename=notice.filename).pages[0].text
    assert all(f"Councillor {name}" in text for name in minutes.present)


@pytest.mark.parametrize("seed", range(6))
def test_parish_papers_parse_as_made(seed):
    papers = parish_papers(
        council_name="Loxley Barrett Community Council",
        meeting_date=datetime.date(2026, 3, 3),
        seed=seed,
    )
    assert papers.summons.page_count == 1
    assert [d.type for d in papers.summons.documents] == ["frontsheet"]
    assert [d.type for d in papers.minutes.documents] == ["minutes"]
    assert_parsed_as_described(papers.summons)
    assert_parsed_as_described(papers.minutes)


@pytest.mark.parametrize("layout", ["summons", "notice"])
def test_each_parish_layout_numbers_its_items_as_clerks_do(layout):
    papers = parish_papers(meeting_date=datetime.date(2026, 9, 1), seed=7, layout=layout)
    agenda = [item.number for item in papers.summons.agenda]
    minutes = [item.number for item in papers.minutes.minutes[0].items]
    if layout == "summons":
        assert int(agenda[0]) > 100 and minutes == agenda
    else:
        assert agenda[0] == "1" and minutes[0] == "26.09.01"
    finance = next(
        item
        for item in papers.summons.agenda
        if "payment" in item.title.lower() or item.title == "Finance"
    )
    assert "£" not in finance.title
    assert_parsed_as_described(papers.summons)
    assert_parsed_as_described(papers.minutes)


def test_the_same_arguments_make_the_same_bytes():
    def make():
        papers = parish_papers(meeting_date=datetime.date(2026, 5, 5), seed=2)
        notice = decision_notice(committee="Cabinet", meeting_date=MARCH, seed=2)
        minutes = printed_minutes(committee="Cabinet", meeting_date=MARCH, seed=2)
        return papers.summons.pdf, papers.minutes.pdf, notice.pdf, minutes.pdf

    assert make() == make()


def test_a_decision_notice_and_parish_minutes_import_into_their_meetings(media):
    front = sample_pack(committee="Cabinet", meeting_date=MARCH, seed=1)
    notice = decision_notice(committee="Cabinet", meeting_date=MARCH, seed=1)
    imports.pack_import(source=front.pdf, filename=front.filename)
    result = imports.pack_import(source=notice.pdf, filename=notice.filename)
    meeting = Meeting.objects.get(committee__name="Cabinet", date=MARCH)
    assert result.meeting == meeting
    records = DecisionRecord.objects.filter(document=result.document).order_by("first_page")
    assert [(r.title, r.agenda_item.number, r.status) for r in records] == [
        (d.title, d.agenda_item, "made") for d in notice.decisions
    ]
    assert all(r.meeting == meeting and r.agenda_item.meeting == meeting for r in records)

    papers = parish_papers(
        council_name="Ambridge Parish Council", meeting_date=datetime.date(2026, 3, 3), seed=0
    )
    imports.pack_import(source=papers.summons.pdf, filename=papers.summons.filename)
    imports.pack_import(source=papers.minutes.pdf, filename=papers.minutes.filename)
    parish = Meeting.objects.get(committee__name="Ambridge Parish Council")
    assert parish.date == datetime.date(2026, 3, 3)
    assert parish.agenda_items.count() == len(papers.summons.agenda)
    minutes = Minutes.objects.get(meeting=parish)
    assert minutes.items.count() == len(papers.minutes.minutes[0].items)
    present = parish.attendances.filter(status=Attendance.Status.PRESENT)
    assert present.count() == len(papers.minutes.minutes[0].present)
