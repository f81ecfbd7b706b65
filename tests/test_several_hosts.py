"""The portal on several hosts (issue 23): two gunicorn web servers, each in a working
directory of its own with nothing on its disk that matters, and two ``db_worker``s,
sharing only PostgreSQL, Redis and a private bucket (a real S3-compatible server). A
clerk uploads a pack on one web host; one worker imports it, never both; the clerk
publishes it on the other host; a visitor sees the same fresh pages on both; a
withdrawal on one host takes the cached pages away on the other at once.

Real processes over real HTTP. PostgreSQL only (SQLite is one host's file), with Redis
and moto's S3 server running: ``.ci/run`` has both.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from packs.writing import sample_pack
from publishing.models import Upload
from reports.models import Document

from .storage_server import KEYS, REGION, bucket_create
from .test_page_cache import REDIS_URL

PROJECT = Path(__file__).resolve().parent.parent
MEETING_DATE = datetime.date(2026, 2, 9)

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
    reason="several hosts share PostgreSQL (DATABASE_URL=postgres://...)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """A browser on the command line: cookies (kept across the hosts, as one site's
    are behind a load balancer), CSRF tokens, forms and file uploads."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def token(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def get(self, url: str) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(url, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post(self, url: str, fields: dict, files: dict | None = None) -> tuple[int, str]:
        """Send a form as a browser would, with the CSRF token Django's cookie holds."""
        if not self.token():
            self.get(url)
        fields = {"csrfmiddlewaretoken": self.token(), **fields}
        if files:
            boundary = uuid.uuid4().hex
            body = b"".join(
                [
                    *(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                        f"\r\n\r\n{value}\r\n".encode()
                        for name, value in fields.items()
                    ),
                    *(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{path.name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                        + path.read_bytes()
                        + b"\r\n"
                        for name, path in files.items()
                    ),
                    f"--{boundary}--\r\n".encode(),
                ]
            )
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": kind, "Referer": url}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")[:2000]


@pytest.fixture
def hosts(transactional_db, storage_server, tmp_path):
    """Two web hosts and two workers on this test's database, Redis keys of its own and
    a bucket of its own; yields the web hosts' addresses and their working directories."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis server at {REDIS_URL}")
    bucket = bucket_create(storage_server)
    database = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "council_portal.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "SECRET_KEY": "several-hosts-" + uuid.uuid4().hex,  # one site: sessions on both
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "PAGE_CACHE_SECONDS": "600",
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "hosts-" + uuid.uuid4().hex,
        "STORAGE_BUCKET": bucket.name,
        "STORAGE_ENDPOINT_URL": bucket.endpoint,
        "STORAGE_REGION": REGION,
        "STORAGE_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "STORAGE_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    processes, webs, folders = [], [], []
    logs = tmp_path / "logs"
    logs.mkdir()
    for name in ("web-a", "web-b", "worker-a", "worker-b"):
        folder = tmp_path / name
        folder.mkdir()
        folders.append(folder)
        own = {**env, "MEDIA_ROOT": str(folder / "media"), "CACHE_LOCATION": str(folder / "c")}
        if name.startswith("web"):
            port = free_port()
            webs.append(f"http://127.0.0.1:{port}")
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "council_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
            ]
        else:
            command = [sys.executable, str(PROJECT / "manage.py"), "db_worker"]
        with open(logs / f"{name}.log", "wb") as log:
            processes.append(
                subprocess.Popen(
                    command,
                    cwd=folder,
                    env=own,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    try:
        for base in webs:
            wait_for(lambda base=base: Visitor().get(base + "/healthz")[0] == 200, 60, logs)
        yield webs, folders, bucket
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        connection.close()


def wait_for(condition, seconds: float, logs: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.5)
    tails = {log.name: log.read_text(errors="replace")[-1500:] for log in logs.iterdir()}
    raise AssertionError(f"not within {seconds} s; logs: {tails}")


def test_upload_on_one_host_publish_on_the_other_and_both_are_fresh(hosts, clerk, tmp_path):
    (web_a, web_b), folders, bucket = hosts
    clerk.set_password("a long clerk password")
    clerk.save()
    pack = sample_pack(committee="Cabinet", meeting_date=MEETING_DATE, seed=5)
    pdf = tmp_path / pack.filename
    pdf.write_bytes(pack.pdf)

    clerk_browser = Visitor()
    clerk_browser.get(web_a + "/accounts/login/")
    status, where = clerk_browser.post(
        web_a + "/accounts/login/",
        {"username": clerk.username, "password": "a long clerk password"},
    )
    assert status == 200 and "/accounts/login/" not in where, where
    status, where = clerk_browser.post(web_a + "/staff/upload/", {}, files={"files": pdf})
    assert status == 200, where

    logs = tmp_path / "logs"
    wait_for(lambda: Upload.objects.filter(status=Upload.Status.DONE).exists(), 180, logs)
    upload = Upload.objects.get()
    document = Document.objects.get()
    assert upload.document == document
    # One import, by one of the two workers: the task ran once.
    from django_tasks_db.models import DBTaskResult

    (imported,) = DBTaskResult.objects.filter(task_path="publishing.imports.import_upload")
    assert len(imported.worker_ids) == 1
    meeting = document.meeting

    public = Visitor()
    page = f"/committees/{meeting.committee.slug}/{meeting.date.isoformat()}/"
    assert public.get(web_a + page)[0] == 404
    status, where = clerk_browser.post(web_b + f"/staff/meetings/{meeting.pk}/publish/", {})
    assert status == 200, where
    for base in (web_a, web_b):
        status, _, body = public.get(base + page)
        assert status == 200 and meeting.committee.name.encode() in body
    assert public.get(web_b + page)[1].get("X-Page-Cache") == "hit"  # cached by web A
    report = document.reports.filter(is_exempt=False).first()
    status, headers, body = public.get(web_b + report.get_absolute_url() + "pdf/")
    assert status == 200 and body.startswith(b"%PDF")

    status, where = clerk_browser.post(
        web_a + f"/staff/meetings/{meeting.pk}/withdraw/", {"reason": "Wrong pack"}
    )
    assert status == 200, where
    for base in (web_b, web_a):
        assert public.get(base + page)[0] == 404

    # Nothing that matters was written to either host's disk: the pack is in the bucket.
    assert any(key.endswith(".pdf") for key in bucket.objects())
    for folder in folders:
        written = [p for p in folder.rglob("*") if p.is_file() and "media" in p.parts]
        assert written == []
