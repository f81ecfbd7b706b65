"""A resident's walks through the portal in headless Chromium, with axe-core on every page.

Uses Debian's chromium (``apt-get install chromium``; ``.ci/run`` installs it) through
Playwright; skipped where it is not installed. Never ``playwright install``.
"""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from decisions.models import DecisionRecord
from meetings.models import Meeting
from reports.models import Appendix, Minutes, Report

CHROMIUM = shutil.which("chromium")
if not CHROMIUM and os.environ.get("REQUIRE_BROWSER"):
    raise RuntimeError("REQUIRE_BROWSER is set but Debian's chromium is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(portal, chromium):
    context = chromium.new_context(viewport={"width": 1024, "height": 800})
    yield context.new_page()
    context.close()


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_home_to_committee_to_meeting_to_item_to_paper_to_pdf(page, portal):
    page.goto(portal)
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Committees").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Committees")
    assert_accessible(page)
    page.get_by_role("link", name="Cabinet", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Mon 19 Jan 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monday 19 January 2026")
    assert_accessible(page)

    report = Report.objects.public().filter(document__meeting__date="2026-01-19").first()
    item = report.agenda_item
    page.get_by_role("link", name=item.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(item.title)
    assert_accessible(page)
    page.get_by_role("link", name=report.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.title)
    printed = report.document.pages.get(number=report.first_page).printed_number
    assert page.locator(f"#page-{printed}").count() == 1
    assert_accessible(page)

    pdf_link = page.get_by_role("link", name="Download the report as a PDF")
    response = page.request.get(portal + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_home_to_decisions_to_filter_to_decision(page, portal):
    page.goto(portal)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    assert_accessible(page)
    page.get_by_label("Status").select_option("proposed")
    page.get_by_role("button", name="Apply filters").click()
    # Proposals not yet decided: a decision made is listed by its made record.
    public = DecisionRecord.objects.public()
    proposed = public.filter(status="proposed").current(public)
    expect(page.get_by_role("status")).to_contain_text(f"{proposed.count()} decision records")
    assert_accessible(page)
    record = proposed.order_by("-date", "-reference").first()
    page.get_by_role("link", name=record.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(record.title)
    expect(page.get_by_role("heading", name="The decision", exact=True)).to_have_count(1)
    assert_accessible(page)


def test_every_other_page_type_passes_axe(page, portal):
    meeting = Meeting.objects.public().get(date="2026-02-16")
    exempt = meeting.agenda_items.get(is_exempt=True)
    urls = [
        "/meetings/2026/1/",
        Minutes.objects.public().first().get_absolute_url(),
        Appendix.objects.public().first().get_absolute_url(),
        exempt.get_absolute_url(),
        DecisionRecord.objects.public().filter(status="made").first().get_absolute_url(),
        "/decisions/?date_from=2026-05-01&date_to=2026-01-01",
        "/no-such-page/",
        "/search/?q=transport+-rail&sort=newest",
        "/search/?q=the",
    ]
    for url in urls:
        page.goto(portal + url)
        assert_accessible(page)


def test_the_portal_works_at_320_pixels_wide(page, portal):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(portal + Meeting.objects.public().first().get_absolute_url())
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert_accessible(page)


def test_no_javascript_is_needed(portal, chromium):
    page = chromium.new_context(java_script_enabled=False).new_page()
    page.goto(portal + "/decisions/")
    page.get_by_label("Status").select_option("made")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile("status=made"))
