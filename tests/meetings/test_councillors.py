"""Councillors' pages, attendance, the decisions they took, My meetings and the merge of
two printed names of one councillor, through real HTTP."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from decisions.models import DecisionRecord
from meetings.access import PUBLIC
from meetings.models import AgendaItem, Attendance, Committee, Meeting, Member, Membership
from packs.writing import sample_pack
from publishing.imports import pack_import
from publishing.models import AuditEntry
from publishing.services import member_merge, public_content_changed
from reports.models import Document, Minutes

from ..conftest import person

PRESENT, APOLOGIES, ABSENT = (
    Attendance.Status.PRESENT,
    Attendance.Status.APOLOGIES,
    Attendance.Status.ABSENT,
)


def a_meeting(committee, day: datetime.date, *, published=True) -> Meeting:
    meeting = Meeting.objects.create(committee=committee, date=day)
    if published:
        meeting.publish()
    return meeting


def minuted(meeting: Meeting, *, published=True) -> Minutes:
    """Give ``meeting`` minutes, carried (as councils do) in a pack of its own document."""
    document = Document.objects.create(
        meeting=meeting,
        file=f"packs/minutes-{meeting.pk}.pdf",
        original_name="minutes.pdf",
        sha256=f"{meeting.pk:064x}",
        page_count=1,
        published_at=timezone.now() if published else None,
    )
    return Minutes.objects.create(meeting=meeting, document=document, first_page=1, last_page=1)


def attended(minutes: Minutes, member: Member, status: str) -> Attendance:
    return Attendance.objects.create(minutes=minutes, member=member, status=status)


@pytest.fixture
def gough(cabinet) -> Member:
    member = Member.objects.create(
        name="Roger Gough", party="Conservative", ward="Tunbridge Wells East"
    )
    Membership.objects.create(member=member, committee=cabinet, role="Cabinet Member for Highways")
    return member


@pytest.fixture
def record(gough, cabinet):
    """Four published Cabinet meetings with published minutes recording him present,
    present, sending apologies and absent; a draft one he was present at, and a published
    one whose minutes are not yet published, which must not count."""
    days = [datetime.date(2026, month, 10) for month in (1, 2, 3, 4)]
    for day, status in zip(days, (PRESENT, PRESENT, APOLOGIES, ABSENT), strict=True):
        attended(minuted(a_meeting(cabinet, day)), gough, status)
    draft = minuted(a_meeting(cabinet, datetime.date(2026, 5, 10), published=False))
    attended(draft, gough, PRESENT)
    unminuted = minuted(a_meeting(cabinet, datetime.date(2026, 7, 10)), published=False)
    attended(unminuted, gough, PRESENT)
    public_content_changed()
    return draft.meeting


def test_it_counts_meetings_attended_of_those_expected_at_published_meetings_only(
    client, gough, record
):
    counted = Member.objects.with_attendance(PUBLIC.attendances()).get(pk=gough.pk)
    assert (counted.attended, counted.expected) == (2, 4)

    page = client.get("/councillors/roger-gough/")
    assert page.status_code == 200
    assert "Attended 2 of 4 meetings" in page.text
    assert "Apologies" in page.text and "Absent" in page.text
    assert "10 May 2026" not in page.text and record.get_absolute_url() not in page.text
    assert "10 July 2026" not in page.text
    listing = client.get("/councillors/")
    assert "2 of 4 meetings" in listing.text


def test_the_page_gives_party_ward_committees_and_roles(client, gough, cabinet):
    a_meeting(cabinet, datetime.date(2026, 1, 10))  # a body the public knows of
    page = client.get(gough.get_absolute_url()).text
    assert "Conservative" in page and "Tunbridge Wells East" in page
    assert "Cabinet Member for Highways" in page and cabinet.get_absolute_url() in page
    assert "No attendance is recorded in published minutes." in page
    assert "Not published" in page  # no register of interests yet


def test_current_councillors_come_first(client, cabinet):
    for name, current in (("Alan Adams", False), ("Zoe Young", True)):
        member = Member.objects.create(name=name, is_current=current, party="Green")
        Membership.objects.create(member=member, committee=cabinet)
    page = client.get("/councillors/").text
    assert page.index("Zoe Young") < page.index("Alan Adams")
    assert "Former councillor" in page


def test_a_name_read_only_from_a_draft_is_not_public(client, cabinet, clerk):
    draft = a_meeting(cabinet, datetime.date(2026, 6, 1), published=False)
    hidden = Member.objects.create(name="Councillor Secret Draftname")
    attended(minuted(draft, published=False), hidden, PRESENT)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Draftname" not in client.get("/councillors/").text
    client.force_login(clerk)
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_it_lists_the_public_decisions_they_took_by_name_or_alias(client, gough, cabinet):
    gough.aliases.create(name="Mr R W Gough")
    meeting = a_meeting(cabinet, datetime.date(2026, 2, 10))
    draft = a_meeting(cabinet, datetime.date(2026, 7, 10), published=False)

    def decided(title, maker, approved="", **fields):
        return DecisionRecord.objects.create(
            title=title,
            decision_maker=maker,
            approved_by=approved,
            meeting=fields.pop("at", meeting),
            date=datetime.date(2026, 2, 10),
            **fields,
        )

    decided("Winter gritting routes", "Executive Member for Highways – Roger Gough")
    decided("Bus lane on the A20", "Cabinet Member for Highways", "MR R W GOUGH")
    decided("Cabinet budget", "Cabinet", "Chairman of Cabinet Councillor Roy Perry")
    decided("Sale of the depot", "Roger Gough", is_exempt=True)
    decided("Draft road closure", "Roger Gough", at=draft)
    public_content_changed()

    assert set(DecisionRecord.objects.public().taken_by(gough).values_list("title", flat=True)) == {
        "Winter gritting routes",
        "Bus lane on the A20",
    }
    page = client.get(gough.get_absolute_url()).text
    assert "Winter gritting routes" in page and "Bus lane on the A20" in page
    for not_his_or_not_public in ("Cabinet budget", "Sale of the depot", "Draft road closure"):
        assert not_his_or_not_public not in page

    bus_lane = DecisionRecord.objects.get(title="Bus lane on the A20")
    decision_page = client.get(bus_lane.get_absolute_url()).text
    assert f'<a href="{gough.get_absolute_url()}">Roger Gough</a>' in decision_page
    perry = Member.objects.create(name="Roy Perry")  # no alias: matched by name alone
    Membership.objects.create(member=perry, committee=cabinet, role="Chairman")
    budget = DecisionRecord.objects.get(title="Cabinet budget")
    decision_page = client.get(budget.get_absolute_url()).text
    assert f'<a href="{perry.get_absolute_url()}">Roy Perry</a>' in decision_page
    assert gough.get_absolute_url() not in decision_page


def test_the_register_of_interests_is_served_as_a_pdf(client, gough, media):
    assert client.get("/councillors/roger-gough/interests/").status_code == 404
    gough.register_of_interests = SimpleUploadedFile("interests.pdf", b"%PDF-1.4 register")
    gough.save()
    page = client.get(gough.get_absolute_url()).text
    assert "/councillors/roger-gough/interests/" in page
    response = client.get("/councillors/roger-gough/interests/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 register"


def test_names_in_the_minutes_attendance_lead_to_their_pages(client, media):
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 2, 16), seed=1)
    pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    minutes = Minutes.objects.public().filter(attendances__isnull=False).first()
    attendance = minutes.attendances.select_related("member").first()
    page = client.get(minutes.get_absolute_url()).text
    assert f'href="{attendance.member.get_absolute_url()}"' in page
    assert client.get(attendance.member.get_absolute_url()).status_code == 200


class TestMerge:
    def test_it_moves_everything_to_the_kept_name(self, gough, record, cabinet, clerk):
        scrutiny = Committee.objects.create(name="Scrutiny Committee")
        other = Member.objects.create(name="Mr R W Gough", party="Conservative")
        other.aliases.create(name="R Gough")
        Membership.objects.create(member=other, committee=scrutiny, role="Vice-Chairman")
        account = person("rgough", "Councillors")
        other.user = account
        other.save()
        january, _, march, april = Meeting.objects.filter(status="published").order_by("date")[:4]
        # Both names at January (present under both) and March (apologies under the
        # other name, but present under this one: the stronger record stands).
        attended(january.minutes.get(), other, PRESENT)
        attended(april.minutes.get(), other, APOLOGIES)
        Attendance.objects.filter(meeting=march, member=gough).update(status=ABSENT)
        attended(march.minutes.get(), other, PRESENT)
        attended(minuted(a_meeting(cabinet, datetime.date(2026, 6, 10))), other, PRESENT)

        member_merge(gough, other, by=clerk)

        assert not Member.objects.filter(name="Mr R W Gough").exists()
        gough.refresh_from_db()
        assert set(gough.aliases.values_list("name", flat=True)) == {"Mr R W Gough", "R Gough"}
        assert gough.user == account
        assert set(gough.memberships.values_list("role", flat=True)) == {
            "Cabinet Member for Highways",
            "Vice-Chairman",
        }
        statuses = dict(gough.attendances.values_list("meeting__date__month", "status"))
        assert statuses == {
            1: PRESENT,
            2: PRESENT,
            3: PRESENT,
            4: APOLOGIES,
            5: PRESENT,
            6: PRESENT,
            7: PRESENT,
        }
        entry = AuditEntry.objects.get(description__contains="Merged councillor")
        assert entry.actor == clerk and "Mr R W Gough into Roger Gough" in entry.description
        assert Member.objects.named("Mr R W Gough", "mr-r-w-gough").get() == gough

    def test_staff_merge_in_the_admin_after_choosing_the_name_to_keep(self, admin_client, gough):
        other = Member.objects.create(name="Mr R W Gough")
        selected = {"action": "merge", "_selected_action": [gough.pk, other.pk]}
        asked = admin_client.post("/admin/meetings/member/", selected)
        assert asked.status_code == 200 and "Keep which name?" in asked.text
        assert Member.objects.filter(pk=other.pk).exists()
        done = admin_client.post(
            "/admin/meetings/member/", {**selected, "confirm": "yes", "kept": gough.pk}
        )
        assert done.status_code == 302
        assert not Member.objects.filter(pk=other.pk).exists()
        assert gough.aliases.filter(name="Mr R W Gough").exists()

    def test_the_admin_refuses_anything_but_two(self, admin_client, gough):
        response = admin_client.post(
            "/admin/meetings/member/", {"action": "merge", "_selected_action": [gough.pk]}
        )
        assert response.status_code == 302
        assert Member.objects.filter(pk=gough.pk).exists()


class TestMyMeetings:
    @pytest.fixture
    def coming(self, cabinet):
        """A coming Cabinet meeting with an exempt item, and a coming Planning one."""
        soon = timezone.localdate() + datetime.timedelta(days=10)
        meeting = a_meeting(cabinet, soon)
        AgendaItem.objects.create(meeting=meeting, number="1", order=1, title="Minutes")
        AgendaItem.objects.create(
            meeting=meeting,
            number="2",
            order=2,
            title="Disposal of the old depot",
            is_exempt=True,
            exempt_paragraph=3,
        )
        planning = Committee.objects.create(name="Planning Committee")
        a_meeting(planning, soon)
        return meeting

    def test_it_shows_the_coming_meetings_of_their_committees(
        self, client, councillor, gough, coming
    ):
        gough.user = councillor
        gough.save()
        client.force_login(councillor)
        page = client.get("/my-meetings/")
        assert page.status_code == 200
        assert coming.get_absolute_url() in page.text
        assert "Disposal of the old depot" in page.text
        assert "Exempt – councillors only, paragraph 3" in page.text
        assert "Planning Committee" not in page.text
        assert "Your account is not linked" not in page.text

    def test_without_a_linked_councillor_it_says_so_and_lists_every_coming_meeting(
        self, client, councillor, coming
    ):
        client.force_login(councillor)
        page = client.get("/my-meetings/").text
        assert "Your account is not linked to a councillor" in page
        assert "Planning Committee" in page and "Disposal of the old depot" in page

    def test_it_asks_the_public_to_sign_in(self, client, coming):
        response = client.get("/my-meetings/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_demo_seats_its_members_and_gives_the_councillor_meetings(client, media, manage):
    code, out, _ = manage("demo", "--no-serve")
    assert code == 0, out
    leader = Member.objects.get(user__username="councillor")
    assert leader.party and leader.ward
    assert leader.memberships.filter(committee__name="Cabinet", role="Chairman").exists()
    assert not Member.objects.filter(memberships__isnull=True).exists()
    client.force_login(leader.user)
    page = client.get("/my-meetings/").text
    assert "Your account is not linked" not in page
    assert "Exempt – councillors only, paragraph" in page
