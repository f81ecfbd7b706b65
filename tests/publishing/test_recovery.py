"""An import whose worker died is noticed from its missed heartbeat, started again by
itself once, and after a second death marked failed for staff to try again; packs stored
by an import that never finished are removed (issues 10 and 18)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from packs.writing import sample_pack
from publishing.imports import (
    STOPPED,
    Heartbeat,
    imports_recover,
    packs_orphaned_remove,
    upload_retry,
)
from publishing.models import AuditEntry, Upload
from reports.models import Document, Page

ROOT = Path(__file__).resolve().parents[2]
LATER = datetime.timedelta(hours=1)


@pytest.fixture(scope="module")
def pack():
    return sample_pack(committee="Cabinet", meeting_date=datetime.date(2026, 6, 15), seed=7)


@pytest.fixture(scope="module")
def long_pack():
    """About 600 pages: a second or so of reading, long enough to kill its worker in."""
    return sample_pack(
        committee="Cabinet", meeting_date=datetime.date(2026, 6, 22), target_pages=600, seed=3
    )


def failed_upload(pack, clerk) -> Upload:
    upload = Upload(original_name=pack.filename, size=len(pack.pdf), uploaded_by=clerk)
    upload.file.save(pack.filename, ContentFile(pack.pdf), save=False)
    upload.status = Upload.Status.FAILED
    upload.message = STOPPED
    upload.save()
    return upload


class TestStalled:
    def test_a_running_import_silent_too_long_is_stalled(self, db, settings):
        settings.IMPORT_STALLED_SECONDS = 90
        now = timezone.now()
        silent = Upload.objects.create(
            original_name="silent.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            heartbeat_at=now - datetime.timedelta(seconds=91),
        )
        Upload.objects.create(
            original_name="busy.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            heartbeat_at=now - datetime.timedelta(seconds=80),
        )
        Upload.objects.create(
            original_name="done.pdf",
            size=1,
            status=Upload.Status.DONE,
            heartbeat_at=now - datetime.timedelta(days=1),
        )
        assert list(Upload.objects.stalled(now)) == [silent]

    def test_a_queued_import_is_stalled_only_once_its_task_left_the_queue(self, db, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        from publishing.imports import import_upload

        long_ago = timezone.now() - datetime.timedelta(days=1)
        waiting, claimed = (
            Upload.objects.create(
                original_name=name,
                size=1,
                heartbeat_at=long_ago,
                task_id=import_upload.enqueue(0).id,
            )
            for name in ("waiting.pdf", "claimed.pdf")
        )
        DBTaskResult.objects.filter(id=claimed.task_id).update(status=TaskResultStatus.RUNNING)
        assert list(Upload.objects.stalled(timezone.now())) == [claimed]


class TestRecover:
    def test_a_dead_import_is_started_again_once_then_marked_failed(
        self, db, clerk, settings, django_capture_on_commit_callbacks
    ):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        from publishing.imports import import_upload

        task = import_upload.enqueue(0)
        DBTaskResult.objects.filter(id=task.id).update(status=TaskResultStatus.RUNNING)
        upload = Upload.objects.create(
            original_name="pack.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            pages_done=400,
            pages_total=2974,
            heartbeat_at=timezone.now(),
            uploaded_by=clerk,
            task_id=task.id,
        )
        assert imports_recover(now=timezone.now()).failed == []
        with django_capture_on_commit_callbacks(execute=True):
            recovery = imports_recover(now=timezone.now() + LATER)
        assert recovery.restarted == [upload] and recovery.failed == []
        upload.refresh_from_db()
        assert (upload.status, upload.restarts) == (Upload.Status.QUEUED, 1)
        assert upload.message == (
            "The worker importing this stopped at page 400 of 2974; the import was started "
            "again by itself."
        )
        assert DBTaskResult.objects.get(id=task.id).status == TaskResultStatus.FAILED
        again = DBTaskResult.objects.get(id=upload.task_id)
        assert again.id != task.id and again.status == TaskResultStatus.READY
        assert AuditEntry.objects.get().description == f"pack.pdf: {upload.message}"
        assert imports_recover(now=timezone.now() + LATER).failed == []  # queued, waiting

        # Its second worker dies too: now staff are asked.
        DBTaskResult.objects.filter(id=upload.task_id).update(status=TaskResultStatus.RUNNING)
        Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING)
        recovery = imports_recover(now=timezone.now() + LATER)
        assert recovery.failed == [upload] and recovery.restarted == []
        upload.refresh_from_db()
        assert upload.status == Upload.Status.FAILED and upload.message == STOPPED
        assert upload.finished_at
        assert DBTaskResult.objects.get(id=upload.task_id).status == TaskResultStatus.FAILED
        assert imports_recover(now=timezone.now() + LATER * 2).failed == []

    def test_trying_again_allows_one_more_restart(self, db, clerk, media, pack):
        upload = failed_upload(pack, clerk)
        Upload.objects.filter(pk=upload.pk).update(restarts=1)
        upload.refresh_from_db()
        upload_retry(upload, by=clerk)
        assert Upload.objects.get(pk=upload.pk).restarts == 0

    def test_the_heartbeat_beats_while_the_import_is_busy(self, transactional_db, settings):
        """No progress for a while (a slow page, a long write): the heartbeat still beats."""
        settings.IMPORT_HEARTBEAT_SECONDS = 0.05
        upload = Upload.objects.create(
            original_name="slow.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            heartbeat_at=timezone.now() - LATER,
        )
        with Heartbeat(upload.pk):
            deadline = time.monotonic() + 10
            while Upload.objects.get(pk=upload.pk).heartbeat_at < timezone.now() - LATER / 2:
                assert time.monotonic() < deadline, "no beat"
                time.sleep(0.02)
        assert not Upload.objects.stalled(timezone.now()).exists()

    @pytest.mark.parametrize("page", ["dashboard", "upload"])
    def test_viewing_the_staff_pages_notices_a_dead_import(self, client, clerk, media, page):
        upload = Upload.objects.create(
            original_name="pack.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            heartbeat_at=timezone.now() - datetime.timedelta(days=1),
        )
        client.force_login(clerk)
        url = reverse("staff:dashboard") if page == "dashboard" else upload.get_absolute_url()
        assert client.get(url).status_code == 200
        upload.refresh_from_db()
        assert upload.status != Upload.Status.RUNNING and upload.restarts == 1

    def test_the_command_reports_what_it_did(self, manage, db, media):
        Upload.objects.create(
            original_name="pack.pdf",
            size=1,
            status=Upload.Status.RUNNING,
            heartbeat_at=timezone.now() - datetime.timedelta(days=1),
        )
        code, out, err = manage("import_recover")
        assert code == 0, err
        assert "pack.pdf: started again (its worker stopped)." in out
        assert "1 stalled imports, 1 started again, 0 files removed." in out


class TestOrphans:
    def test_it_removes_old_packs_no_document_refers_to(self, db, media, pack):
        storage = Document.file.field.storage
        held = storage.save("packs/2026/06/held.pdf", ContentFile(pack.pdf))
        Document.objects.create(sha256="0" * 64, original_name="held.pdf", page_count=36, file=held)
        orphan = storage.save("packs/2026/05/orphan.pdf", ContentFile(b"%PDF-"))
        fresh = storage.save("packs/2026/06/in-flight.pdf", ContentFile(b"%PDF-"))
        hour_ago = time.time() - 3600
        for name in (held, orphan):
            os.utime(storage.path(name), (hour_ago, hour_ago))
        assert packs_orphaned_remove(now=timezone.now()) == [orphan]
        assert sorted(p.name for p in media.rglob("*.pdf")) == ["held.pdf", "in-flight.pdf"]
        assert storage.exists(fresh)

    def test_no_packs_folder_is_nothing_to_do(self, db, media):
        assert packs_orphaned_remove(now=timezone.now()) == []


class TestTryAgain:
    def test_a_failed_upload_offers_to_try_again(self, client, clerk, media, pack):
        upload = failed_upload(pack, clerk)
        client.force_login(clerk)
        page = client.get(upload.get_absolute_url()).content.decode()
        assert STOPPED in page
        assert reverse("staff:upload_again", args=[upload.pk]) in page
        assert "Try again" in page

    def test_trying_again_imports_the_stored_file(self, client, clerk, media, pack):
        upload = failed_upload(pack, clerk)
        client.force_login(clerk)
        response = client.post(reverse("staff:upload_again", args=[upload.pk]))
        assert response.status_code == 302
        assert response["Location"] == upload.get_absolute_url()
        upload.refresh_from_db()
        assert upload.status == Upload.Status.DONE, upload.message
        assert upload.document.page_count == pack.page_count
        assert upload.pages_done == upload.pages_total == pack.page_count
        assert AuditEntry.objects.filter(
            description=f"Queued the import of {pack.filename} again", actor=clerk
        ).exists()
        assert "Try again" not in client.get(upload.get_absolute_url()).content.decode()

    def test_only_a_failed_import_is_tried_again(self, client, clerk, media, pack):
        upload = failed_upload(pack, clerk)
        Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING)
        client.force_login(clerk)
        client.post(reverse("staff:upload_again", args=[upload.pk]))
        upload.refresh_from_db()
        assert upload.status == Upload.Status.RUNNING
        assert not Document.objects.exists()

    def test_it_rejects_get_and_strangers(self, client, clerk, resident, media, pack):
        upload = failed_upload(pack, clerk)
        url = reverse("staff:upload_again", args=[upload.pk])
        client.force_login(clerk)
        assert client.get(url).status_code == 405
        client.force_login(resident)
        assert client.post(url).status_code == 403

    def test_it_needs_the_csrf_token(self, clerk, media, pack):
        from django.test import Client

        upload = failed_upload(pack, clerk)
        client = Client(enforce_csrf_checks=True)
        client.force_login(clerk)
        assert client.post(reverse("staff:upload_again", args=[upload.pk])).status_code == 403


def database_url() -> str:
    """The test database, for a worker process started by the test."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    return (
        f"postgres://{quote(database['USER'])}{password}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


class Worker:
    """``manage.py db_worker`` in a process group of its own (it, its forkserver and the
    parser child), against the test's database and media folder, beating every
    ``HEARTBEAT`` seconds and calling an import silent for ``STALLED`` seconds dead (long
    enough that a beat skipped while a loaded machine holds SQLite's write lock is not
    taken for a death)."""

    HEARTBEAT, STALLED = 1, 8

    def __init__(self, media: Path, log: Path, *args: str):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(media),
            "CACHE_LOCATION": str(log.parent / "cache"),
            "PORTAL_PROFILE": "development",
            "IMPORT_HEARTBEAT_SECONDS": str(self.HEARTBEAT),
            "IMPORT_STALLED_SECONDS": str(self.STALLED),
        }
        env.pop("TASKS_BACKEND", None)
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    *args,
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait_until(self, condition, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out; worker log:\n{self.log.read_text()}"
            time.sleep(0.02)


def test_a_worker_killed_mid_import_is_noticed_and_started_again_by_itself(
    transactional_db, clerk, media, settings, long_pack, tmp_path
):
    """A worker killed mid-import: within a few missed heartbeats the next worker's
    watchdog notices, starts the import again, and it finishes, with nobody asking."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_HEARTBEAT_SECONDS = Worker.HEARTBEAT
    settings.IMPORT_STALLED_SECONDS = Worker.STALLED
    from publishing.imports import upload_create

    upload = upload_create(file=ContentFile(long_pack.pdf, name=long_pack.filename), by=clerk)
    log = tmp_path / "worker.log"
    worker = Worker(media, log)
    try:
        worker.wait_until(
            lambda: (
                Upload.objects.get(pk=upload.pk).pages_done > 0 or worker.process.poll() is not None
            )
        )
        worker.kill()
    finally:
        worker.kill()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.RUNNING, log.read_text()
    assert 0 < upload.pages_done < upload.pages_total
    first_task = upload.task_id
    assert DBTaskResult.objects.get(id=first_task).status == TaskResultStatus.RUNNING
    assert not Upload.objects.stalled(timezone.now()).exists()  # its last beat is recent

    killed = time.monotonic()
    worker = Worker(media, log)
    try:
        worker.wait_until(
            lambda: (
                Upload.objects.get(pk=upload.pk).status
                in (Upload.Status.DONE, Upload.Status.FAILED)
            )
        )
        noticed = time.monotonic() - killed
    finally:
        worker.kill()
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE, f"{upload.message}\n{log.read_text()}"
    assert upload.restarts == 1, log.read_text()
    assert DBTaskResult.objects.get(id=first_task).status == TaskResultStatus.FAILED
    assert AuditEntry.objects.filter(description__contains="started again by itself").exists()
    assert noticed < 60, f"{noticed:.0f} s to notice and finish"
    assert upload.document.page_count == long_pack.page_count
    assert Page.objects.count() == long_pack.page_count
    stored = [path.name for path in media.glob("packs/**/*.pdf")]
    assert stored == [Path(upload.document.file.name).name]


def children_of(pid: int) -> list[str]:
    """The command lines of a process's children (Linux's /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            found.append(command.decode(errors="replace"))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux's /proc")
def test_a_worker_starts_the_pdf_reader_s_process_before_its_first_import(
    transactional_db, media, tmp_path
):
    """The interpreter that forks each reader is running before any import is asked
    for, so the first import does not wait for it."""
    worker = Worker(media, tmp_path / "worker.log")
    try:
        worker.wait_until(
            lambda: (
                worker.process.poll() is not None
                or any("forkserver" in command for command in children_of(worker.process.pid))
            ),
            timeout=60,
        )
        assert worker.process.poll() is None, (tmp_path / "worker.log").read_text()
    finally:
        worker.kill()
    assert not Upload.objects.exists()
