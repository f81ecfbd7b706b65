"""A paper's page shows the tables its PDF prints as HTML tables (issue 22), through the
real import and the public page."""

from html.parser import HTMLParser

import pytest

from publishing.imports import pack_import
from reports.models import Page, Report

from ..conftest import shared_path
from ..packs.test_tables import FINANCE


class Tables(HTMLParser):
    """The tables of a page: header cells and rows of cell text."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.classes = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"head": [], "rows": [], "numbers": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = ""
            self.scope = dict(attrs).get("scope")
            if "table__number" in (dict(attrs).get("class") or ""):
                self.tables[-1]["numbers"].append(True)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            if tag == "th" and self.scope == "col":
                self.tables[-1]["head"].append(self.cell.strip())
            else:
                self.tables[-1]["rows"][-1].append(self.cell.strip())
            self.cell = None


@pytest.fixture
def report(media, meeting):
    pack_import(source=shared_path(FINANCE), meeting=meeting, publish=True)
    return Report.objects.public().get(first_page=1)


def test_the_budget_table_pages_show_html_tables(client, report):
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    assert 'id="page-9"' in html or 'id="page-p9"' in html
    parsed = Tables()
    parsed.feed(html)
    budget = [
        t
        for t in parsed.tables
        if t["head"][:4]
        == ["Key Service", "Revenue Budget", "Revenue Forecast", "Revenue Variance"]
    ]
    assert budget
    rows = [row for table in budget for row in table["rows"] if row]
    assert (
        next(
            row for row in rows if row[0] == "Adult Physical Disability - Residential Care Services"
        )[:4]
    ) == ["Adult Physical Disability - Residential Care Services", "24.5", "28.8", "+4.3"]
    assert all(table["numbers"] for table in budget)
    assert "Scroll sideways to see the whole table" in html
    page_9 = html.split('id="page-9"')[1].split('class="pdf-page"')[0]
    assert "Revenu e" not in page_9


def test_narrative_pages_have_no_table(report):
    narrative = Page.objects.filter(document=report.document, number__in=[2, 3])
    assert all(page.blocks for page in narrative)
    assert all(block["kind"] != "table" for page in narrative for block in page.blocks)


def test_a_page_with_no_stored_blocks_shows_its_text(client, report):
    Page.objects.filter(document=report.document).update(blocks=None)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "<table" not in html.split('class="paper-text"')[1]
