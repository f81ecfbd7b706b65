"""Hampshire's packs, as the seeds hold them, rendered to PDF and read back by the parser.

The seeds are text (their PDFs are not available), so the project's generator lays each
one out as the council printed it; the real parser then reads the PDF. Expected values
are what the seed text says, read by a person. Skipped when ../shared is absent.
"""

import json
import re
from pathlib import Path

import pytest

from decisions.models import DecisionRecord
from meetings.models import Meeting
from packs.writing import render_text_pack
from reports.models import Minutes, Report

from ..conftest import SEEDS, shared_path


def norm(text: str | None) -> str:
    text = (text or "").replace("\u2013", "-").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.fixture
def seed_pdf(tmp_path):
    def render(stem: str) -> Path:
        seed = shared_path(next(SEEDS.glob(f"{stem}_*.txt"), SEEDS / f"{stem}.txt"))
        path = tmp_path / f"{stem}.pdf"
        path.write_bytes(render_text_pack(seed.read_text()))
        return path

    return render


@pytest.fixture
def parsed(seed_pdf, manage, db):
    def parse(stem: str) -> dict:
        code, out, err = manage("import_pack", seed_pdf(stem), "--dry-run", "--json")
        assert code == 0, err
        return json.loads(out)

    return parse


def surnames(names: list[str]) -> set[str]:
    return {name.split()[-1] for name in names}


def test_000_a_single_report_and_its_header_block(parsed):
    pack = parsed("000")
    assert pack["council"] == "Hampshire County Council"
    assert (pack["meeting"]["body"], pack["meeting"]["date"]) == ("Cabinet", "2018-12-10")
    reports = [doc for doc in pack["documents"] if doc["type"] == "report"]
    assert norm(reports[0]["title"]) == norm("Serving Hampshire - 2018/19 Q2 Performance Report")
    assert pack["agenda"] == [] and pack["minutes"] == []


class TestCabinet17September2018:
    """Seed 001: the pack the portal was first specified from."""

    @pytest.fixture
    def pack(self, parsed):
        return parsed("001")

    def test_the_meeting(self, pack):
        meeting = pack["meeting"]
        assert (meeting["body"], meeting["date"], meeting["start_time"]) == (
            "Cabinet",
            "2018-09-17",
            "10:30",
        )
        assert meeting["venue"].startswith("Wellington Room")

    def test_items_1_to_9_with_only_item_9_exempt(self, pack):
        agenda = pack["agenda"]
        assert [item["number"] for item in agenda] == [str(n) for n in range(1, 10)]
        assert [item["number"] for item in agenda if item["exempt"]] == ["9"]
        pages = {item["number"]: item["pages"] for item in agenda}
        assert (pages["1"], pages["3"], pages["6"], pages["9"]) == (
            None,
            [5, 18],
            [19, 36],
            [117, 134],
        )
        titles = {item["number"]: norm(item["title"]) for item in agenda}
        assert titles["7"] == "digital update"

    def test_the_minutes_of_18_june_with_minutes_58_to_67_and_ten_present(self, pack):
        (minutes,) = pack["minutes"]
        assert (minutes["body"], minutes["date"]) == ("Cabinet", "2018-06-18")
        assert [item["number"] for item in minutes["items"]] == [str(n) for n in range(58, 68)]
        assert norm(minutes["items"][0]["title"]) == "apologies for absence"
        assert surnames(minutes["present"]) == {
            "Perry",
            "Mans",
            "Kendal",
            "Fairhurst",
            "Reid",
            "Heron",
            "Stallard",
            "Humby",
            "Joy",
            "Woodward",
        }
        assert len(minutes["present"]) == 10

    def test_its_five_executive_decision_records(self, pack):
        decisions = pack["decisions"]
        assert [norm(d["title"]) for d in decisions] == [
            norm(title)
            for title in (
                "2017/18 - End of Year Financial Report",
                "Looking Ahead - Medium Term Financial Strategy",
                "Serving Hampshire - 2017/18 Performance Report",
                "The Director of Culture, Communities and Business Services",
                "Responsibilities for Executive Functions",
            )
        ]
        assert {(d["decision_maker"], d["date"], d["status"]) for d in decisions} == {
            ("Cabinet", "2018-06-18", "made")
        }

    def test_the_reports_for_items_6_to_9(self, pack):
        items = {doc["agenda_item"] for doc in pack["documents"] if doc["type"] == "report"}
        assert {"6", "7", "8", "9"} <= items

    def test_importing_it_builds_both_meetings(self, seed_pdf, manage, media):
        code, _, err = manage("import_pack", seed_pdf("001"))
        assert code == 0, err
        meeting = Meeting.objects.get(date="2018-09-17")
        assert meeting.agenda_items.get(number="9").is_exempt
        assert meeting.agenda_items.get(number="9").exempt_paragraph == 3
        minutes = Minutes.objects.get(meeting__date="2018-06-18")
        assert minutes.items.count() == 10
        assert minutes.meeting.attendances.filter(status="present").count() == 10
        records = DecisionRecord.objects.filter(meeting=minutes.meeting)
        assert records.count() == 5
        assert all(record.decision and record.reasons for record in records)
        exempt_report = meeting.agenda_items.get(number="9").reports.get()
        assert exempt_report.is_exempt_here and exempt_report.agenda_item.exempt_paragraph == 3
        assert exempt_report in Report.objects.exempt()


def test_002_cabinet_20_march_2017(parsed):
    pack = parsed("002")
    meeting = pack["meeting"]
    assert (meeting["body"], meeting["date"], meeting["start_time"]) == (
        "Cabinet",
        "2017-03-20",
        "10:30",
    )
    assert [item["number"] for item in pack["agenda"]] == [str(n) for n in range(1, 11)]
    assert not any(item["exempt"] for item in pack["agenda"])
    assert {item["number"]: item["pages"] for item in pack["agenda"]}["7"] == [23, 32]
    (minutes,) = pack["minutes"]
    assert (minutes["body"], minutes["date"]) == ("Cabinet", "2017-02-03")
    assert [item["number"] for item in minutes["items"]] == [str(n) for n in range(264, 272)]
    # Attendance is marked p (present) and a (absent): Councillor Humby was away.
    present = surnames(minutes["present"])
    assert len(present) == 9 and "Humby" not in present and "Perry" in present
    assert [norm(d["title"]) for d in pack["decisions"]] == [
        norm("Revenue Budget and Precept 2017/18"),
        norm("Capital Programme 2017/18 to 2019/20"),
    ]
    assert {d["date"] for d in pack["decisions"]} == {"2017-02-03"}


def test_003_cabinet_6_january_2020(parsed):
    pack = parsed("003")
    meeting = pack["meeting"]
    assert (meeting["body"], meeting["date"], meeting["start_time"]) == (
        "Cabinet",
        "2020-01-06",
        "14:00",
    )
    assert [item["number"] for item in pack["agenda"]] == [str(n) for n in range(1, 14)]
    assert {item["number"]: item["pages"] for item in pack["agenda"]}["13"] == [125, 144]
    (minutes,) = pack["minutes"]
    assert (minutes["body"], minutes["date"]) == ("Cabinet", "2019-10-15")
    assert [item["number"] for item in minutes["items"]] == [str(n) for n in range(143, 151)]
    assert surnames(minutes["present"]) == {
        "Mans",
        "Humby",
        "Joy",
        "Chadd",
        "Reid",
        "Fairhurst",
        "Stallard",
        "Grajewski",
        "Woodward",
        "Heron",
    }
    assert [norm(d["title"]) for d in pack["decisions"]] == [
        norm("Medium Term Financial Strategy Update and Transformation to 2021 Savings Proposals"),
        norm("Adults' Health and Care - Year 1 Strategy Progress"),
        norm("Annual Report of the Director of Public Health"),
    ]
    report_items = {d["agenda_item"] for d in pack["documents"] if d["type"] == "report"}
    assert {str(n) for n in range(6, 14)} <= report_items


def test_004_the_leaders_report_to_council(parsed):
    pack = parsed("004")
    assert pack["council"] == "Hampshire County Council"
    assert [doc["type"] for doc in pack["documents"]] == ["report"]
    assert "cabinet/leader" in norm(pack["documents"][0]["title"])
    assert pack["agenda"] == [] and pack["decisions"] == []
