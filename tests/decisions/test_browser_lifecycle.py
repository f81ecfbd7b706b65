"""The lifecycle's pages in headless Chromium at 1280 and 320 pixels, each axe-clean: a
meeting page with its own minutes and its decisions under their items, a made decision
with its call-in dates, its proposal, the register filtered by call-in, and the staff
call-in page refusing an impossible date. Screenshots go to /tmp/shots-lifecycle/."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from decisions.models import DecisionRecord
from meetings.models import Meeting
from packs.writing import sample_pack
from publishing.imports import pack_import

from ..conftest import role
from ..test_browser_walks import CHROMIUM, CHROMIUM_ARGS, assert_accessible, pytestmark  # noqa: F401

SHOTS = Path("/tmp/shots-lifecycle")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def portal(transactional_db, media, live_server) -> str:
    previous = datetime.date(2025, 12, 15)
    for day in (datetime.date(2026, 1, 19), datetime.date(2026, 2, 16)):
        pack = sample_pack(committee="Cabinet", meeting_date=day, previous_date=previous)
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)
        previous = day
    called = DecisionRecord.objects.get(reference="26/00002", status="made")
    called.called_in_on = called.published_on
    called.call_in_outcome = DecisionRecord.CallInOutcome.REFERRED_BACK
    called.call_in_note = "The committee asked Cabinet to consult again."
    called.save()
    clerk = User.objects.create_user("clerk", password=PASSWORD)
    clerk.groups.add(role("Members services"))
    return live_server.url


@pytest.fixture
def page(portal, chromium):
    SHOTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def check(page, url: str, name: str) -> None:
    """The page at both widths: axe-clean, no sideways scrolling, a screenshot of each."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
        assert_accessible(page)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)


def test_the_lifecycle_pages_read_well_at_both_widths(page, portal):
    january = Meeting.objects.get(date=datetime.date(2026, 1, 19))
    made = DecisionRecord.objects.get(reference="26/00001", status="made")
    check(page, portal + january.get_absolute_url(), "meeting")
    assert page.get_by_role("heading", name="Minutes of this meeting").is_visible()
    assert page.get_by_text("Approved as a correct record at the meeting of").is_visible()
    check(page, portal + made.get_absolute_url(), "made")
    assert page.get_by_text("May be implemented from").is_visible()
    check(page, portal + made.proposals.get().get_absolute_url(), "proposal")
    check(
        page,
        portal + DecisionRecord.objects.get(reference="26/00002", status="made").get_absolute_url(),
        "called-in",
    )
    assert page.get_by_text("outcome: Referred back to the decision maker").is_visible()
    check(page, portal + "/decisions/?call_in=open", "register-open")
    page.get_by_label("Call-in").select_option("called_in")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile("call_in=called_in"))
    expect(page.get_by_role("link", name="Medium Term Financial Strategy")).to_have_count(1)


def test_the_staff_call_in_page_reads_well_and_refuses_a_late_date(page, portal):
    made = DecisionRecord.objects.get(reference="26/00003", status="made")
    page.goto(portal + "/accounts/login/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    url = f"{portal}/staff/decisions/{made.pk}/call-in/"
    check(page, url, "staff-call-in")
    late = made.call_in_deadline + datetime.timedelta(days=7)
    page.get_by_label("Called in on").fill(late.isoformat())
    page.get_by_role("button", name="Save call-in").click()
    # Published today, the period is still open: a date after it is a day still to come.
    expect(page.get_by_text("That day is still to come").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS / "staff-call-in-refused-1280.png", full_page=True)
