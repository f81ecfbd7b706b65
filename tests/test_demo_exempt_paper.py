"""The demo shows what exempt papers are for: its councillors-only papers, imported beside
each Cabinet pack, are read by a councillor signed in, and are not found by anyone else."""

import pytest
from django.core.management import call_command

from packs.writing.demo import EXEMPT_TEXT
from reports.models import Report

from .test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
SECRET = "Loxley Barrett Holdings"  # a phrase of the demo's councillors-only papers


def councillors_paper() -> Report:
    return Report.objects.exempt().get(
        document__original_name="borsetshire-cabinet-2026-03-16-exempt.pdf",
        document__meeting__status="published",
    )


def test_the_demo_has_an_exempt_report_with_its_real_text(media):
    call_command("demo", no_serve=True)
    report = councillors_paper()
    text = " ".join(report.document.pages.values_list("text", flat=True))
    assert SECRET in EXEMPT_TEXT and SECRET in text
    assert report.agenda_item.is_exempt and report.agenda_item.exempt_paragraph


def test_a_councillor_reads_an_exempt_demo_paper_and_the_public_get_404(
    transactional_db, live_server, media, chromium
):
    call_command("demo", no_serve=True)
    report = councillors_paper()
    url = live_server.url + report.get_absolute_url()
    public = chromium.new_context().new_page()
    assert public.goto(url).status == 404
    assert SECRET not in public.content()
    assert public.request.get(url + "pdf/").status == 404

    councillor = chromium.new_context().new_page()
    councillor.goto(live_server.url + "/accounts/login/?next=" + report.get_absolute_url())
    councillor.get_by_label("Username").fill("councillor")
    councillor.get_by_label("Password").fill("demo-only-password")
    councillor.get_by_role("button", name="Sign in").click()
    councillor.wait_for_url(url)
    assert SECRET in councillor.inner_text("main")
    assert_accessible(councillor)
