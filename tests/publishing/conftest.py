"""The browser tests' people and browser: a clerk and a councillor, and Debian's chromium."""

import pytest
from django.contrib.auth.models import User

from ..conftest import role
from ..test_browser_walks import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(transactional_db):
    for username, group in (("clerk", "Members services"), ("councillor", "Councillors")):
        user = User.objects.create_user(username, password=PASSWORD)
        user.groups.add(role(group))


@pytest.fixture
def browser(live_server, media, people, monkeypatch, tmp_path):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
