"""A councillor page and "My meetings" in headless Chromium at 320 and 1280 pixels wide,
with axe-core finding nothing; screenshots go to /tmp/shots-councillors/ for a look."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Committee, Member, Membership
from packs.writing import sample_pack
from publishing.imports import pack_import
from tests.conftest import person
from tests.test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
SHOTS = Path("/tmp/shots-councillors")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def portal(transactional_db, media, live_server) -> str:
    """A held Cabinet meeting with its minutes, a coming one with an exempt item, and a
    councillor with an account, a seat on Cabinet and a record of attendance."""
    soon = timezone.localdate() + datetime.timedelta(days=14)
    for day, seed in ((datetime.date(2026, 2, 16), 1), (soon, 7)):
        pack = sample_pack(committee="Cabinet", meeting_date=day, seed=seed)
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    member = Attendance.objects.filter(status="present").first().member
    member.party, member.ward = "Liberal Democrat", "Felpersham North division"
    member.user = person("councillor", "Councillors")
    member.save()
    cabinet = Committee.objects.get(name="Cabinet")
    Membership.objects.create(member=member, committee=cabinet, role="Cabinet Member for Highways")
    return live_server.url


@pytest.fixture
def browser(portal, chromium):
    return chromium


@pytest.mark.parametrize("width", [320, 1280])
def test_the_councillor_page_and_my_meetings_read_well_at_any_width(browser, portal, width):
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    member = Member.objects.get(user__username="councillor")

    page.goto(portal + "/councillors/")
    assert_accessible(page)
    page.get_by_role("link", name=member.name, exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("^" + re.escape(member.name)))
    assert "Attended" in page.locator("#attendance ~ .lead").inner_text()
    assert_accessible(page)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=SHOTS / f"councillor-{width}.png", full_page=True)

    page.goto(portal + "/accounts/login/")
    page.get_by_label("Username").fill("councillor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(portal + "/my-meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My meetings")
    assert page.get_by_text("Exempt – councillors only, paragraph").count() >= 1
    assert_accessible(page)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=SHOTS / f"my-meetings-{width}.png", full_page=True)

    page.goto(portal + "/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"forbidden-{width}.png", full_page=True)
