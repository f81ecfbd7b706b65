"""A clerk fixes three misreadings through the review page, in headless Chromium: a report
under the wrong item (a misprinted banner), an appendix read as a report of its own (its
heading missing), and a summons whose meeting the import could not tell. Then the public
pages and PDFs show the fixed version, and the audit trail the old and new values."""

import datetime
import io
import re

import pypdfium2 as pdfium
import pytest

from meetings.models import Meeting
from packs.writing import sample_pack
from publishing.models import AuditEntry
from reports.models import Appendix, Report

from .. import badpdfs
from ..test_browser_walks import CHROMIUM, assert_accessible
from .test_browser_publishing import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
MEETING_DATE = datetime.date(2027, 3, 15)


def upload(page, path) -> None:
    page.get_by_role("link", name="Upload packs").click()
    page.get_by_label("PDF files").set_input_files(str(path))
    page.get_by_role("button", name="Upload and import").click()
    page.get_by_role("status").filter(has_text=re.compile("^Imported")).wait_for(timeout=60_000)


def test_a_clerk_fixes_three_misreadings_and_the_public_see_the_fixed_version(
    browser, live_server, tmp_path
):
    base = live_server.url
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=MEETING_DATE,
        seed=3,
        quirks=("unmarked_appendix", "misprinted_banner"),
    )
    truth = [doc for doc in pack.documents if doc.type == "report"]
    misfiled, owner = truth[0], truth[1]  # item 6's report, read under item 7
    unmarked = next(doc for doc in pack.documents if doc.type == "appendix")
    path = tmp_path / pack.filename
    path.write_bytes(pack.pdf)
    summons = tmp_path / "summons.pdf"
    summons.write_bytes(
        badpdfs._pdf(
            [
                [
                    "Sessions House",
                    "Maidstone",
                    "Thursday, 13 February 2025 at 10.00 am",
                    "AGENDA",
                    "1. Apologies for Absence",
                    "2. Revenue Budget 2025-26",
                ]
            ]
        )
    )

    clerk = signed_in(browser, base, "clerk")
    upload(clerk, path)
    meeting = Meeting.objects.get(date=MEETING_DATE)
    report = Report.objects.get(document__meeting=meeting, first_page=misfiled.start_page)
    assert report.agenda_item.number == "7", "the misprinted banner misleads the import"
    wrongly = Report.objects.get(document__meeting=meeting, first_page=unmarked.start_page)

    clerk.get_by_role("link", name=re.compile("^Review Cabinet")).click()
    assert_accessible(clerk)
    review_url = clerk.url
    # A page opened large offers to move the boundary there.
    clerk.goto(f"{base}/staff/documents/{report.document_id}/pages/{report.last_page}/")
    assert "Start a new paper here" in clerk.inner_text("main")
    assert_accessible(clerk)
    clerk.set_viewport_size({"width": 320, "height": 800})
    clerk.screenshot(path=str(tmp_path / "page-320.png"), full_page=True)
    clerk.set_viewport_size({"width": 1280, "height": 900})
    clerk.goto(review_url)
    # 1. The wrong item, corrected on the report's own page, reached from its row.
    clerk.get_by_role("link", name=f"Correct Report: {report.title} (agenda item 7)").click()
    assert_accessible(clerk)
    clerk.get_by_label("Agenda item").select_option(label=str(meeting.agenda_items.get(number="6")))
    clerk.get_by_role("button", name="Save corrections").click()
    assert "Saved 1 correction" in clerk.inner_text("body")
    # 2. The wrong boundary: an appendix taken for a report of its own.
    clerk.get_by_label("This paper is an appendix to the report before it").select_option(
        value=str(wrongly.pk)
    )
    clerk.get_by_role("button", name="Make it an appendix").click()
    assert "is now Appendix" in clerk.inner_text("body")
    assert_accessible(clerk)
    clerk.get_by_role("button", name="Publish this meeting").click()
    assert "Published" in clerk.inner_text("body")

    # A correction to the published meeting is checked before it goes live.
    public = browser.new_context().new_page()
    clerk.get_by_label("Title of item 1").fill("Apologies for Absence (as corrected)")
    clerk.get_by_role("button", name="Save corrections").click()
    assert "Check the correction before it goes live" in clerk.inner_text("h1")
    assert "→ “Apologies for Absence (as corrected)”" in clerk.inner_text("main")
    assert_accessible(clerk)
    for width in (1280, 320):
        clerk.set_viewport_size({"width": width, "height": 900})
        clerk.screenshot(path=str(tmp_path / f"correction-preview-{width}.png"), full_page=True)
    public.goto(base + meeting.get_absolute_url())
    assert "(as corrected)" not in public.inner_text("main")
    clerk.set_viewport_size({"width": 1280, "height": 900})
    clerk.get_by_role("button", name="Publish this correction").click()
    assert "Saved 1 correction" in clerk.inner_text("body")
    public.goto(base + meeting.get_absolute_url())
    assert "Apologies for Absence (as corrected)" in public.inner_text("main")

    # 3. The missing meeting: the summons waits, and is attached with its date.
    clerk.goto(base + "/staff/")
    upload(clerk, summons)
    clerk.get_by_role("link", name=re.compile("^Attach summons.pdf")).click()
    assert_accessible(clerk)
    clerk.get_by_label("Committee", exact=True).select_option(label="Cabinet")
    clerk.get_by_label("Date").fill("2025-02-13")
    clerk.get_by_role("button", name="Attach").click()
    assert "Attached summons.pdf" in clerk.inner_text("body")
    attached = Meeting.objects.get(date=datetime.date(2025, 2, 13))
    assert attached.documents.get().original_name == "summons.pdf"

    # The public see the fixed meeting.
    item_six = meeting.agenda_items.get(number="6")
    public.goto(base + item_six.get_absolute_url())
    assert report.title in public.inner_text("main")
    assert_accessible(public)
    item_pdf = public.request.get(base + item_six.get_absolute_url() + "pdf/")
    pages = len(pdfium.PdfDocument(io.BytesIO(item_pdf.body())))
    assert pages >= misfiled.end_page - misfiled.start_page + 1
    appendix = Appendix.objects.get(document__meeting=meeting, first_page=unmarked.start_page)
    assert appendix.report.first_page == owner.start_page
    public.goto(base + appendix.report.get_absolute_url())
    assert appendix.label in public.inner_text("main")
    assert public.request.get(base + appendix.get_pdf_url()).status == 200

    # The audit trail says what changed, from what to what.
    entries = "\n".join(AuditEntry.objects.values_list("description", flat=True))
    assert re.search(r"Agenda item “7\. .*” → “6\. .*”", entries)
    assert "report → Appendix" in entries
    assert "Attached summons.pdf" in entries
