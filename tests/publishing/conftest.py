"""The browser tests' people and browser: a clerk and a councillor, and Debian's chromium."""

import pytest
from django.contrib.auth.models import User

from ..conftest import role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(transactional_db):
    for username, group in (("clerk", "Members services"), ("councillor", "Councillors")):
        user = User.objects.create_user(username, password=PASSWORD)
        user.groups.add(role(group))


@pytest.fixture
def browser(live_server, media, people, chromium):
    return chromium
