"""A page's structure read from its layout (issue 22): the report header as labelled
fields, numbered clauses and lettered sub-clauses as lists, headings by size and weight,
running footers dropped, and columns lined up without rules read as a table. Real shared
PDFs through the real reading."""

import re

import pytest

from packs.reading.blocks import pdf_blocks, shown_text, text_blocks

from ..conftest import KENT, SHARED, shared_path
from .test_tables import FINANCE

TRANSITIONS = (
    KENT
    / "cabinet/2025-01-30/originals"
    / "24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report.pdf"
)
BRISTOL_MINUTES = SHARED / "corpus/bristol-city-council/tcpc-2024-09-12-printed-minutes.pdf"
AYTON_MINUTES = SHARED / "corpus/ayton-community-council/2019-11-05-minutes.pdf"


@pytest.fixture(scope="module")
def transitions():
    return pdf_blocks(shared_path(TRANSITIONS))


@pytest.fixture(scope="module")
def finance():
    return pdf_blocks(shared_path(FINANCE))


def kinds(blocks, kind):
    return [block for block in blocks if block["kind"] == kind]


def test_the_report_header_is_a_list_of_labelled_fields(transitions):
    (fields,) = kinds(transitions[0], "fields")
    values = {item["label"]: item["text"] for item in fields["items"]}
    assert values["To"] == "Cabinet - 30 January 2025"
    assert values["Decision no"] == "24/00109"
    assert values["Key Decision"] == "Yes - It affects more than 2 Electoral Divisions"
    subject = (
        "Transfer the 18-25 section of the Strengthening Independence Service from the "
        "Children Young People and Education Directorate to the Adult Social Care and "
        "Health Directorate"
    )
    assert " ".join(values["Subject"].split()) == subject
    # The value printed over several lines in its column stays with its label.
    assert "Dan Watkins" in values["From"]
    assert values["Is the decision eligible for call-in?"] == "Yes"


def test_a_bold_label_that_runs_on_into_a_paragraph_is_a_paragraph(transitions):
    summary = next(b for b in transitions[0] if b.get("text", "").startswith("Summary:"))
    assert summary["kind"] == "paragraph"
    assert "typically occur between ages 18 and 25" in summary["text"]


def test_numbered_clauses_are_a_list_with_their_bullets_nested(transitions):
    page = transitions[1]
    assert {"kind": "heading", "level": 1, "text": "1. Introduction"} in page
    clauses = kinds(page, "list")[-1]["items"]
    assert [item["label"] for item in clauses] == ["1.1", "1.2"]
    bullets = clauses[0]["items"]
    assert len(bullets) == 4 and all(item["label"] == "" for item in bullets)
    assert bullets[0]["text"].endswith(
        "learning and physical disabilities which have been identified as children."
    )
    assert [item["text"] for item in bullets[0]["items"]] == [
        "Multi-Agency Collaboration",
        "Include a Sensory and Young People’s Team",
    ]


def test_lettered_recommendations_are_a_list(transitions):
    (recommendations,) = [
        block for block in kinds(transitions[1], "list") if block["items"][0]["label"] == "A."
    ]
    assert [item["label"] for item in recommendations["items"]] == ["A.", "B."]
    assert recommendations["items"][0]["text"].endswith("from 1 April 2025; and")


def test_a_range_wrapped_to_a_line_start_is_not_a_bullet(transitions):
    clause = next(
        item for item in kinds(transitions[2], "list")[0]["items"] if item["label"] == "1.5"
    )
    assert clause["items"] == []
    assert "– 25, who require longer" in clause["text"]


def test_headings_by_size_then_weight(finance):
    assert finance[0][0] == {"kind": "heading", "level": 1, "text": "Finance Monitoring Report"}
    assert {"kind": "heading", "level": 1, "text": "Contents"} in finance[1]


def test_running_footers_are_dropped(finance):
    for blocks in finance:
        assert not re.search(r"Page \d+ of 54", shown_text(blocks or []))


def test_minutes_read_as_minute_headings_and_paragraphs():
    page = pdf_blocks(shared_path(BRISTOL_MINUTES))[0]
    headings = [block["text"] for block in kinds(page, "heading")]
    assert "2 Apologies for Absence and Substitutions" in headings
    assert "3 Declarations of Interest" in headings
    paragraphs = [block["text"] for block in kinds(page, "paragraph")]
    assert "The Chair asked the Committee members to introduce themselves." in paragraphs
    assert "There were none." in paragraphs


def test_columns_lined_up_without_rules_are_a_table():
    page = pdf_blocks(shared_path(AYTON_MINUTES))[0]
    (table,) = kinds(page, "table")
    assert table["rows"][0] == ["Present:", "Catherine Chisholm", "CC", "Graham Dolan", "GD"]
    assert table["rows"][2][1:] == ["Rob Weatherston", "RW", "Sarah Woodbury", "SW"]
    assert "Catherine Chisholm" not in shown_text([b for b in page if b["kind"] != "table"])


def test_body_text_set_bold_is_not_all_headings():
    page = pdf_blocks(shared_path(AYTON_MINUTES))[0]
    assert len(kinds(page, "heading")) <= 2
    (minutes,) = [block for block in kinds(page, "list") if block["items"][0]["label"] == "1."]
    assert [item["label"] for item in minutes["items"]] == ["1.", "2.", "3.", "4.", "5."]


def test_a_page_known_only_as_text_is_read_by_what_it_says():
    blocks = text_blocks(
        "REPORT PURPOSE\n1.1 The report sets out\nthe budget.\n• First point\nPage 4\n"
        "A paragraph that runs\non to a second line."
    )
    assert blocks == [
        {"kind": "heading", "level": 1, "text": "REPORT PURPOSE"},
        {
            "kind": "list",
            "items": [
                {"label": "1.1", "text": "The report sets out the budget.", "items": []},
                {"label": "", "text": "First point", "items": []},
            ],
        },
        {"kind": "paragraph", "text": "A paragraph that runs on to a second line."},
    ]
