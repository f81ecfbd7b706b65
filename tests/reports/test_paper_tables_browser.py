"""The Kent finance report's page, tables and all, at 320 px in headless Chromium: nothing
scrolls sideways but the tables' own regions, and axe-core finds nothing (issue 22)."""

import pytest
from playwright.sync_api import expect

from publishing.imports import pack_import
from reports.models import Report

from ..conftest import shared_path
from ..packs.test_tables import FINANCE
from ..test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


def test_a_paper_with_tables_fits_320_pixels_and_axe_finds_nothing(
    transactional_db, media, meeting, live_server, chromium
):
    pack_import(source=shared_path(FINANCE), meeting=meeting, publish=True)
    report = Report.objects.public().get(first_page=1)
    page = chromium.new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(live_server.url + report.get_absolute_url())
    expect(page.get_by_role("columnheader", name="Revenue Budget").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
