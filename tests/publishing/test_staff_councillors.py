"""Councillors kept in the staff area by members services, with no admin rights: the list,
adding one, party, ward, committees and roles, the account, the register of interests,
and two spellings of one councillor merged, each audited; through real HTTP."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from meetings.models import Attendance, Committee, Member, MemberAlias, Membership
from publishing.models import AuditEntry

from ..meetings.test_councillors import a_meeting, attended, minuted

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def gough(cabinet) -> Member:
    member = Member.objects.create(
        name="Roger Gough", slug="roger-gough", party="Conservative", ward="Tunbridge Wells East"
    )
    Membership.objects.create(member=member, committee=cabinet, role="Leader")
    return member


def councillor_data(client: Client, url: str) -> dict:
    """The councillor's page posted back unchanged, as a browser would send it."""
    context = client.get(url).context
    memberships = context["memberships"]
    post = {
        f"{memberships.prefix}-{key}": value
        for key, value in memberships.management_form.initial.items()
    }
    for form in [context["form"], *memberships.forms]:
        for name, field in form.fields.items():
            value = form[name].value()
            if name == "register_of_interests":
                continue
            if value is True:
                post[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                post[form.add_prefix(name)] = field.widget.format_value(value) or value
    return post


def edit(client: Client, member: Member, **changes):
    """Post the councillor's page with ``changes`` (``None`` unticks or empties a field)."""
    url = f"/staff/councillors/{member.pk}/"
    post = councillor_data(client, url)
    for name, value in changes.items():
        if value is None:
            post.pop(name, None)
        else:
            post[name] = value
    return client.post(url, post)


def test_a_clerk_without_admin_rights_keeps_the_councillors(staff_client, clerk, gough):
    assert not clerk.is_staff and not clerk.is_superuser
    assert staff_client.get("/admin/").status_code == 302
    dashboard = staff_client.get("/staff/")
    assert 'href="/staff/councillors/"' in dashboard.text
    assert 'href="/admin/"' not in dashboard.text
    listed = staff_client.get("/staff/councillors/")
    assert listed.status_code == 200
    assert "Roger Gough" in listed.text and "Conservative" in listed.text
    assert "Tunbridge Wells East" in listed.text and "Not linked" in listed.text
    assert f'href="/staff/councillors/{gough.pk}/"' in listed.text
    assert 'href="/staff/councillors/add/"' in listed.text


def test_a_clerk_adds_a_councillor_with_a_committee(staff_client, clerk, cabinet):
    post = councillor_data(staff_client, "/staff/councillors/add/")
    post.update(
        {
            "name": "  Jane   Example ",
            "party": "Liberal Democrat",
            "ward": "Maidstone Central",
            "is_current": "on",
            "memberships-0-committee": cabinet.pk,
            "memberships-0-role": "Cabinet Member for Finance",
            "memberships-0-start_date": "2025-05-20",
        }
    )
    response = staff_client.post("/staff/councillors/add/", post)
    member = Member.objects.get(name="Jane Example")
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/councillors/{member.pk}/"
    )
    assert member.slug == "jane-example" and member.party == "Liberal Democrat"
    assert member.memberships.get().role == "Cabinet Member for Finance"
    entry = AuditEntry.objects.get()
    assert entry.actor == clerk and entry.description.startswith("Added councillor Jane Example")
    assert "Cabinet Member for Finance" in entry.description


def test_a_name_another_councillor_goes_by_is_a_merge_not_a_new_councillor(staff_client, gough):
    gough.aliases.create(name="Mr R W Gough")
    for name in ("roger gough", "Roger-Gough", "Mr R W Gough"):
        post = councillor_data(staff_client, "/staff/councillors/add/")
        post["name"] = name
        response = staff_client.post("/staff/councillors/add/", post)
        assert response.status_code == 200
        assert "merge the two spellings instead" in response.text
    assert Member.objects.count() == 1 and not AuditEntry.objects.exists()


def test_party_ward_and_committees_are_corrected_audited_and_public(
    staff_client, clerk, client, settings, gough, cabinet, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    a_meeting(cabinet, datetime.date(2026, 1, 12))  # so the public are told of the Cabinet
    public = client.get(gough.get_absolute_url())
    assert "Conservative" in public.text
    scrutiny = Committee.objects.create(name="Scrutiny Committee", slug="scrutiny-committee")
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            staff_client,
            gough,
            party="Independent",
            ward="Tunbridge Wells West",
            **{
                "memberships-0-end_date": "2026-05-01",
                "memberships-1-committee": str(scrutiny.pk),
                "memberships-1-role": "Vice-Chairman",
            },
        )
    assert response.status_code == 302
    gough.refresh_from_db()
    assert (gough.party, gough.ward) == ("Independent", "Tunbridge Wells West")
    assert gough.memberships.get(committee=cabinet).end_date == datetime.date(2026, 5, 1)
    assert gough.memberships.get(committee=scrutiny).role == "Vice-Chairman"
    entry = AuditEntry.objects.get()
    assert entry.actor == clerk
    assert "Party “Conservative” → “Independent”" in entry.description
    assert "Ward or division “Tunbridge Wells East” → “Tunbridge Wells West”" in entry.description
    assert "End date (none) → “2026-05-01”" in entry.description
    assert "Added membership: Committee “Scrutiny Committee”" in entry.description
    shown = client.get(gough.get_absolute_url()).text
    assert "Independent" in shown and "Tunbridge Wells West" in shown
    assert "Conservative" not in shown
    assert 'until <time datetime="2026-05-01">' in shown


def test_saving_unchanged_changes_nothing_and_says_so(staff_client, gough):
    response = edit(staff_client, gough)
    assert response.status_code == 302
    assert "Nothing had changed." in staff_client.get(response["Location"]).text
    assert not AuditEntry.objects.exists()


def test_a_membership_is_removed(staff_client, gough):
    assert edit(staff_client, gough, **{"memberships-0-DELETE": "on"}).status_code == 302
    assert not gough.memberships.exists()
    assert (
        "Removed membership Roger Gough – Leader, Cabinet" in AuditEntry.objects.get().description
    )


def test_a_membership_ending_before_it_starts_is_explained_and_saves_nothing(staff_client, gough):
    response = edit(
        staff_client,
        gough,
        name="Roger Gough OBE",
        party="Labour",
        **{"memberships-0-start_date": "2026-05-01", "memberships-0-end_date": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "A membership cannot end before it starts." in response.text
    assert "nothing was saved" in response.text
    assert response.context["member"].name == "Roger Gough", "the page names them as saved"
    assert 'value="Roger Gough OBE"' in response.text, "what the clerk typed is kept"
    gough.refresh_from_db()
    assert gough.party == "Conservative" and gough.memberships.get().start_date is None
    assert not AuditEntry.objects.exists()


def test_a_new_name_gets_an_address_of_its_own_and_keeps_the_old_as_an_alias(
    staff_client, gough, client
):
    assert edit(staff_client, gough, name="Roger Gough OBE").status_code == 302
    gough.refresh_from_db()
    assert gough.slug == "roger-gough-obe"
    assert list(gough.aliases.values_list("name", flat=True)) == ["Roger Gough"]
    assert client.get("/councillors/roger-gough-obe/").status_code == 200
    assert Member.objects.named("Roger Gough", "roger-gough").get() == gough
    # The old address, linked from elsewhere, leads to the new one.
    old = client.get("/councillors/roger-gough/")
    assert (old.status_code, old["Location"]) == (301, "/councillors/roger-gough-obe/")
    assert client.get("/councillors/roger-goughx/").status_code == 404
    assert "“Roger Gough” kept as an alias" in AuditEntry.objects.get().description


def test_a_new_name_whose_address_another_councillor_has_is_refused(staff_client, gough):
    other = Member.objects.create(name="Mr R W Gough", slug="mr-r-w-gough")
    response = edit(staff_client, other, name="Roger  Gough")
    assert response.status_code == 200 and "merge the two spellings" in response.text
    other.refresh_from_db()
    assert other.slug == "mr-r-w-gough"


def test_an_account_of_the_councillors_group_is_linked(
    staff_client, gough, councillor, resident, clerk
):
    form = staff_client.get(f"/staff/councillors/{gough.pk}/").context["form"]
    assert list(form.fields["user"].queryset) == [councillor]
    refused = edit(staff_client, gough, user=str(resident.pk))
    assert refused.status_code == 200 and Member.objects.get(pk=gough.pk).user is None
    assert edit(staff_client, gough, user=str(councillor.pk)).status_code == 302
    gough.refresh_from_db()
    assert gough.user == councillor
    assert "Account on the portal (none) → “councillor”" in AuditEntry.objects.get().description
    other = Member.objects.create(name="Jane Example", slug="jane-example")
    taken = staff_client.get(f"/staff/councillors/{other.pk}/").context["form"]
    assert councillor not in taken.fields["user"].queryset


def test_a_register_of_interests_pdf_is_published(staff_client, gough, client, media):
    url = f"/staff/councillors/{gough.pk}/"
    post = councillor_data(staff_client, url)
    post["register_of_interests"] = SimpleUploadedFile("interests.pdf", PDF, "application/pdf")
    assert staff_client.post(url, post).status_code == 302
    gough.refresh_from_db()
    assert gough.register_of_interests.name.startswith("interests/")
    served = client.get(f"/councillors/{gough.slug}/interests/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert "Register of interests (PDF) (none) → “interests.pdf”" in (
        AuditEntry.objects.get().description
    )
    assert "register of interests (PDF)" in staff_client.get(url).text


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_changes(staff_client, gough, media):
    url = f"/staff/councillors/{gough.pk}/"
    post = councillor_data(staff_client, url)
    post["party"] = "Labour"
    post["register_of_interests"] = SimpleUploadedFile(
        "interests.pdf", b"Declared interests: none.", "application/pdf"
    )
    response = staff_client.post(url, post)
    assert response.status_code == 200
    assert "interests.pdf is not a PDF file." in response.text
    gough.refresh_from_db()
    assert not gough.register_of_interests and gough.party == "Conservative"
    assert not AuditEntry.objects.exists()
    assert not (media / "interests").exists()


def test_merging_two_spellings_moves_everything_after_showing_what(
    staff_client, clerk, gough, cabinet, client
):
    other = Member.objects.create(name="Mr R W Gough", slug="mr-r-w-gough", ward="TW East")
    other.aliases.create(name="R Gough")
    scrutiny = Committee.objects.create(name="Scrutiny Committee", slug="scrutiny-committee")
    Membership.objects.create(member=other, committee=scrutiny, role="Member")
    minutes = minuted(a_meeting(cabinet, datetime.date(2026, 1, 10)))
    attended(minutes, other, Attendance.Status.PRESENT)
    url = f"/staff/councillors/{gough.pk}/merge/"

    chooser = staff_client.get(url)
    assert chooser.status_code == 200 and "Mr R W Gough" in chooser.text
    shown = staff_client.get(url, {"other": other.pk})
    assert shown.status_code == 200
    assert "“Mr R W Gough” becomes an alias of Roger Gough" in shown.text
    assert "1 attendance record move to Roger Gough" in shown.text
    assert "1 membership move: Scrutiny Committee" in shown.text
    assert "Aliases move: “R Gough”" in shown.text
    assert Member.objects.filter(pk=other.pk).exists(), "nothing moves before it is confirmed"

    merged = staff_client.post(url, {"other": other.pk})
    assert merged.status_code == 302 and merged["Location"] == f"/staff/councillors/{gough.pk}/"
    assert not Member.objects.filter(pk=other.pk).exists()
    assert set(gough.aliases.values_list("name", flat=True)) == {"Mr R W Gough", "R Gough"}
    assert gough.attendances.get().minutes == minutes
    assert set(gough.memberships.values_list("committee__name", flat=True)) == {
        "Cabinet",
        "Scrutiny Committee",
    }
    entry = AuditEntry.objects.get()
    assert entry.actor == clerk
    assert entry.description.startswith("Merged councillor Mr R W Gough into Roger Gough")
    assert "1 membership move: Scrutiny Committee" in entry.description
    assert "Merged Mr R W Gough into Roger Gough." in staff_client.get(merged["Location"]).text
    gone = client.get("/councillors/mr-r-w-gough/")  # the merged spelling's old address
    assert (gone.status_code, gone["Location"]) == (301, "/councillors/roger-gough/")


def test_a_councillor_is_not_merged_into_themselves(staff_client, gough):
    url = f"/staff/councillors/{gough.pk}/merge/"
    for response in (
        staff_client.get(url, {"other": gough.pk}),
        staff_client.post(url, {"other": gough.pk}),
    ):
        assert response.status_code == 200
        assert "Roger Gough cannot be merged into themselves" in response.text
    assert Member.objects.filter(pk=gough.pk).exists()
    assert not MemberAlias.objects.exists() and not AuditEntry.objects.exists()


def test_councillors_and_the_signed_out_are_refused(client, gough, councillor, resident):
    other = Member.objects.create(name="Mr R W Gough", slug="mr-r-w-gough")
    pages = [
        "/staff/councillors/",
        "/staff/councillors/add/",
        f"/staff/councillors/{gough.pk}/",
        f"/staff/councillors/{gough.pk}/merge/",
    ]
    posts = {
        "/staff/councillors/add/": {"name": "Someone New"},
        f"/staff/councillors/{gough.pk}/": {"name": "Roger Gough", "party": "Labour"},
        f"/staff/councillors/{gough.pk}/merge/": {"other": other.pk},
    }
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for url, data in posts.items():
        assert client.post(url, data)["Location"].startswith("/accounts/login/")
    for user in (councillor, resident):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, url
        for url, data in posts.items():
            assert client.post(url, data).status_code == 403, url
    gough.refresh_from_db()
    assert gough.party == "Conservative" and Member.objects.count() == 2
    assert not AuditEntry.objects.exists()
