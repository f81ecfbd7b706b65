"""The forward plan of key decisions: staff enter and publish notices, the public read them
month by month, and each notice links to the decision that made it once the meeting that
took it is published, shown only to those who may read that decision."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import DecisionRecord, ForwardPlanNotice
from meetings.models import Meeting
from publishing.models import AuditEntry
from publishing.notice import clear_days
from publishing.services import meeting_publish

from ..conftest import person

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
NEXT_MONTH = (THIS_MONTH + datetime.timedelta(days=32)).replace(day=1)
SHOTS = Path("/tmp/shots-forwardplan")


def notice(**fields) -> ForwardPlanNotice:
    values = {
        "matter": "Highways Maintenance Plan 2027-28",
        "decision_maker": "Cabinet",
        "expected_date": TODAY + datetime.timedelta(days=40),
        "summary": "To approve the programme of road repairs for the year.",
        "published_at": timezone.now(),
        "first_published_on": TODAY,
        **fields,
    }
    return ForwardPlanNotice.objects.create(**values)


def made(meeting: Meeting, **fields) -> DecisionRecord:
    values = {
        "title": "Highways Maintenance Plan 2027-28",
        "decision_maker": "Cabinet",
        "date": meeting.date,
        "status": DecisionRecord.Status.MADE,
        "meeting": meeting,
        "decision": "Cabinet approved the programme.",
        **fields,
    }
    return DecisionRecord.objects.create(**values)


def test_it_links_a_notice_to_its_decision_when_the_meeting_is_published(meeting, clerk, client):
    announced = notice(reference="26/00017", matter="Road repairs programme")
    record = made(meeting, reference="26/00017", title="Highways Maintenance Plan 2027-28")
    assert client.get(announced.get_absolute_url()).status_code == 200

    meeting_publish(meeting, by=clerk)

    announced.refresh_from_db()
    assert announced.decision == record
    assert announced.status == ForwardPlanNotice.Status.DECIDED
    assert AuditEntry.objects.filter(
        meeting=meeting, description__contains="linked to its decision"
    ).exists()
    page = client.get(announced.get_absolute_url()).text
    assert 'Decided on <time datetime="2026-03-04">4 March 2026</time>' in page
    assert f'href="{record.get_absolute_url()}"' in page


def test_it_links_by_title_and_decision_maker_when_there_is_no_reference(meeting, clerk):
    announced = notice(matter="Highways maintenance plan 2027-28")
    other_maker = notice(decision_maker="Cabinet Member for Highways")
    record = made(meeting, title="HIGHWAYS MAINTENANCE PLAN 2027-28")

    meeting_publish(meeting, by=clerk)

    announced.refresh_from_db()
    other_maker.refresh_from_db()
    assert announced.decision == record
    assert other_maker.decision is None


def test_each_decision_of_a_meeting_links_its_own_notice(meeting, clerk):
    """A notice linked by one decision is not linked again by the next one of the same
    title: each decision takes the first notice still waiting."""
    first = notice(reference="26/00017", expected_date=TODAY + datetime.timedelta(days=30))
    second = notice(expected_date=TODAY + datetime.timedelta(days=60))
    by_reference = made(meeting, reference="26/00017")
    by_title = made(meeting, reference="")

    meeting_publish(meeting, by=clerk)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, second.decision) == (by_reference, by_title)


def test_finding_the_notices_of_a_meeting_s_decisions_takes_two_queries_however_many(
    meeting, django_assert_num_queries
):
    """Two reads (the made records, then the notices waiting for any of them) for one
    decision or for twelve, then one write a notice linked."""
    for number in range(12):
        notice(reference=f"26/{number:05d}", matter=f"Matter {number}")
        made(meeting, reference=f"26/{number:05d}", title=f"Matter {number}")
    made(meeting, reference="", title="A decision no notice announced")
    records = DecisionRecord.objects.filter(meeting=meeting)

    with django_assert_num_queries(2 + 12):
        linked = ForwardPlanNotice.objects.link_decisions(records)

    assert sorted(n.reference for n in linked) == [f"26/{number:05d}" for number in range(12)]
    assert all(n.decision.reference == n.reference for n in linked)


def test_a_proposed_record_does_not_decide_a_notice(meeting, clerk):
    announced = notice(reference="26/00017")
    made(meeting, reference="26/00017", status=DecisionRecord.Status.PROPOSED, date=None)

    meeting_publish(meeting, by=clerk)

    announced.refresh_from_db()
    assert announced.decision is None
    assert announced.status == ForwardPlanNotice.Status.PLANNED


def test_the_public_page_shows_the_coming_months_grouped_by_month(db, client):
    notice(matter="Library opening hours", expected_date=THIS_MONTH + datetime.timedelta(days=20))
    notice(matter="School transport policy", expected_date=NEXT_MONTH)
    notice(matter="Bus shelters contract", expected_date=datetime.date(2025, 3, 10))

    page = client.get("/forward-plan/")

    assert page.status_code == 200
    text = page.text
    assert f'<h2 id="month-{THIS_MONTH:%Y-%m}">{THIS_MONTH:%B %Y}</h2>' in text
    assert f'<h2 id="month-{NEXT_MONTH:%Y-%m}">{NEXT_MONTH:%B %Y}</h2>' in text
    assert text.index("Library opening hours") < text.index(f"{NEXT_MONTH:%B %Y}</h2>")
    assert text.index(f"{NEXT_MONTH:%B %Y}</h2>") < text.index("School transport policy")
    assert "Bus shelters contract" not in text
    assert 'href="/forward-plan/2025/3/"' in text, "every month with notices is listed"


def test_the_public_page_of_one_month(db, client):
    shown = notice(matter="Library opening hours", expected_date=datetime.date(2026, 9, 14))
    notice(matter="School transport policy", expected_date=datetime.date(2026, 10, 1))
    notice(matter="Bus shelters contract", expected_date=datetime.date(2026, 5, 20))

    page = client.get("/forward-plan/2026/9/")

    assert page.status_code == 200
    assert "Key decisions expected in September 2026" in page.text
    assert shown.get_absolute_url() in page.text and "14 September 2026" in page.text
    assert "School transport policy" not in page.text
    # Earlier and later lead to the nearest months with notices, and end where they end.
    assert 'href="/forward-plan/2026/5/" rel="prev"' in page.text
    assert 'href="/forward-plan/2026/10/" rel="next"' in page.text
    assert 'rel="next"' not in client.get("/forward-plan/2026/10/").text
    assert 'rel="prev"' not in client.get("/forward-plan/2026/5/").text
    assert client.get("/forward-plan/2026/13/").status_code == 404
    assert "No key decisions are expected in July 2026" in client.get("/forward-plan/2026/7/").text


def test_a_notice_says_what_the_public_may_know_of_a_private_decision(db, client):
    private = notice(
        matter="Sale of the former depot at Hollerton",
        is_private=True,
        exempt_paragraph=3,
        private_reason="The report names the bidders and their offers.",
        documents="Report of the Director of Resources",
        contact_name="Jo Smith",
        contact_email="jo.smith@example.gov.uk",
        wards="Hollerton",
    )

    page = client.get(private.get_absolute_url()).text

    assert "exempt under paragraph 3 of Part 1 of Schedule 12A" in page
    assert "The report names the bidders and their offers." in page
    assert "Report of the Director of Resources" in page
    assert 'href="mailto:jo.smith@example.gov.uk"' in page and "Hollerton" in page


def test_a_draft_notice_is_never_public(db, client, councillor, clerk):
    draft = notice(matter="Closure of Ambridge tip", published_at=None, first_published_on=None)
    month = f"/forward-plan/{draft.expected_date:%Y/%-m}/"

    for reader in (None, councillor):
        if reader:
            client.force_login(reader)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert "Ambridge tip" not in client.get("/forward-plan/").text
        assert "Ambridge tip" not in client.get(month).text
    client.force_login(clerk)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Draft" in page.text


def test_clear_days_leave_out_the_day_of_the_notice_and_of_the_decision():
    assert clear_days(datetime.date(2026, 1, 1), datetime.date(2026, 1, 30)) == 28
    assert clear_days(datetime.date(2026, 1, 1), datetime.date(2026, 1, 29)) == 27
    assert clear_days(datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)) == 0


def form_data(**fields) -> dict:
    return {
        "matter": "Waste strategy 2027-2032",
        "decision_maker": "Cabinet",
        "expected_date": (TODAY + datetime.timedelta(days=40)).isoformat(),
        "is_key_decision": "on",
        "status": "planned",
        **fields,
    }


def test_it_warns_but_saves_a_key_decision_with_less_than_28_clear_days(client, clerk):
    client.force_login(clerk)
    soon = TODAY + datetime.timedelta(days=20)

    response = client.post(
        "/staff/forward-plan/add/", form_data(expected_date=soon.isoformat()), follow=True
    )

    assert response.status_code == 200
    added = ForwardPlanNotice.objects.get(matter="Waste strategy 2027-2032")
    assert added.expected_date == soon and added.published_at is None
    assert "The notice gives 19 clear days" in response.text
    assert "at least 28" in response.text
    response = client.post(f"/staff/forward-plan/{added.pk}/publish/", follow=True)
    added.refresh_from_db()
    assert added.published_at is not None and added.first_published_on == TODAY
    assert "The notice gives 19 clear days" in response.text


def test_it_does_not_warn_with_28_clear_days(client, clerk):
    client.force_login(clerk)
    in_time = TODAY + datetime.timedelta(days=29)

    response = client.post(
        "/staff/forward-plan/add/", form_data(expected_date=in_time.isoformat()), follow=True
    )

    assert "Added to the forward plan" in response.text
    assert "clear day" not in response.text


def test_it_counts_from_the_day_the_notice_was_first_published(client, clerk):
    late = notice(
        expected_date=TODAY + datetime.timedelta(days=10),
        first_published_on=TODAY - datetime.timedelta(days=30),
    )
    client.force_login(clerk)

    assert "clear day" not in client.get(f"/staff/forward-plan/{late.pk}/").text


def test_a_private_decision_needs_its_paragraph(client, clerk):
    client.force_login(clerk)

    response = client.post("/staff/forward-plan/add/", form_data(is_private="on"))

    assert response.status_code == 200
    assert "needs its Schedule 12A paragraph" in response.text
    assert not ForwardPlanNotice.objects.exists()


def test_staff_publish_and_edit_a_notice_in_the_audit_trail(client, clerk):
    client.force_login(clerk)
    client.post("/staff/forward-plan/add/", form_data())
    added = ForwardPlanNotice.objects.get()
    assert client.get(added.get_absolute_url()).status_code == 200  # staff preview it
    client.logout()
    assert client.get(added.get_absolute_url()).status_code == 404

    client.force_login(clerk)
    client.post(f"/staff/forward-plan/{added.pk}/publish/")
    client.post(
        f"/staff/forward-plan/{added.pk}/",
        form_data(decision_maker="Cabinet Member for Environment", first_published_on=TODAY),
    )

    entries = [
        (entry.action, entry.description, entry.actor)
        for entry in AuditEntry.objects.order_by("at", "pk")
    ]
    assert entries == [
        ("correct", "Added to the forward plan: Waste strategy 2027-2032", clerk),
        ("publish", "Published forward plan notice Waste strategy 2027-2032", clerk),
        (
            "correct",
            "Forward plan notice Waste strategy 2027-2032: "
            "Decision maker “Cabinet” → “Cabinet Member for Environment”",
            clerk,
        ),
    ]
    client.logout()
    assert "Cabinet Member for Environment" in client.get(added.get_absolute_url()).text


def test_staff_link_a_decision_by_hand(meeting, clerk, client):
    record = made(meeting, title="Highways: the plan for next year")
    announced = notice()
    meeting_publish(meeting)
    assert ForwardPlanNotice.objects.get().decision is None, "its title differs"
    client.force_login(clerk)

    client.post(
        f"/staff/forward-plan/{announced.pk}/",
        form_data(
            matter=announced.matter,
            expected_date=announced.expected_date,
            first_published_on=TODAY,
            status="decided",
            decision=record.pk,
        ),
    )

    announced.refresh_from_db()
    assert announced.decision == record
    client.logout()
    assert f'href="{record.get_absolute_url()}"' in client.get(announced.get_absolute_url()).text


def test_the_admin_lists_and_edits_notices(admin_client, db):
    announced = notice()
    assert admin_client.get("/admin/decisions/forwardplannotice/").status_code == 200
    page = admin_client.get(f"/admin/decisions/forwardplannotice/{announced.pk}/change/")
    assert page.status_code == 200 and announced.matter in page.text


def staff_urls(pk: int) -> list[str]:
    return [
        "/staff/forward-plan/",
        "/staff/forward-plan/add/",
        f"/staff/forward-plan/{pk}/",
    ]


def test_staff_pages_send_the_public_to_sign_in(db, client):
    draft = notice(published_at=None)
    for url in staff_urls(draft.pk):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.post(f"/staff/forward-plan/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.published_at is None


def test_staff_pages_refuse_a_councillor(client, councillor):
    draft = notice(published_at=None)
    client.force_login(councillor)
    for url in staff_urls(draft.pk):
        assert client.get(url).status_code == 403
    assert client.post(f"/staff/forward-plan/{draft.pk}/publish/").status_code == 403
    assert client.post("/staff/forward-plan/add/", form_data()).status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None
    assert ForwardPlanNotice.objects.count() == 1


def test_a_notice_of_an_exempt_decision_shows_neither_its_text_nor_its_link(
    meeting, clerk, client, councillor
):
    announced = notice(
        reference="26/00090",
        matter="Sale of the former depot at Hollerton",
        is_private=True,
        exempt_paragraph=3,
        private_reason="Commercially sensitive offers.",
    )
    record = made(
        meeting,
        reference="26/00090",
        title="Sale of the former depot at Hollerton",
        is_exempt=True,
        decision="Accept the offer of marmoset-quill-4417 from the second bidder.",
    )
    meeting_publish(meeting, by=clerk)
    announced.refresh_from_db()
    assert announced.decision == record

    for url in ("/forward-plan/", "/forward-plan/2026/3/", announced.get_absolute_url()):
        text = client.get(url).text
        assert "marmoset-quill-4417" not in text
        assert record.get_absolute_url() not in text
    page = client.get(announced.get_absolute_url()).text
    assert "Decided" in page and "4 March 2026" not in page

    client.force_login(councillor)
    page = client.get(announced.get_absolute_url()).text
    assert f'href="{record.get_absolute_url()}"' in page


def test_the_demo_publishes_a_few_notices_one_decided_one_private(media, client):
    call_command("demo", no_serve=True)

    notices = ForwardPlanNotice.objects.public()
    assert notices.count() == 4
    decided = notices.get(decision__isnull=False)
    assert decided.decision.status == "made" and decided.reference == decided.decision.reference
    assert notices.filter(is_private=True, exempt_paragraph=3).exists()
    page = client.get(decided.get_absolute_url()).text
    assert f'href="{decided.decision.get_absolute_url()}"' in page
    call_command("demo", no_serve=True)
    assert ForwardPlanNotice.objects.count() == 4


# In a real browser: each page read at a phone's width and a desktop's, axe-core clean.

CHROMIUM = shutil.which("chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_the_forward_plan_reads_at_320_and_1280_pixels(transactional_db, live_server, chromium):

    from ..test_browser_walks import assert_accessible

    meeting = Meeting.objects.create(
        committee=_cabinet(), date=THIS_MONTH, venue="Council Chamber, Shire Hall"
    )
    decided = notice(
        reference="26/00017",
        matter="Highways Maintenance Plan 2027-28",
        expected_date=THIS_MONTH,
        documents="Report of the Director of Highways",
        contact_name="Jo Smith",
        contact_email="jo.smith@example.gov.uk",
        contact_phone="01632 960123",
        wards="All wards",
    )
    made(meeting, reference="26/00017")
    meeting_publish(meeting)
    private = notice(
        reference="26/00031",
        matter="Sale of the former depot at Hollerton Industrial Estate, and the lease-back "
        "of its vehicle workshop",
        expected_date=NEXT_MONTH + datetime.timedelta(days=8),
        is_private=True,
        exempt_paragraph=3,
        private_reason="The report names the bidders and their offers.",
        wards="Hollerton",
    )
    clerk = person("clerk", "Members services")
    clerk.set_password("correct horse battery staple")
    clerk.save()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (320, 1280):
        page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
        page.goto(live_server.url)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Forward plan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Forward plan of key decisions")
        assert page.get_by_role("link", name="see the decision").count() == 1
        for name, url in (
            ("plan", "/forward-plan/"),
            ("month", f"/forward-plan/{NEXT_MONTH:%Y/%-m}/"),
            ("private", private.get_absolute_url()),
            ("decided", decided.get_absolute_url()),
        ):
            page.goto(live_server.url + url)
            page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not overflow, f"{url} scrolls sideways at {width}px"
            assert_accessible(page)
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill("clerk")
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Sign in").click()
        for name, url in (
            ("staff-list", "/staff/forward-plan/"),
            ("staff-edit", f"/staff/forward-plan/{private.pk}/"),
        ):
            page.goto(live_server.url + url)
            page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
            assert_accessible(page)
        page.context.close()


def _cabinet():
    from meetings.models import Committee

    return Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)


if os.environ.get("REQUIRE_BROWSER") and not CHROMIUM:
    raise RuntimeError("REQUIRE_BROWSER is set but Debian's chromium is not installed")
