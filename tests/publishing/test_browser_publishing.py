"""Publishing and restricted reading, in headless Chromium: a clerk uploads a pack, waits
for the import, corrects an item and publishes; a councillor reads the exempt paper; a
member of the public cannot reach it by any URL the pages offer."""

import datetime
import re

import pytest

from packs.writing import sample_pack
from reports.models import Report

from ..test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
PASSWORD = "correct horse battery staple"
MARKER = "heron-gazebo-8812"
MEETING_DATE = datetime.date(2027, 2, 15)


def signed_in(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.goto(base + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_clerk_publishes_councillor_reads_exempt_public_cannot(browser, live_server, tmp_path):
    base = live_server.url
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=3,
        exempt_text=f"Bids are listed under {MARKER} for members only.",
    )
    path = tmp_path / pack.filename
    path.write_bytes(pack.pdf)

    clerk = signed_in(browser, base, "clerk")
    assert clerk.get_by_role("heading", level=1).inner_text() == "Staff area"
    assert_accessible(clerk)
    clerk.get_by_role("link", name="Upload packs").click()
    assert_accessible(clerk)
    clerk.get_by_label("PDF files").set_input_files(str(path))
    clerk.get_by_role("button", name="Upload and import").click()
    clerk.get_by_role("status").filter(has_text=re.compile("^Imported")).wait_for(timeout=60_000)
    assert f"{len(pack.agenda)} items" in clerk.inner_text("main")
    assert_accessible(clerk)

    clerk.get_by_role("link", name=re.compile("^Review Cabinet")).click()
    assert_accessible(clerk)
    clerk.get_by_label("Title of item 6").fill("Corrected by the clerk")
    clerk.get_by_role("button", name="Save corrections").click()
    assert "Saved 1 correction" in clerk.inner_text("body")
    clerk.get_by_role("button", name="Publish this meeting").click()
    assert "Published" in clerk.inner_text("body")

    exempt = Report.objects.get(agenda_item__is_exempt=True)
    councillor = signed_in(browser, base, "councillor")
    councillor.goto(base + exempt.document.meeting.get_absolute_url())
    assert "Corrected by the clerk" in councillor.inner_text("main")
    councillor.get_by_role("link", name=exempt.title, exact=True).first.click()
    text = councillor.inner_text("main")
    assert MARKER in text and "Not for publication: exempt under paragraph" in text
    assert_accessible(councillor)

    public = browser.new_context().new_page()
    public.goto(base + exempt.document.meeting.get_absolute_url())
    assert "Corrected by the clerk" in public.inner_text("main")
    assert exempt.get_absolute_url() not in public.content()
    for url in (
        exempt.get_absolute_url(),
        exempt.get_pdf_url(),
        exempt.agenda_item.get_absolute_url() + "pdf/",
    ):
        response = public.goto(base + url)
        assert response.status == 404
        assert MARKER not in public.content()
    assert_accessible(public)
