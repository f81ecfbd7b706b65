"""Issue 20's failure classes, one at a time: on the shared papers that show them (skipped
without ../shared), and on papers the layout fuzzer draws in the layout in question. Each
fuzzed case reads a dozen papers of that layout, varied in every other way."""

import pytest

from packs import reading
from packs.reading.names import body_name
from packs.reading.pdf import parse_pdf
from packs.writing.fuzz import fuzzed_papers, judge

from ..conftest import SHARED, shared_path

CORPUS = SHARED / "corpus"


def read(path: str) -> reading.ParsedPack:
    return parse_pdf(shared_path(CORPUS / path))


def fuzzed(count: int = 12, **fixed) -> list[tuple]:
    """(paper, parsed JSON, judgement) for papers drawn with the given layout."""
    out = []
    for paper in fuzzed_papers(count, seed=4, **fixed):
        parsed = parse_pdf(paper.pdf, filename=f"fuzzed-{paper.seed}.pdf").to_json()
        out.append((paper, parsed, judge(parsed, paper.truth)))
    return out


def meetings(readings: list[tuple]) -> list[tuple]:
    """What was read of each paper's meeting, and what the paper says."""
    return [
        (
            (parsed["meeting"] or {}).get("body"),
            (parsed["meeting"] or {}).get("date"),
            (parsed["meeting"] or {}).get("start_time"),
        )
        for _, parsed, _ in readings
    ], [(p.truth.body, p.truth.date, p.truth.start_time) for p, _, _ in readings]


# Bodies that are not names ------------------------------------------------------------


@pytest.mark.parametrize(
    "path, meeting",
    [
        (
            "ayton-community-council/2012-03-06-minutes.pdf",
            ("Ayton Community Council", "2012-03-06", None, "Ayton Community Hall"),
        ),
        (
            "ayton-community-council/2019-11-05-minutes.pdf",
            ("Ayton Community Council", "2019-11-05", "19:00", "Ayton Community Hall"),
        ),
        (
            "burton-cum-walden-parish-council/2025-11-04-minutes.pdf",
            ("Burton-cum-Walden Parish Council", "2025-11-04", None, "Village Hall, West Burton"),
        ),
    ],
)
def test_the_letterhead_is_the_body_of_minutes_that_name_none(path, meeting):
    """ "Minutes of a Meeting held on ..." under a letterhead, and "the Parish Council
    meeting held on", name the letterhead's council, not "a Meeting held on"."""
    pack = read(path)
    found = pack.meeting
    assert (found.body, found.date, found.start_time, found.venue) == meeting
    assert (pack.minutes[0].body, pack.minutes[0].date) == meeting[:2]


def test_strings_that_are_not_bodies_are_refused_and_names_kept():
    for text in (
        "a Meeting held on",
        "Parish Council Meeting Held in the Village Hall on",
        "Cabinet Date",
        "Cabinet Council",
        "Cabinet and County Council",
        "Clerk to the Council",
        "Village Hall",
        "GREAT AMBLECOTE COMMUNITY COUNCIL Great Amblecote Community Council",
    ):
        assert body_name(text) is None, text
    for text, name in (
        ("CABINET", "Cabinet"),
        (
            "the Transport and Connectivity Policy Committee",
            "Transport and Connectivity Policy Committee",
        ),
        ("Cabinet Member for Highways and Transport", "Cabinet Member for Highways and Transport"),
        ("BURTON-CUM-WALDEN PARISH COUNCIL", "Burton-cum-Walden Parish Council"),
        ("Cabinet of Hampshire County Council", "Cabinet"),
    ):
        assert body_name(text) == name


def test_a_parish_council_named_by_its_kind_alone_is_the_one_the_paper_or_portal_names():
    """ "a meeting of the Parish Council" with no letterhead: which parish council is not
    printed, so none is taken unless the portal's council says which."""
    lines = [
        "Minutes of a meeting of the Parish Council held in the Village Hall on Tuesday 5th "
        "March 2024 at 7.30pm",
        "Present: Cllrs Reed, Shaw and Ward",
        "1. Apologies",
        "None were received.",
    ]
    unknown = reading.parse_pages(["\n".join(lines)], filename="minutes.pdf")
    assert (unknown.meeting.body, unknown.meeting.date) == (None, "2024-03-05")
    assert any("Parish Council" in w.message for w in unknown.warnings if w.field == "meeting.body")
    known = reading.parse_pages(
        ["\n".join(lines)], filename="minutes.pdf", council="Ashby Parish Council"
    )
    assert known.meeting.body == "Ashby Parish Council"


def test_a_committee_the_portal_knows_is_a_body_even_when_its_name_has_no_body_word():
    lines = [
        "PLANNING",
        "Minutes of the meeting held in the Council Chamber on Monday 4th March 2024 at 7pm",
        "Present: Cllrs Reed and Shaw",
        "1. Apologies",
        "None were received.",
    ]
    unknown = reading.parse_pages(["\n".join(lines)], filename="minutes.pdf")
    assert (unknown.meeting.body, unknown.meeting.date) == (None, "2024-03-04")
    known = reading.parse_pages(["\n".join(lines)], filename="minutes.pdf", known=("Planning",))
    assert (known.meeting.body, known.meeting.date) == ("Planning", "2024-03-04")


def test_a_paper_addressed_to_two_meetings_names_no_body_and_says_which_were_printed():
    for paper, parsed, judgement in fuzzed(kind="report", header="two-meetings"):
        assert not judgement.wrong_meeting
        assert parsed["meeting"]["body"] is None
        assert parsed["meeting"]["date"] == paper.truth.date
        body_warnings = [w["message"] for w in parsed["warnings"] if w["field"] == "meeting.body"]
        assert any("Cabinet" in message for message in body_warnings)


# Dates that are not the meeting's -----------------------------------------------------


def test_an_extraordinary_meeting_will_be_held_and_the_letters_own_date_is_not_taken():
    readings = fuzzed(kind="agenda", form="extraordinary", letter_date=True)
    got, printed = meetings(readings)
    assert got == printed


def test_a_letters_date_at_the_right_of_its_head_is_not_the_meetings():
    readings = fuzzed(kind="agenda", form="heading", letter_date=True)
    got, printed = meetings(readings)
    assert [date for _, date, _ in got] == [date for _, date, _ in printed]


# Headings over several lines ----------------------------------------------------------


def test_a_centred_heading_of_three_lines_with_a_raised_ordinal():
    """Body / "held in" venue / "on Tuesday 5" "th" "November 2019 at 7.30 pm"."""
    readings = fuzzed(kind="minutes", heading="three-lines", raised=True)
    got, printed = meetings(readings)
    assert got == printed
    assert all(parsed["meeting"]["venue"] == p.truth.venue for p, parsed, _ in readings)


def test_time_and_venue_inline_after_held_on_even_on_the_24_hour_clock():
    readings = fuzzed(
        kind="minutes", local=True, letterhead="plain", heading="held-on", inline=True
    )
    got, printed = meetings(readings)
    assert got == printed


@pytest.mark.parametrize("letterhead", ["spaced", "shadow", "beside"])
def test_letter_spaced_shadowed_and_side_by_side_letterheads(letterhead):
    readings = fuzzed(kind="minutes", local=True, letterhead=letterhead, heading="held-on")
    assert [parsed["meeting"]["body"] for _, parsed, _ in readings] == [
        paper.truth.council for paper, _, _ in readings
    ]


def test_minutes_headed_meeting_and_a_date_with_a_raised_th_and_no_minutes_heading():
    """ "MANORDEILO & SALEM COMMUNITY COUNCIL / MEETING 8" "th MAY 2019": minutes all the
    same, their meeting told by the sentence under the heading; "10A" is an item, an
    earlier minute's number quoted under Matters Arising is not."""
    pack = read("manordeilo-salem-community-council/2019-05-08-minutes.pdf")
    assert [doc.type for doc in pack.documents] == ["minutes"]
    meeting = pack.meeting
    assert (meeting.body, meeting.date, meeting.start_time, meeting.venue) == (
        "Manordeilo and Salem Community Council",
        "2019-05-08",
        "19:00",
        "Reading Room, Cwmifor",
    )
    numbers = [item.number for item in pack.minutes[0].items]
    assert numbers == [*map(str, range(1, 11)), "10A", "11", "12"]


# Columns and tables -------------------------------------------------------------------


def test_attendance_in_columns_of_names_and_initials():
    pack = read("ayton-community-council/2012-03-06-minutes.pdf")
    assert pack.minutes[0].present == [
        "Rob Weatherston",
        "Norman Robertson",
        "Dick Noble",
        "Rob Boyd",
        "Graham Dolan",
        "Ian Logan",
        "John Slater",
        "Paul Priestman",
        "Michael Cook",
    ]


@pytest.mark.parametrize("late", [False, True])
def test_attendance_in_a_table_beside_apologies_and_the_public(late):
    """Only the "Present" column is present; a table drawn after the text under it is
    read where it sits."""
    for paper, parsed, _ in fuzzed(kind="minutes", attendance="table", late=late, welsh=None):
        assert parsed["minutes"][0]["present"] == list(paper.truth.present)


def test_an_agenda_set_out_as_a_ruled_table():
    for paper, parsed, _ in fuzzed(kind="agenda", agenda_table=True):
        assert [(i["number"], i["title"]) for i in parsed["agenda"]] == list(paper.truth.items)


def test_a_header_table_read_across_gives_the_meeting():
    readings = fuzzed(kind="report", header="across")
    got, printed = meetings(readings)
    assert got == printed


# Numbering ----------------------------------------------------------------------------


def minute_items(readings: list[tuple]) -> tuple[list, list]:
    return [
        [(i["number"], i["title"]) for i in parsed["minutes"][0]["items"]]
        for _, parsed, _ in readings
    ], [list(paper.truth.items) for paper, _, _ in readings]


@pytest.mark.parametrize("numbering", ["running", "dotted"])
def test_minute_numbers_that_skip_keep_the_whole_series(numbering):
    got, printed = minute_items(fuzzed(kind="minutes", numbering=numbering, gap=True))
    assert got == printed


def test_a_report_appended_to_the_minutes_does_not_replace_their_items():
    got, printed = minute_items(fuzzed(kind="minutes", appended_report=True, welsh=None))
    assert got == printed


def test_lettered_items_and_lists_under_items():
    got, printed = minute_items(fuzzed(kind="minutes", lettered=True, welsh=None))
    assert got == printed


def test_a_numbered_list_under_an_agenda_item_is_its_description():
    pack = read("burton-cum-walden-parish-council/2025-11-04-agenda.pdf")
    assert [item.number for item in pack.agenda] == [str(n) for n in range(1, 14)]
    assert pack.agenda[6].title == "To consider the following planning applications"


def test_a_bold_heading_wrapped_over_two_lines_is_one_title_and_the_last_item_is_kept():
    pack = read("burton-cum-walden-parish-council/2025-11-04-minutes.pdf")
    items = pack.minutes[0].items
    assert items[9].title.endswith("the YLCA weekly News and Notifications")
    assert (items[-1].number, items[-1].title) == ("13", "Items for the next agenda")


# Papers -------------------------------------------------------------------------------


def test_a_report_whose_first_lines_are_its_committee_and_date():
    readings = fuzzed(kind="report", header="lines", report_by=False)
    got, printed = meetings(readings)
    assert got == printed


def test_a_running_item_header_and_footer_give_the_report_its_agenda_item():
    for paper, parsed, _ in fuzzed(kind="report", item_banner=True):
        assert [d["agenda_item"] for d in parsed["documents"]] == [paper.truth.agenda_item]


def test_a_page_number_footer_is_not_a_title():
    for _, parsed, judgement in fuzzed(kind="minutes", furniture="page-bar"):
        assert judgement.score > 0.9
        assert not any("Page |" in (d["title"] or "") for d in parsed["documents"])


@pytest.mark.parametrize("side", ["english-left", "welsh-left"])
def test_minutes_in_welsh_beside_their_english_are_read_in_english(side):
    got, printed = minute_items(fuzzed(kind="minutes", local=True, welsh=side))
    assert got == printed
