"""A paper's page shows the structure its PDF prints (issue 22): the report header as a
definition list, numbered clauses as lists, headings that never skip a level, running
footers gone; the staff page view shows the same reading. Real import, real HTTP."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from publishing.imports import pack_import
from reports.models import Report

from ..conftest import shared_path
from ..packs.test_page_structure import TRANSITIONS
from ..packs.test_tables import FINANCE


class Outline(HTMLParser):
    """The headings of a page's main content in order, and its definition terms."""

    def __init__(self):
        super().__init__()
        self.headings, self.terms, self.tag, self.inside = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        if self.inside and (re.fullmatch(r"h[1-6]", tag) or tag == "dt"):
            self.tag, self.text = tag, ""

    def handle_data(self, data):
        if self.tag:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False
        if tag == self.tag:
            text = " ".join(self.text.split())
            if tag == "dt":
                self.terms.append(text)
            else:
                self.headings.append((int(tag[1]), text))
            self.tag = None


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


@pytest.fixture
def report(media, meeting):
    pack_import(source=shared_path(TRANSITIONS), meeting=meeting, publish=True)
    return Report.objects.public().get(first_page=1)


def test_the_report_header_is_a_definition_list(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    terms = outline(html).terms
    assert terms[terms.index("To") :][:4] == ["To", "Subject", "Decision no", "Key Decision"]
    assert '<span class="clauses__label">1.1</span>' in html
    assert re.search(r'<ol class="clauses">\s*<li><span class="clauses__label">A\.</span>', html)


def test_headings_never_skip_a_level(client, report):
    levels = [
        level
        for level, _ in outline(client.get(report.get_absolute_url()).content.decode()).headings
    ]
    assert levels[0] == 1 and 3 in levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_running_footers_are_not_shown(client, media, meeting):
    pack_import(source=shared_path(FINANCE), meeting=meeting, publish=True)
    report = Report.objects.public().get(first_page=1)
    text = client.get(report.get_absolute_url()).content.decode().split('class="paper-text"')[1]
    assert not re.search(r"Page \d+ of 54", text)
    assert ">Page 9<" in text  # the page's own anchor stays


def test_the_staff_page_view_shows_the_same_reading(staff_client, report):
    url = reverse("staff:page", args=[report.document.pk, 1])
    html = staff_client.get(url).content.decode()
    assert "Decision no" in outline(html).terms
    assert 'class="page-fields"' in html
