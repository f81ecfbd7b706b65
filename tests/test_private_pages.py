"""Pages made for a signed-in councillor or member of staff are never kept by a shared
cache or the browser's disk; the public's pages keep their caching."""

import datetime

import pytest
from django.test import Client

from packs.writing import sample_pack
from publishing.imports import pack_import


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def pages(media) -> list[str]:
    pack = sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 2, 9), seed=5)
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    return [
        "/",
        "/decisions/",
        "/search/?q=budget",
        meeting.get_absolute_url(),
        "/decisions/feed/",
        "/decisions/decisions.csv",
        "/meetings/meetings.ics",
    ]


@pytest.mark.parametrize("persona", ["councillor", "clerk"])
def test_signed_in_pages_are_private_and_not_stored(request, pages, persona):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    for url in [*pages, "/staff/" if persona == "clerk" else "/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= directives(response), url


def test_signed_out_pages_stay_public_and_cached(settings, pages, client):
    settings.PAGE_CACHE_SECONDS = 600
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert not {"private", "no-store"} & directives(response), url


def test_a_request_carrying_a_session_answers_privately(settings, pages, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-old-session"
    for url in pages:
        assert "private" in directives(client.get(url)), url
