"""The portal's forms and their error states in headless Chromium: resetting and changing
a password, the page that refuses too many resets, a failed upload with its Try again
button, and the review page refusing a correction. Each page passes axe-core, scrolls
no wider than a 320-pixel screen (a table may scroll inside its own box), and every
``aria-describedby`` names an element that exists."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from packs.writing import sample_pack
from publishing.imports import pack_import

from .. import badpdfs
from ..conftest import person
from ..test_browser_walks import CHROMIUM, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def browser(transactional_db, live_server, media, chromium):
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def signed_in(page, base: str, username: str):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def without_browser_checks(page):
    """Let a form send what the browser would refuse, to see the portal's own sentences."""
    page.eval_on_selector("main form", "form => form.noValidate = true")


def assert_fits_and_passes(page):
    assert_accessible(page)
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')]
            .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
            .filter(id => id && !document.getElementById(id))"""
    )
    assert not missing, f"{page.url}: aria-describedby names nothing: {missing}"
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px wide)"
        assert_accessible(page)
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


def test_the_password_reset_pages(page, live_server):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reset your password"
    assert_fits_and_passes(page)

    without_browser_checks(page)
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".error-summary a[href='#id_email']")).to_have_count(1)
    assert page.get_by_label("Email").get_attribute("aria-invalid") == "true"
    assert_fits_and_passes(page)

    page.get_by_label("Email").fill("nobody@example.gov.uk")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    assert_fits_and_passes(page)

    page.goto(base + "/accounts/reset/MQ/set-password/")
    assert page.get_by_role("heading", level=1).inner_text() == "This link no longer works"
    assert_fits_and_passes(page)


def test_the_page_refusing_too_many_resets(page, live_server):
    for n in range(6):
        page.goto(live_server.url + "/accounts/password_reset/")
        page.get_by_label("Email").fill(f"person{n}@example.gov.uk")
        with page.expect_response(lambda response: response.request.method == "POST") as sent:
            page.get_by_role("button", name="Send the link").click()
    assert sent.value.status == 429
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Too many requests to reset a password"
    assert_fits_and_passes(page)


def test_the_password_change_page(page, live_server):
    person("councillor", "Councillors")
    signed_in(page, live_server.url, "councillor")
    page.goto(live_server.url + "/accounts/password_change/")
    assert page.get_by_role("heading", level=1).inner_text() == "Change your password"
    assert_fits_and_passes(page)

    without_browser_checks(page)
    page.get_by_label("Old password").fill("a guess")
    page.get_by_label("New password", exact=True).fill("a different horse entirely 42")
    page.get_by_label("New password confirmation").fill("not the same horse 43")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".error-summary a[href='#id_old_password']")).to_have_count(1)
    expect(page.locator(".error-summary a[href='#id_new_password2']")).to_have_count(1)
    assert_fits_and_passes(page)


def test_a_failed_upload_offers_to_try_again(page, live_server, tmp_path):
    person("clerk", "Members services")
    path = tmp_path / "shopping-list.pdf"
    path.write_bytes(badpdfs.not_a_council_paper())
    signed_in(page, live_server.url, "clerk")
    page.get_by_role("link", name="Upload packs").click()
    page.get_by_label("PDF files").set_input_files(str(path))
    page.get_by_role("button", name="Upload and import").click()
    page.get_by_role("status").filter(has_text=re.compile("^Not imported")).wait_for()
    assert "does not look like a council committee paper" in page.inner_text("main")
    assert_fits_and_passes(page)

    page.get_by_role("button", name="Try again").click()
    page.get_by_role("status").filter(has_text=re.compile("^Not imported")).wait_for()
    assert page.get_by_role("button", name="Try again").count() == 1
    assert_fits_and_passes(page)

    page.get_by_role("link", name="Staff area").first.click()
    assert "shopping-list.pdf" in page.inner_text("main")
    assert_fits_and_passes(page)


def test_the_review_page_refusing_corrections(page, live_server):
    person("clerk", "Members services")
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2027, 3, 15), seed=3)
    meeting = pack_import(source=pack.pdf, filename=pack.filename).meeting
    signed_in(page, live_server.url, "clerk")
    page.goto(live_server.url + f"/staff/meetings/{meeting.pk}/")
    assert_fits_and_passes(page)

    page.eval_on_selector("#id_items-0-number", "input => input.form.noValidate = true")
    first = page.get_by_label("Number of item 1", exact=True).input_value()
    page.get_by_label("Number of item 2", exact=True).fill(first)
    page.get_by_label("First page of item 3").fill("9")
    page.get_by_label("Last page of item 3").fill("4")
    page.get_by_role("button", name="Save corrections").click()
    assert "nothing was saved" in page.inner_text("body")
    summary = page.locator(".error-summary")
    assert "Two items cannot share a number" in summary.inner_text()
    assert summary.locator("a[href='#id_items-2-last_page']").count() == 1
    last_page = page.get_by_label("Last page of item 3")
    assert last_page.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Number of item 2", exact=True).get_attribute("aria-invalid") == "true"
    assert_fits_and_passes(page)
