"""The parser on other councils' layouts, one failure class at a time: printed minutes
without "held on", decision notices, parish summonses and minutes, attendance written as
prose. Real shared papers where they exist (skipped without ../shared), page texts where
the visible corpus holds no example."""

import pytest

from packs import reading

from ..conftest import SHARED, shared_path

CORPUS = SHARED / "corpus"


def read(path: str) -> reading.ParsedPack:
    return reading.parse_pdf(shared_path(CORPUS / path))


def test_printed_minutes_headed_by_the_body_over_a_dated_line():
    """ "Minutes of the X / Policy Committee / 12 September 2024 at 5.00 pm": minute numbers
    with no full stop, "Councillors:" before the names, and a numbered list of public
    forum statements that is not the minutes' own numbering."""
    pack = read("bristol-city-council/tcpc-2024-09-12-printed-minutes.pdf")
    meeting = pack.meeting
    assert (meeting.body, meeting.date, meeting.start_time) == (
        "Transport and Connectivity Policy Committee",
        "2024-09-12",
        "17:00",
    )
    minutes = pack.minutes[0]
    assert minutes.present[0] == "Ed Plowden" and "Jos Clark" in minutes.present
    assert [item.number for item in minutes.items] == [str(n) for n in range(1, 13)]
    assert minutes.items[7].title.startswith("Supported Bus Services")
    assert pack.council == "Bristol City Council"


def test_a_decision_notice_holds_one_record_per_agenda_item():
    """ "Decision determined at X meeting on DATE", then "(a) Subject: ... (agenda item 7)"
    on each record's first page."""
    pack = read("bristol-city-council/tcpc-2024-09-12-decision-notice.pdf")
    assert (pack.meeting.body, pack.meeting.date) == (
        "Transport and Connectivity Policy Committee",
        "2024-09-12",
    )
    assert [doc.type for doc in pack.documents] == ["decision"] * 6
    assert [record.agenda_item for record in pack.decisions] == [str(n) for n in range(7, 13)]
    assert all(record.status == "made" for record in pack.decisions)
    assert all(record.date == "2024-09-12" for record in pack.decisions)
    assert pack.decisions[3].title == "Workplace Parking Levy"


def test_a_parish_agenda_names_its_council_in_the_letterhead():
    """ "MILBURN PARISH COUNCIL / MEETING TO BE HELD ON TUESDAY, / 3rd SEPTEMBER 2019 @
    7.30pm / MILBURN VILLAGE HALL"; a payments list is not part of an item's title."""
    pack = read("milburn-parish-council/2019-09-03-agenda.pdf")
    meeting = pack.meeting
    assert (meeting.body, meeting.date, meeting.start_time, meeting.venue) == (
        "Milburn Parish Council",
        "2019-09-03",
        "19:30",
        "Milburn Village Hall",
    )
    assert pack.council == "Milburn Parish Council"
    assert pack.agenda[8].title == "Finance"
    assert len(pack.agenda) == 12


def test_a_summons_of_the_above_council_with_running_minute_numbers():
    pack = read("tintern-community-council/2018-10-29-agenda.pdf")
    assert (pack.meeting.body, pack.meeting.date, pack.meeting.start_time) == (
        "Tintern Community Council",
        "2018-10-29",
        "19:00",
    )
    assert pack.meeting.venue is None
    assert [item.number for item in pack.agenda][:2] == ["2579", "2580"]
    assert pack.agenda[6].title == "Accounts for payment"


def test_parish_minutes_headed_body_dash_date_with_dotted_numbers():
    """ "Milburn Parish Council - 3rd September 2019"; "19.09.01 Apologies"; members
    listed after a shared "Councillors", without commas, with an outside councillor and the
    clerk on the same line."""
    pack = read("milburn-parish-council/2019-09-03-minutes.pdf")
    minutes = pack.minutes[0]
    assert (minutes.body, minutes.date) == ("Milburn Parish Council", "2019-09-03")
    assert minutes.present == ["D Richardson", "N Cresswell", "M Armstrong", "R Healey", "P Moran"]
    assert minutes.items[0].number == "19.09.01" and minutes.items[-1].number == "19.09.12"


def test_minutes_of_the_above_council_with_attendance_as_prose():
    """ "Minutes of a meeting of the above Council held in ... at 7.00pm"; "Present: Chairman
    Cllr Mrs Shewell, Cllrs Hayward, ..., County Cllr Webb and the Clerk. Members of the
    public - ..."; headings that run into their text up to a colon."""
    pack = read("tintern-community-council/2018-10-29-minutes.pdf")
    minutes = pack.minutes[0]
    assert (minutes.body, minutes.date, minutes.start_time) == (
        "Tintern Community Council",
        "2018-10-29",
        "19:00",
    )
    assert minutes.present == [
        "Cllr Mrs Shewell",
        "Hayward",
        "Hoskins",
        "Hillard",
        "Richards",
        "Cobb",
        "Evans",
    ]
    assert minutes.items[0].number == "2579" and minutes.items[0].title == "Police Report"
    assert len(minutes.items) == 20


@pytest.mark.parametrize(
    "heading, body, date",
    [
        (
            "Minutes of the Annual General Meeting of the above Council held in the Village "
            "Hall on Tuesday 14th May 2019 at 7.30pm",
            "Ashby Parish Council",
            "2019-05-14",
        ),
        (
            "EXTRACT OF MINUTES OF AN EXTRAORDINARY MEETING OF THE PLANNING COMMITTEE held "
            "at the Guildhall on 3 March 2025",
            "Planning Committee",
            "2025-03-03",
        ),
    ],
)
def test_minutes_headings_of_other_kinds(heading, body, date):
    lines = ["ASHBY PARISH COUNCIL", heading, "Present: Cllrs Reed, Shaw and Ward", "1. Apologies"]
    pack = reading.parse_pages(["\n".join(lines)], filename="minutes.pdf")
    assert pack.documents[0].type == "minutes"
    assert (pack.minutes[0].body, pack.minutes[0].date) == (body, date)


def test_a_heading_that_names_a_place_gives_no_body_and_a_warning():
    lines = [
        "Sessions House",
        "Maidstone",
        "Thursday, 13 February 2025 at 10.00 am",
        "AGENDA",
        "1. Apologies",
        "2. Minutes of the meeting held on 19 December 2024",
    ]
    pack = reading.parse_pages(["\n".join(lines)], filename="summons.pdf")
    assert pack.meeting.body is None
    assert any(w.field == "meeting.body" for w in pack.warnings)
    assert pack.to_json()["warnings"][0]["page"] == 1


def test_minutes_headed_body_dash_date_over_minutes_of_the_meeting_held():
    lines = [
        "CABINET – 29 October 2024",
        "MINUTES of the meeting held in the Council Chamber, Civic Centre at 7.00 pm",
        "Present: Councillor A Smith (Chair), Councillor B Jones and Councillor C Brown",
        "1. Apologies",
        "None.",
        "2. Minutes",
        "Agreed.",
    ]
    pack = reading.parse_pages(["\n".join(lines)], filename="minutes.pdf")
    minutes = pack.minutes[0]
    assert (minutes.body, minutes.date) == ("Cabinet", "2024-10-29")
    assert minutes.present == ["Councillor A Smith", "Councillor B Jones", "Councillor C Brown"]


def test_extract_of_minutes_of_an_extraordinary_meeting():
    lines = [
        "EXTRACT OF MINUTES OF EXTRAORDINARY MEETING OF ASHBY PARISH COUNCIL HELD ON 3 MARCH "
        "2025 AT 7.30PM",
        "Present: Cllrs Reed, Shaw and Ward",
        "1. Apologies",
        "None.",
    ]
    pack = reading.parse_pages(["\n".join(lines)], filename="extract.pdf")
    meeting = pack.meeting
    assert (meeting.body, meeting.date, meeting.start_time) == (
        "Ashby Parish Council",
        "2025-03-03",
        "19:30",
    )
    assert pack.minutes[0].present == ["Reed", "Shaw", "Ward"]


@pytest.mark.parametrize(
    "header",
    [
        [
            "REPORT TO: CABINET",
            "DATE: 12 March 2025",
            "REPORT OF: Director of Place",
            "SUBJECT: Highways Asset Management Plan",
        ],
        [
            "Cabinet",
            "12 March 2025",
            "Highways Asset Management Plan",
            "Report by the Director of Place",
        ],
    ],
    ids=["labelled", "plain-lines"],
)
def test_report_headers_with_and_without_labels_name_the_meeting(header):
    lines = [*header, "1. Purpose", "This report sets out the plan for the next five years."]
    pack = reading.parse_pages(["\n".join(lines)], filename="report.pdf")
    assert (pack.meeting.body, pack.meeting.date) == ("Cabinet", "2025-03-12")
    assert pack.documents[0].type == "report"
    assert pack.documents[0].title == "Highways Asset Management Plan"


def test_two_sets_of_minutes_in_one_pdf_are_both_read():
    annual = [
        "Minutes of the Annual Meeting of the above Council held in the Village Hall on "
        "Tuesday 14th May 2019 at 7.00pm",
        "Present: Cllrs Reed, Shaw and Ward",
        "1. Election of Chairman",
        "Cllr Reed was elected.",
    ]
    ordinary = [
        "Minutes of a meeting of the above Council held in the Village Hall on Tuesday 14th "
        "May 2019 at 7.30pm",
        "Present: Cllrs Reed, Shaw and Ward",
        "1. Apologies",
        "None.",
    ]
    pack = reading.parse_pages(
        ["ASHBY PARISH COUNCIL\n" + "\n".join(annual), "\n".join(ordinary)],
        filename="minutes.pdf",
    )
    assert [doc.type for doc in pack.documents] == ["minutes", "minutes"]
    assert [minutes.start_time for minutes in pack.minutes] == ["19:00", "19:30"]
    assert {minutes.body for minutes in pack.minutes} == {"Ashby Parish Council"}
