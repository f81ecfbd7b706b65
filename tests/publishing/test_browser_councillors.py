"""A clerk keeps the councillors in headless Chromium, signed in as members services
staff with no admin rights: corrects a councillor's ward, links their account and ends a
membership (after a date in the wrong order is explained), then merges two spellings of
one councillor after reading what will move. Axe finds nothing on any page, at 1280 and
320 px; no page scrolls sideways, and every ``aria-describedby`` names an element."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Committee, Member, Membership
from publishing.models import AuditEntry

from ..test_browser_walks import CHROMIUM, assert_accessible
from .test_browser_publishing import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


def check(page) -> None:
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')]
            .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
            .filter(id => id && !document.getElementById(id))"""
    )
    assert not missing, f"{page.url}: aria-describedby names nothing: {missing}"
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_clerk_corrects_a_councillor_and_merges_two_spellings(browser, live_server):
    base = live_server.url
    cabinet = Committee.objects.create(name="Cabinet", slug="cabinet")
    gough = Member.objects.create(
        name="Roger Gough", slug="roger-gough", party="Conservative", ward="TW East"
    )
    Membership.objects.create(member=gough, committee=cabinet, role="Leader")
    other = Member.objects.create(name="Mr R W Gough", slug="mr-r-w-gough")
    other.aliases.create(name="R Gough")

    clerk = signed_in(browser, base, "clerk")
    expect(clerk.get_by_role("heading", level=1)).to_have_text("Staff area")
    clerk.get_by_role("main").get_by_role("link", name="Councillors").click()
    expect(clerk.get_by_role("heading", level=1)).to_have_text("Councillors")
    check(clerk)

    clerk.get_by_role("link", name="Roger Gough").click()
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("Roger Gough")
    check(clerk)
    clerk.get_by_label("Ward or division").fill("Tunbridge Wells East")
    clerk.get_by_label("Account on the portal").select_option(label="councillor")
    clerk.get_by_label("Start date of membership 1").fill("2025-05-20")
    clerk.get_by_label("End date of membership 1").fill("2024-05-01")
    clerk.get_by_role("button", name="Save changes").click()
    expect(clerk.locator(".error-summary")).to_contain_text(
        "A membership cannot end before it starts."
    )
    check(clerk)

    clerk.get_by_label("End date of membership 1").fill("2026-05-01")
    clerk.get_by_role("button", name="Save changes").click()
    expect(clerk.get_by_role("status")).to_contain_text("Saved 2 change(s).")
    gough.refresh_from_db()
    assert gough.ward == "Tunbridge Wells East" and gough.user.username == "councillor"
    assert gough.memberships.get().end_date == datetime.date(2026, 5, 1)
    check(clerk)

    clerk.get_by_role("link", name="Merge another spelling into Roger Gough").click()
    check(clerk)
    clerk.get_by_label("The other spelling").select_option(label="Mr R W Gough")
    clerk.get_by_role("button", name="Show what will move").click()
    expect(clerk.get_by_role("main")).to_contain_text("Aliases move: “R Gough”")
    check(clerk)
    assert Member.objects.filter(pk=other.pk).exists()
    clerk.get_by_role("button", name="Merge Mr R W Gough into Roger Gough").click()
    expect(clerk.get_by_role("status")).to_contain_text("Merged Mr R W Gough into Roger Gough.")
    expect(clerk.get_by_role("main")).to_contain_text(re.compile("“Mr R W Gough”, “R Gough”"))
    check(clerk)
    assert not Member.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(description__startswith="Merged councillor").exists()
