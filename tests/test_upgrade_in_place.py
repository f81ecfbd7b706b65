"""A database built before publishing/ and search/ became apps upgrades in place: the demo
is loaded by the code of the commit before the move, then migrated by today's code, and
its meetings, pages, uploads, audit entries, search results and attendance are all still
there, and exactly the same papers are public (exempt labels are made from what made a
paper exempt before them)."""

import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the move ("Parser: extracts of minutes of extraordinary meetings…").
BEFORE_THE_MOVE = "c6c20ca"

COUNTS = """
import json
from django.apps import apps
from django.db import connection
Upload = apps.get_model(*{upload!r})
AuditEntry = apps.get_model(*{audit!r})
SearchEntry = apps.get_model(*{entry!r})
{search_import}
from reports.models import Appendix, Minutes, Report
print(json.dumps({{
    "meetings": apps.get_model("meetings", "Meeting").objects.count(),
    "pages": apps.get_model("reports", "Page").objects.count(),
    "uploads": Upload.objects.count(),
    "audit entries": AuditEntry.objects.count(),
    "search entries": SearchEntry.objects.count(),
    "attendance rows": apps.get_model("meetings", "Attendance").objects.count(),
    "public papers": [
        sorted(model.objects.public().values_list("pk", flat=True))
        for model in (Report, Appendix, Minutes)
    ],
    "indexed": sorted(SearchEntry.objects.values_list("pk", "kind", "url")),
    "found": bool(search("council", Filters()).hits),
}}))
"""


def counts(tree: Path, env: dict, *, moved: bool) -> dict:
    script = COUNTS.format(
        upload=("publishing", "Upload") if moved else ("reports", "Upload"),
        audit=("publishing", "AuditEntry") if moved else ("meetings", "AuditEntry"),
        entry=("search", "SearchEntry") if moved else ("reports", "SearchEntry"),
        search_import=(
            "from search.index import Filters, search"
            if moved
            else "from reports.search import Filters, search"
        ),
    )
    result = manage(tree, env, "shell", "-c", script)
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(tree: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_a_database_from_before_the_move_keeps_everything(tmp_path):
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BEFORE_THE_MOVE],
        cwd=ROOT,
        capture_output=True,
    )
    if archive.returncode != 0:
        pytest.skip("not a git checkout with the project's history")
    before = tmp_path / "before"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(before, filter="data")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_LOCATION": str(tmp_path / "cache"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "PYTHONPATH": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(before, env, "demo", "--no-serve")
    manage(before, env, "shell", "-c", UPLOAD_AND_AUDIT)
    then = counts(before, env, moved=False)
    assert then["meetings"] and then["pages"] and then["search entries"] and then["found"]
    assert then["uploads"] and then["audit entries"]
    assert then["attendance rows"] and all(then["public papers"])

    manage(ROOT, env, "migrate", "--no-input")
    now = counts(ROOT, env, moved=True)
    assert now == then


# An upload and its audit entry, written by the old code as its upload view would.
UPLOAD_AND_AUDIT = """
from django.core.files.base import ContentFile
from meetings.models import AuditEntry, Meeting
from reports.models import Upload
meeting = Meeting.objects.first()
upload = Upload(original_name="pack.pdf", size=4, meeting=meeting)
upload.file.save("pack.pdf", ContentFile(b"%PDF"), save=False)
upload.save()
AuditEntry.record(AuditEntry.Action.UPLOAD, "Uploaded pack.pdf", meeting=meeting)
"""
