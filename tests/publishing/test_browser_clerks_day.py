"""A clerk's day, in headless Chromium, on real papers of two councils (issue 19): signed
in as members services staff with no admin rights, the clerk uploads four shared PDFs
that need putting right in different ways, puts each right through the staff pages alone
until what the portal holds equals the papers' labels (../shared/corpus/labels), publishes,
and reads the public pages. Axe finds nothing on any page, at 1280 and 320 px.

- Kent's covering letter with the proposed record of decision 24/00096: read right; its
  meeting is the one the others join.
- Kent's EQIA for 24/00096: no meeting named, its four pages typed "other" (not a paper):
  attached to the meeting by committee and date, its pages made a report on item 9.
- Kent's proposed record of decision 24/00108: no meeting named, and "Approved by" holding
  a line of a web address: attached, and the field corrected.
- Manordeilo and Salem Community Council's minutes: the county councillor missing from
  those present: added on the minutes' page.

``CLERKS_DAY_SHOTS=docs/clerks-day`` keeps the screenshots the README shows.
"""

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from decisions.models import DecisionRecord
from meetings.models import Meeting
from reports.models import Document, Minutes, Report

from ..conftest import SHARED, shared_path
from ..test_browser_walks import CHROMIUM, assert_accessible
from .test_browser_publishing import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
CORPUS = SHARED / "corpus"
CABINET = "kent-cabinet-2025-01-30-pack-24-00096-prod"
PROD = "kent-cabinet-2025-01-30-prod-24-00108"
MINUTES = "mscc-2019-05-08-minutes"
EQIA = CORPUS / "kent" / "cabinet" / "2025-01-30" / "originals" / "24-00096 - EQIA.pdf"


def label(name: str) -> dict:
    return json.loads(shared_path(CORPUS / "labels" / f"{name}.json").read_text())


def same(text) -> str:
    """Text as the labels are compared: dashes, quotes and spaces alike, any case."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.replace("\u2019", "'").split()).casefold()


class Shots:
    """Screenshots at both widths of each page visited, axe on each, none scrolling
    sideways; kept in ``CLERKS_DAY_SHOTS`` for the README when set."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.taken = 0

    def __call__(self, page, name: str) -> None:
        self.taken += 1
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            assert_accessible(page)
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            page.screenshot(
                path=str(self.folder / f"{self.taken:02d}-{name}-{width}.jpg"),
                type="jpeg",
                quality=70,
            )
        page.set_viewport_size({"width": 1280, "height": 900})


def upload(clerk, base: str, path: Path):
    clerk.goto(base + "/staff/upload/")
    clerk.get_by_label("PDF files").set_input_files(str(path))
    clerk.get_by_role("button", name="Upload and import").click()
    clerk.get_by_role("status").filter(has_text=re.compile("^Imported")).wait_for(timeout=60_000)


def test_a_clerk_puts_four_real_papers_right_in_the_staff_area_alone(
    browser, live_server, tmp_path
):
    base = live_server.url
    cabinet, prod, minutes = label(CABINET), label(PROD), label(MINUTES)
    shots = Shots(Path(os.environ.get("CLERKS_DAY_SHOTS") or tmp_path))
    clerk = signed_in(browser, base, "clerk")
    assert clerk.goto(base + "/admin/").url.startswith(base + "/admin/login/")
    clerk.goto(base + "/staff/")
    shots(clerk, "dashboard")

    # The covering letter names its meeting and is read as labelled.
    upload(clerk, base, CORPUS / cabinet["file"])
    meeting = Meeting.objects.get(committee__name=cabinet["meeting"]["body"])
    assert meeting.date.isoformat() == cabinet["meeting"]["date"]
    item = meeting.agenda_items.get(number=cabinet["agenda"][0]["number"])
    assert same(item.title) == same(cabinet["agenda"][0]["title"])

    # The EQIA names no meeting: attached by committee and date, its pages made a report.
    clerk.goto(base + "/staff/upload/")
    shots(clerk, "upload")
    upload(clerk, base, shared_path(EQIA))
    assert "No meeting is named" in clerk.inner_text("main")
    assert "Pages 1 to 4: the import could not tell what they are." in clerk.inner_text("main")
    shots(clerk, "upload-status")
    clerk.get_by_role("link", name=re.compile("^Attach")).click()
    clerk.get_by_label("Committee", exact=True).select_option(label="Cabinet")
    clerk.get_by_label("Date").fill(cabinet["meeting"]["date"])
    shots(clerk, "attach")
    clerk.get_by_role("button", name="Attach").click()
    assert clerk.url == f"{base}/staff/meetings/{meeting.pk}/"
    eqia = Document.objects.get(original_name=EQIA.name)
    clerk.goto(f"{base}/staff/documents/{eqia.pk}/pages/1/")
    assert "This page is in no paper" in clerk.inner_text("main")
    clerk.get_by_label("Title").fill(
        "Equality Impact Assessment: Commissioning Plan for Education Provision in Kent 2025-29"
    )
    shots(clerk, "page-in-no-paper")
    clerk.get_by_role("button", name="Make them a paper").click()
    assert "are now" in clerk.inner_text("body")
    assessment = Report.objects.get(document=eqia)
    assert (assessment.first_page, assessment.last_page) == (1, 4)
    clerk.get_by_role(
        "link", name=re.compile(f"^Correct Report: {re.escape(assessment.title)}")
    ).click()
    clerk.get_by_label("Agenda item").select_option(label=str(item))
    clerk.get_by_role("button", name="Save corrections").click()
    assert Report.objects.get(pk=assessment.pk).agenda_item == item

    # The 24/00108 record names no meeting, and its "Approved by" is a line of an address.
    upload(clerk, base, CORPUS / prod["file"])
    clerk.get_by_role("link", name=re.compile("^Attach")).click()
    clerk.get_by_label("Committee", exact=True).select_option(label="Cabinet")
    clerk.get_by_label("Date").fill(cabinet["meeting"]["date"])
    clerk.get_by_role("button", name="Attach").click()
    record = DecisionRecord.objects.get(reference=prod["decisions"][0]["reference"])
    assert "glossaries" in record.approved_by, "the import misreads it"
    clerk.get_by_role("link", name=f"Correct {record}", exact=True).click()
    clerk.get_by_label("Approved by").fill("")
    shots(clerk, "decision-record")
    clerk.get_by_role("button", name="Save corrections").click()
    record.refresh_from_db()
    assert record.approved_by == "" and record.meeting == meeting
    for expected, held in (
        (prod["decisions"][0], record),
        (cabinet["decisions"][0], DecisionRecord.objects.get(reference="24/00096")),
    ):
        assert same(held.title) == same(expected["title"])
        assert held.decision_maker == expected["decision_maker"]
        assert (held.status, held.is_key_decision) == (
            expected["status"],
            expected["key_decision"],
        )
        assert held.date is None and expected["date"] is None

    clerk.goto(f"{base}/staff/meetings/{meeting.pk}/")
    shots(clerk, "review")
    clerk.get_by_role("button", name="Publish this meeting").click()
    assert "Published" in clerk.inner_text("body")

    # The minutes miss the county councillor among those present.
    upload(clerk, base, CORPUS / minutes["file"])
    parish = Meeting.objects.get(date=minutes["meeting"]["date"])
    printed = Minutes.objects.get(meeting=parish)
    present = minutes["minutes"][0]["present"]
    missing = [name for name in present if name not in printed_present(printed)]
    assert missing == ["County Councillor Joseph Davies"], "the import misreads it"
    clerk.get_by_role("link", name=re.compile(r"^Review ")).click()
    clerk.get_by_role("link", name=f"Correct {printed}").click()
    row = printed.attendances.count() + 1
    clerk.get_by_label(f"Name of councillor {row}").fill(missing[0])
    clerk.get_by_label(f"Status of councillor {row}").select_option(label="Present")
    shots(clerk, "minutes")
    clerk.get_by_role("button", name="Save corrections").click()
    assert "Saved 1 correction" in clerk.inner_text("body")
    assert sorted(printed_present(printed)) == sorted(present)
    items = [(i.number, i.heading) for i in printed.items.order_by("order")]
    assert items == [(i["number"], i["title"]) for i in minutes["minutes"][0]["items"]]
    assert parish.committee.name == minutes["meeting"]["body"]
    clerk.get_by_role("button", name="Publish this meeting").click()

    # The public read what the labels say.
    public = browser.new_context().new_page()
    public.goto(base + meeting.get_absolute_url())
    page = public.inner_text("main")
    assert assessment.title in page and same(prod["decisions"][0]["title"]) in same(page)
    shots(public, "public-meeting")
    public.goto(base + assessment.get_absolute_url())
    assert "Nicholas Abrahams" in public.inner_text("main")  # its text, readable
    public.goto(base + "/search/?q=%22Education+Planning+and+Access%22")
    assert assessment.title in public.inner_text("main")  # and searchable
    public.goto(base + printed.get_absolute_url())
    attendance = public.inner_text("#attendance + *, main")
    assert all(name in attendance for name in present)
    shots(public, "public-minutes")


def printed_present(minutes: Minutes) -> list[str]:
    return list(minutes.attendances.filter(status="present").values_list("member__name", flat=True))
