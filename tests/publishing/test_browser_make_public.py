"""Exempt stays exempt, in headless Chromium: a clerk marks a report exempt, sees a
correction that would hide pages previewed in words, is refused when unticking it, then
makes it public by name with a reason, checking in words what becomes public first; the
public see it only then. Every page at 1280 and 320 pixels, with axe."""

import datetime
import re

import pytest

from packs.writing import sample_pack
from publishing.imports import pack_import
from reports.models import Report

from ..test_browser_walks import CHROMIUM, assert_accessible
from .test_browser_publishing import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
MARKER = "kestrel-quarry-3057"
MEETING_DATE = datetime.date(2026, 9, 14)


def looked_at(page, tmp_path, name: str) -> None:
    """Axe finds nothing, and nothing scrolls sideways, at both widths; screenshots kept."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_clerk_keeps_a_report_exempt_then_makes_it_public_by_name(browser, live_server, tmp_path):
    base = live_server.url
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=2,
        report_text={"7": f"The contract is known as {MARKER}."},
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    report = Report.objects.get(document__meeting=meeting, agenda_item__number="7")
    public = browser.new_context().new_page()
    public.goto(base + report.get_absolute_url())
    assert MARKER in public.inner_text("main")

    clerk = signed_in(browser, base, "clerk")
    clerk.goto(f"{base}/staff/meetings/{meeting.pk}/")
    looked_at(clerk, tmp_path, "review")
    clerk.get_by_role("link", name=f"Correct Report: {report.title} (agenda item 7)").click()
    clerk.get_by_label("Exempt").check()
    clerk.get_by_role("button", name="Save corrections").click()
    # The meeting is public: the correction is shown first, the pages it hides in words.
    assert "Check the correction before it goes live" in clerk.inner_text("h1")
    assert re.search(
        r"Pages \d+ to \d+ of .* become hidden from the public", clerk.inner_text("main")
    )
    looked_at(clerk, tmp_path, "hiding-preview")
    clerk.get_by_role("button", name="Publish this correction").click()
    assert public.goto(base + report.get_absolute_url()).status == 404

    # Unticking it is refused with a sentence.
    clerk.get_by_role("link", name=f"Correct Report: {report.title} (agenda item 7)").click()
    clerk.get_by_label("Exempt").uncheck()
    clerk.get_by_role("button", name="Save corrections").click()
    assert "only “Make public”" in clerk.inner_text("main")
    looked_at(clerk, tmp_path, "untick-refused")

    # Make public: named, with a reason, checked in words before anything changes.
    clerk.goto(f"{base}/staff/meetings/{meeting.pk}/")
    clerk.get_by_label("What may now be public").select_option(value=f"report:{report.pk}")
    clerk.get_by_label("Why it may now be public").fill("The contract is signed and announced.")
    clerk.get_by_role("button", name="Check what would become public").click()
    assert "Check what becomes public" in clerk.inner_text("h1")
    words = clerk.inner_text("main")
    assert re.search(rf"Pages? \d+.* become public: Report “{re.escape(report.title)}”", words)
    looked_at(clerk, tmp_path, "make-public-preview")
    assert public.goto(base + report.get_absolute_url()).status == 404
    clerk.get_by_role("button", name="Make it public").click()
    assert f"Made public: Report “{report.title}”" in clerk.inner_text("main")
    public.goto(base + report.get_absolute_url())
    assert MARKER in public.inner_text("main")
    clerk.goto(f"{base}/staff/audit/")
    assert "because: The contract is signed and announced." in clerk.inner_text("main")
