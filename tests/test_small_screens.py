"""Every public page type on a 320 px screen, in headless Chromium: nothing scrolls
sideways, axe-core finds nothing, and on the search page the results follow the word box.

Set ``SMALL_SCREEN_SHOTS`` to a folder to keep a screenshot of each page at 320 and 1280 px.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alerts import tokens
from alerts.models import Alert, Subscriber
from decisions.models import DecisionRecord
from meetings.models import Meeting
from reports.models import Appendix, Minutes, Report

from .test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}
SHOTS = os.environ.get("SMALL_SCREEN_SHOTS")


@pytest.fixture
def browser(portal, chromium):
    return chromium


def page_types() -> dict[str, str]:
    meeting = Meeting.objects.public().get(date="2026-02-16")
    report = Report.objects.public().filter(document__meeting=meeting).first()
    return {
        "home": "/",
        "committees": "/committees/",
        "committee": meeting.committee.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "agenda-item": report.agenda_item.get_absolute_url(),
        "report": report.get_absolute_url(),
        "appendix": Appendix.objects.public().first().get_absolute_url(),
        "minutes": Minutes.objects.public().first().get_absolute_url(),
        "decision": DecisionRecord.objects.public().first().get_absolute_url(),
        "register": "/decisions/",
        "search": "/search/?q=council",
        "calendar": "/meetings/2026/2/",
        "not-found": "/no-such-page/",
        "sign-in": "/accounts/login/",
        **alert_pages(meeting.committee),
    }


def alert_pages(committee) -> dict[str, str]:
    """The e-mail alert pages: signing up, and the links an e-mail carries."""
    subscriber = Subscriber.objects.create(email="resident@example.org")
    alerts = [
        Alert.objects.create(subscriber=subscriber, kind=Alert.Kind.COMMITTEE, committee=committee),
        Alert.objects.create(subscriber=subscriber, kind=Alert.Kind.SEARCH, search="q=council"),
    ]
    subscriber.confirm([alert.pk for alert in alerts])
    link = {purpose: tokens.make(purpose, subscriber) for purpose in ("manage", "unsubscribe")}
    return {
        "alerts": f"/alerts/?committees={committee.slug}&q=council",
        "alerts-confirm": f"/alerts/confirm/{tokens.make('confirm', subscriber, [alerts[0].pk])}/",
        "alerts-manage": f"/alerts/manage/{link['manage']}/",
        "alerts-unsubscribe": f"/alerts/unsubscribe/{link['unsubscribe']}/",
        "alerts-bad-link": "/alerts/manage/not-a-link/",
    }


def test_no_page_scrolls_sideways_at_320_pixels_and_axe_finds_nothing(browser, portal):
    narrow = browser.new_context(viewport=NARROW).new_page()
    wide = browser.new_context(viewport=WIDE).new_page() if SHOTS else None
    for name, url in page_types().items():
        narrow.goto(portal + url)
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{name} ({url}) is {width} px wide at 320"
        assert_accessible(narrow)
        if wide:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            narrow.screenshot(path=f"{SHOTS}/{name}-320.png", full_page=True)
            narrow.screenshot(path=f"{SHOTS}/{name}-320-first-screen.png")
            wide.goto(portal + url)
            wide.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
            wide.screenshot(path=f"{SHOTS}/{name}-1280-first-screen.png")


def test_a_table_too_wide_for_the_screen_says_so_and_scrolls_by_keyboard(browser, portal):
    page = browser.new_context(viewport=NARROW).new_page()
    page.goto(portal + "/decisions/")
    assert page.get_by_text("Scroll sideways to see the whole table").is_visible()
    region = page.get_by_role("region", name="Decision records")
    assert region.evaluate("wrap => wrap.scrollWidth > wrap.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    # Chromium may animate the scroll: wait for it to move rather than read it at once
    # (expect polls without evaluating a string, which the Content-Security-Policy forbids).
    expect(region).not_to_have_js_property("scrollLeft", 0)
    assert region.evaluate("wrap => wrap.scrollLeft") > 0
    page.set_viewport_size(WIDE)
    assert not page.get_by_text("Scroll sideways to see the whole table").is_visible()


def test_on_a_phone_search_results_follow_the_word_box(browser, portal):
    page = browser.new_context(viewport=NARROW).new_page()
    page.goto(portal + "/search/?q=council")
    assert page.get_by_label("Search for").is_visible()
    assert not page.get_by_label("Committee").is_visible()
    first = page.locator(".result").first.bounding_box()
    assert first["y"] < NARROW["height"], "the first result is not on the first screen"
    page.get_by_text("Filter results").click()
    page.get_by_label("Committee").select_option("cabinet")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile("committee=cabinet"))
    assert page.get_by_label("Committee").is_visible()  # open while a filter is in use
