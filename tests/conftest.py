"""Shared fixtures: a few personas, small builders for council data, and the real papers."""

import datetime
import os
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from meetings.models import Committee, Meeting
from publishing.roles import role_group as role  # made again after a transactional test's flush

SHARED = Path(
    os.environ.get("PORTAL_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
KENT = SHARED / "corpus" / "kent"
SEEDS = SHARED / "seeds"


def shared_path(path: Path) -> Path:
    """A file from ../shared, or skip the test: CI has it, a plain clone may not."""
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is absent)")
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite's test database is a file rather than memory, so that a worker process a test
    starts (tests/test_recovery.py) reads and writes the same database."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture
def cabinet(db) -> Committee:
    return Committee.objects.create(name="Cabinet", kind=Committee.Kind.EXECUTIVE)


@pytest.fixture
def meeting(cabinet) -> Meeting:
    return Meeting.objects.create(
        committee=cabinet,
        date=datetime.date(2026, 3, 4),
        start_time=datetime.time(10, 0),
        venue="Council Chamber, Shire Hall, Borchester",
    )


@pytest.fixture
def chromium(monkeypatch):
    """Debian's chromium, driven by Playwright. Its sync API runs an event loop in this
    thread; the test's own ORM calls are ordinary synchronous code, but on database
    connections of their own (Django keeps connections per context, and the loop's is
    another): closed here, or PostgreSQL refuses to drop the test database after."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from .test_browser_walks import CHROMIUM, CHROMIUM_ARGS

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def portal(transactional_db, media, live_server) -> str:
    """Two published Cabinet meetings from the sample packs, served by a live server."""
    from packs.writing import sample_pack
    from publishing.imports import pack_import

    for day, seed in ((datetime.date(2026, 1, 19), 0), (datetime.date(2026, 2, 16), 1)):
        pack = sample_pack(committee="Cabinet", meeting_date=day, seed=seed)
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    return live_server.url


@pytest.fixture
def media(db, settings, tmp_path) -> Path:
    """Uploaded packs go to a scratch folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def manage(capsys):
    """Run a management command as a clerk would: returns (exit status, stdout, stderr).

    ``call_command`` rather than ``manage.py``'s entry point, which closes the database
    connection the test's transaction lives on; errors are reported as that would."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            call_command(*map(str, args))
            code = 0
        except CommandError as error:
            sys.stderr.write(f"CommandError: {error}\n")
            code = error.returncode
        except SystemExit as exit:
            code = exit.code or 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background imports run inside the request in tests (the immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def person(username: str, group: str | None = None):
    from django.contrib.auth.models import User

    user = User.objects.create_user(username, password="correct horse battery staple")
    if group:
        user.groups.add(role(group))
    return user


@pytest.fixture
def clerk(db):
    """A member of members services staff."""
    return person("clerk", "Members services")


@pytest.fixture
def councillor(db):
    return person("councillor", "Councillors")


@pytest.fixture
def resident(db):
    """Someone with an account but no role (signed in, yet the public)."""
    return person("resident")


@pytest.fixture
def staff_client(clerk) -> Client:
    """A client signed in as members services staff."""
    client = Client()
    client.force_login(clerk)
    return client


@pytest.fixture(scope="session", autouse=True)
def own_caches(tmp_path_factory):
    """The caches of this test process in a folder of its own: pytest-xdist runs the suite
    in several processes, and a test that empties its caches must not empty another's."""
    from django.conf import settings
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("cache")
    caches = {
        name: {**config, "LOCATION": str(folder / name)} for name, config in settings.CACHES.items()
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with empty caches (the filters' choices and the rate limits)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def storage_server():
    """moto's S3-compatible server, started once for the tests that keep files in a
    bucket; they skip where moto is not installed."""
    pytest.importorskip("moto.server")
    from .storage_server import server_start

    server, endpoint = server_start()
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(storage_server, settings, media):
    """A private bucket of its own where the portal keeps every file for the test (as with
    ``STORAGE_BUCKET`` set); ``media`` is the folder it would have used, to stay empty."""
    from .storage_server import bucket_create

    bucket = bucket_create(storage_server)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_settings()}
    return bucket


# The longest tests first: pytest-xdist's workers steal from the end of each other's
# queues, so the run ends on short tests and no core waits alone on a long one. Sorted
# before pytest-django's own stable sort, which keeps tests that flush the database
# (transactional ones) after those that roll back.
LONGEST = ("tests/test_exempt_property.py",)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        if item.nodeid.startswith(LONGEST):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items.sort(key=rank)
