"""The OParl 1.1 API: every object valid against the standard's own schemas (read from
../shared), every list followed to its end, the filters, CORS, deleted meetings, and
public content only, whoever asks."""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.access import PUBLIC
from meetings.models import Meeting, Membership
from oparl.views import LISTS
from publishing.services import meeting_withdraw
from reports.models import Report

from . import test_exempt_leak
from .conftest import SHARED, shared_path
from .test_exempt_leak import MARKER, OWN_MARKER, SECRETS
from .walk import oparl_links

exempt_pack = test_exempt_leak.exempt_pack  # the leak test's meeting, exempt papers and all
SCHEMAS = SHARED / "oparl" / "schema"
TYPES = [
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Location",
    "Consultation",
    "Paper",
    "File",
]
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture(scope="module")
def registry():
    """The standard's schemas, each under its file name (how they name one another)."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    shared_path(SCHEMAS)
    return Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    )


def format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("date-time")(lambda value: bool(DATE_TIME.match(value)))
    checker.checks("date", raises=ValueError)(datetime.date.fromisoformat)
    checker.checks("url")(lambda value: urlsplit(value).scheme in ("http", "https"))
    return checker


def validate(registry, obj: dict, kind: str) -> None:
    """``obj`` against ``<kind>.json``, and each object it embeds against the schema the
    property names (``"schema": "File.json"``); an external list is a URL, not embedded."""
    from jsonschema import Draft202012Validator

    schema = registry.contents(f"{kind}.json")
    Draft202012Validator(schema, registry=registry, format_checker=format_checker()).validate(obj)
    for name, value in obj.items():
        spec = schema["properties"].get(name, {})
        inner = spec.get("schema") or spec.get("items", {}).get("schema")
        if inner:
            for embedded in value if isinstance(value, list) else [value]:
                if isinstance(embedded, dict):
                    validate(registry, embedded, inner.removesuffix(".json"))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk_api(client, start=None) -> dict[str, dict]:
    """Every API answer reachable from the system object (or ``start``), by path."""
    todo, seen = [start or reverse("oparl:system")], {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        assert response["Access-Control-Allow-Origin"] == "*"
        seen[url] = response.json()
        todo += oparl_links(response)
    return seen


def objects_in(answers: dict[str, dict]):
    for answer in answers.values():
        yield from answer.get("data", [answer])


def test_every_object_is_valid_against_the_schemas(exempt_pack, cabinet_member, client, registry):
    answers = walk_api(client)
    seen_types = set()
    for obj in objects_in(answers):
        kind = obj["type"].rsplit("/", 1)[1]
        validate(registry, obj, kind)
        seen_types.add(kind)
    assert seen_types == set(TYPES)


def test_every_list_is_followed_to_its_end(exempt_pack, client):
    meetings = reverse("oparl:list", kwargs={"name": "meetings"})
    url, ids = f"{meetings}?limit=1", []
    while url:
        page = client.get(url).json()
        assert len(page["data"]) <= 1
        ids += [obj["id"] for obj in page["data"]]
        url = page["links"].get("next") and path_of(page["links"]["next"])
    assert len(ids) == len(set(ids)) == Meeting.objects.public().count() >= 2
    papers = client.get(reverse("oparl:list", kwargs={"name": "papers"})).json()
    assert papers["pagination"]["totalElements"] == len(papers["data"]) > 1


def test_modified_since_keeps_what_changed_after_it(exempt_pack, client):
    meetings = reverse("oparl:list", kwargs={"name": "meetings"})
    old = Meeting.objects.public().exclude(pk=exempt_pack.pk)
    old.update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0).isoformat()
    page = client.get(meetings, {"modified_since": since}).json()
    assert [obj["id"] for obj in page["data"]] == [
        f"http://testserver/oparl/v1.1/meeting/{exempt_pack.pk}/"
    ]
    assert page["links"]["self"].endswith(
        "modified_since=" + since.replace(":", "%3A").replace("+", "%2B")
    )
    assert client.get(meetings, {"created_until": "2000-01-01T00:00:00+00:00"}).json()["data"] == []
    assert client.get(meetings, {"modified_since": "yesterday"}).status_code == 400


def test_a_withdrawn_meeting_is_deleted(exempt_pack, client):
    meeting_withdraw(exempt_pack, reason="Printed the wrong agenda.")
    url = reverse("oparl:meeting", kwargs={"pk": exempt_pack.pk})
    answer = client.get(url).json()
    assert answer["deleted"] is True
    assert set(answer) == {"id", "type", "created", "modified", "deleted"}
    meetings = reverse("oparl:list", kwargs={"name": "meetings"})
    listed = client.get(meetings).json()["data"]
    assert answer["id"] not in [obj["id"] for obj in listed]
    changed = client.get(meetings, {"modified_since": "2000-01-01T00:00:00+00:00"}).json()
    assert answer in changed["data"]
    assert not [url for url, a in walk_api(client).items() if "Cabinet – 14 September" in str(a)]


def test_what_a_withdrawn_meeting_held_is_deleted_but_its_exempt_papers_stay_unknown(
    exempt_pack, client
):
    """Its open items and papers are deleted objects (spec 2-08), at their URLs and in the
    lists asked what changed; its exempt ones are not found, as before."""
    report = PUBLIC.reports().filter(document__meeting=exempt_pack, agenda_item__isnull=False)[0]
    item = report.agenda_item
    secret = Report.objects.get(agenda_item__number="11", document__meeting=exempt_pack)
    urls = {
        reverse("oparl:agenda-item", kwargs={"pk": item.pk}): "AgendaItem",
        reverse("oparl:paper_report", kwargs={"pk": report.pk}): "Paper",
        reverse("oparl:consultation", kwargs={"pk": report.pk}): "Consultation",
    }
    assert all(client.get(url).status_code == 200 for url in urls)
    assert all(client.get(url).json().get("deleted") is None for url in urls)
    meeting_withdraw(exempt_pack, reason="Printed the wrong agenda.")
    for url, kind in urls.items():
        answer = client.get(url).json()
        assert answer["type"].endswith(kind) and answer["deleted"] is True
        assert set(answer) == {"id", "type", "created", "modified", "deleted"}
    since = {"modified_since": "2000-01-01T00:00:00+00:00"}
    papers = client.get(reverse("oparl:list", kwargs={"name": "papers"}), since).json()
    ids = {paper["id"] for paper in papers["data"] if paper.get("deleted")}
    assert any(
        urlsplit(i).path == reverse("oparl:paper_report", kwargs={"pk": report.pk}) for i in ids
    )
    hidden = reverse("oparl:paper_report", kwargs={"pk": secret.pk})
    assert client.get(hidden).status_code == 404
    assert not any(urlsplit(i).path == hidden for i in ids)
    assert not [word for word in SECRETS if word in json.dumps(papers)]


def test_a_meeting_never_published_is_not_there(cabinet, client):
    draft = Meeting.objects.create(committee=cabinet, date=datetime.date(2026, 1, 5))
    assert client.get(reverse("oparl:meeting", kwargs={"pk": draft.pk})).status_code == 404
    error = client.get(reverse("oparl:meeting", kwargs={"pk": draft.pk})).json()
    assert error["type"] == "https://schema.oparl.org/1.1/Error"


def test_an_exempt_items_report_is_not_there(exempt_pack, client):
    item = exempt_pack.agenda_items.get(number="11")
    report = Report.objects.get(agenda_item=item)
    assert item.is_exempt
    everything = json.dumps(walk_api(client))
    assert f"/paper/report/{report.pk}/" not in everything
    assert f"/file/report/{report.pk}/" not in everything
    url = reverse("oparl:paper_report", kwargs={"pk": report.pk})
    assert client.get(url).status_code == 404
    listed = client.get(reverse("oparl:agenda-item", kwargs={"pk": item.pk})).json()
    assert listed["public"] is False and "consultation" not in listed
    assert not [secret for secret in SECRETS if secret in everything]


def test_a_councillor_signed_in_reads_only_public_content(exempt_pack, client, councillor):
    client.force_login(councillor)
    everything = json.dumps(walk_api(client))
    assert MARKER not in everything and OWN_MARKER not in everything
    report = Report.objects.get(agenda_item__number="11", document__meeting=exempt_pack)
    assert client.get(reverse("oparl:paper_report", kwargs={"pk": report.pk})).status_code == 404


def test_a_person_embeds_their_memberships(exempt_pack, client, cabinet_member):
    answer = client.get(reverse("oparl:person", kwargs={"pk": cabinet_member.member_id})).json()
    assert answer["membership"][0]["role"] == "Chairman"


@pytest.fixture
def cabinet_member(exempt_pack):
    from meetings.models import Member

    member = Member.objects.create(name="Councillor Ada Byron", slug="ada-byron")
    return Membership.objects.create(
        member=member, committee=exempt_pack.committee, role="Chairman"
    )


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_costs_a_fixed_number_of_queries(exempt_pack, cabinet_member, client, name):
    """A count and a page of rows for each table the list reads, and one query for each
    thing its objects embed, whether the page holds one object or a hundred."""
    url = reverse("oparl:list", kwargs={"name": name})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).json()
    assert page["data"]
    assert len(queries) <= 2 * len(LISTS[name]) + 3, [q["sql"] for q in queries]
