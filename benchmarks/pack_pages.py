"""How long the pages of one big imported pack take, in process (issue 24).

``python -m benchmarks.pack_pages [--pages 1000] [--postgres] [--requests 10]`` generates a
Cabinet pack of about ``--pages`` pages, imports and publishes it through the portal's own
services into a fresh database (SQLite in a temporary directory, or with ``--postgres`` the
database at ``--postgres-url``, recreated), then asks for its meeting page, its agenda
items' pages and its papers' pages through Django's test client, one at a time, the page
cache off, and prints each kind's median time and statements. The archive's meetings are
small and were never imported; this is what a council's biggest pack asks of its pages.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.import_packs import POSTGRES_URL, _drop, _recreate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pack_pages", description=__doc__)
    parser.add_argument("--pages", type=int, default=1000, help="About how many pages.")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite.")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="A database to (re)create.")
    parser.add_argument("--requests", type=int, default=10, help="Pages asked for, a kind.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-pack-pages-") as tmp:
        url = args.postgres_url if args.postgres else f"sqlite:///{tmp}/portal.sqlite3"
        if args.postgres:
            _recreate(url)
        os.environ.update(
            {
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(Path(tmp) / "media"),
                "DEBUG": "false",
                "PAGE_CACHE_SECONDS": "0",
            }
        )
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
        try:
            print(_measure(args.pages, args.requests))
        finally:
            from django.db import connections

            connections.close_all()
            if args.postgres:
                _drop(url)
    return 0


def _measure(pages: int, requests: int) -> str:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from meetings.access import PUBLIC
    from packs.writing import sample_pack
    from publishing.imports import pack_import

    call_command("migrate", verbosity=0, interactive=False)
    pack = sample_pack(
        committee="Cabinet", meeting_date=datetime.date(2026, 6, 15), target_pages=pages, seed=4
    )
    meeting = pack_import(source=pack.pdf, filename=pack.filename, publish=True).meeting
    kinds = {
        "meeting": [meeting.get_absolute_url()] * requests,
        "agenda item": [
            item.get_absolute_url()
            for item in PUBLIC.agenda_items().filter(meeting=meeting, reports__isnull=False)
        ][:requests],
        "report": [
            report.get_absolute_url()
            for report in PUBLIC.reports().filter(document__meeting=meeting)[:requests]
        ],
    }
    papers = PUBLIC.reports().filter(document__meeting=meeting).count()
    client = Client(HTTP_HOST="127.0.0.1")
    lines = [
        f"A pack of {meeting.documents.get().page_count:,} pages, {papers} public reports, "
        f"{connection.vendor}; {requests} requests a kind, after one each unmeasured:\n",
        "| Page kind | Median ms | Statements |",
        "| --- | ---: | ---: |",
    ]
    for kind, urls in kinds.items():
        client.get(urls[0])
        walls, counts = [], []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                walls.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            counts.append(len(queries))
        lines.append(
            f"| {kind} | {statistics.median(walls) * 1000:.1f} | {statistics.median(counts):.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
