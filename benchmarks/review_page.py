"""How long the staff review page of a big pack takes to open, and how much it sends.

``python -m benchmarks.review_page [--pages 2000] [--runs 5] [--postgres]`` generates a
pack of about that many pages (``sample_pack(..., seed=4)``), imports it into a fresh
database in a temporary folder (or a throwaway PostgreSQL database,
``council_portal_bench_review``, dropped at the end), marks its pictures drawn, and asks
for, signed in as a clerk, with ``DEBUG`` off:

- ``review``: the meeting's review page (``/staff/meetings/<pk>/``);
- ``one paper's pages``: the largest paper's pictures (``/staff/documents/<pk>/pages/``
  with ``?paper=``), the page the review links each paper to.

Prints one Markdown table: the median and the slowest of the runs, the bytes sent and the
statements run. The project's database and ``media/`` are never touched.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time

from .scratch import scratch_portal

BENCH_DATABASE = "council_portal_bench_review"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="target size of the pack")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    args = parser.parse_args(argv)
    with scratch_portal(BENCH_DATABASE, postgres=args.postgres, ALLOWED_HOSTS="testserver"):
        rows, pages = _measure(args.pages, args.runs)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Pack: {pages} pages; {args.runs} runs each, {database}\n")
    print("| Page | Median s | Slowest s | KB sent | Statements |")
    print("| --- | --- | --- | --- | --- |")
    for name, times, size, statements in rows:
        print(
            f"| {name} | {statistics.median(times):.3f} | {max(times):.3f} | "
            f"{size / 1024:.0f} | {statements} |"
        )
    return 0


def _measure(target: int, runs: int):
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from packs.writing import sample_pack
    from publishing.imports import pack_import
    from reports.models import Document

    call_command("migrate", verbosity=0)
    pack = sample_pack(
        committee="Cabinet",
        meeting_date=datetime.date(2026, 6, 15),
        target_pages=target,
        seed=4,
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename).meeting
    document = Document.objects.get(meeting=meeting)
    Document.objects.filter(pk=document.pk).update(pictures=document.page_count)
    client = Client()
    clerk = User.objects.create_user("bench-clerk")
    clerk.groups.add(Group.objects.get(name="Members services"))
    client.force_login(clerk)
    groups = document.page_groups()
    largest = max(range(len(groups)), key=lambda index: len(groups[index].pages)) + 1
    urls = {
        "review": f"/staff/meetings/{meeting.pk}/",
        "one paper's pages": f"/staff/documents/{document.pk}/pages/?paper={largest}",
    }
    rows = []
    for name, url in urls.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        rows.append((name, times, len(response.content), len(queries)))
    return rows, document.page_count


if __name__ == "__main__":
    sys.exit(main())
