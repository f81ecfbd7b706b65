"""Tables read from a page: the Kent finance report's budget tables, and the narrow-cell
word breaks joined again."""

import pytest

from packs.reading.blocks import pdf_blocks, shown_text
from packs.reading.tables import is_number, join_broken

from ..conftest import KENT, shared_path

FINANCE = (
    KENT
    / "cabinet/2025-01-30/originals"
    / "24-00108 - Finance Monitoring Report - Q3 - November 2024-25.pdf"
)


@pytest.fixture(scope="module")
def finance():
    return pdf_blocks(shared_path(FINANCE))


def tables(blocks):
    return [block for block in blocks or [] if block["kind"] == "table"]


def test_the_budget_table_is_read_with_its_header_and_rows(finance):
    (table,) = tables(finance[8])
    assert table["header"]
    assert table["rows"][0][:4] == [
        "Key Service",
        "Revenue Budget",
        "Revenue Forecast",
        "Revenue Variance",
    ]
    by_service = {row[0]: row[1:4] for row in table["rows"]}
    assert by_service["Adult Physical Disability - Residential Care Services"] == [
        "24.5",
        "28.8",
        "+4.3",
    ]
    assert table["caption"] == "All figures in £m"


def test_text_in_a_table_is_not_repeated_around_it(finance):
    text = shown_text([block for block in finance[8] if block["kind"] != "table"])
    assert "Residential Care" not in text
    assert "All figures" not in text


def test_the_running_footer_is_not_read_into_the_last_cell(finance):
    (table,) = tables(finance[8])
    assert not any("Page 9" in cell for row in table["rows"] for cell in row)


def test_narrative_pages_have_no_table(finance):
    assert finance[1] and not tables(finance[1])
    assert finance[2] and not tables(finance[2])


def test_a_word_broken_by_a_narrow_cell_is_joined():
    lines = [[("Revenu", 30.0)], [("e", 12.0)], [("Budget", 29.0)]]
    assert join_broken(lines, reach=30.5) == "Revenue Budget"


def test_whole_words_on_lines_of_their_own_stay_apart():
    assert join_broken([[("Key", 20.0), ("Service", 50.0)], [("costs", 30.0)]], 50) == (
        "Key Service costs"
    )
    assert join_broken([[("Carers", 25.0)], [("support", 40.0)]], 40) == "Carers support"


@pytest.mark.parametrize("text", ["24.5", "+4.3", "-£0.8m", "(1,234)", "6.0%", "-107.5%"])
def test_figures_are_numbers(text):
    assert is_number(text)


@pytest.mark.parametrize("text", ["Budget", "2.2 Note the forecast", ""])
def test_words_are_not(text):
    assert not is_number(text)
