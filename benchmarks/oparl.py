"""The OParl meeting list and the CSV of every decision over the 20-year archive (issue 21).

``python -m benchmarks.oparl [--database-url URL] [--years 20] [--sample 0]``

Writes the generated archive (``benchmarks.archive``: ``--years`` of meetings, 400 and
50,000 pages a year, as its 20-year default has) into ``URL``'s database, made afresh,
unless it already holds meetings. Then, in this process through Django's test client with
the page cache off (so every answer is made, not read back), it measures

1. the OParl meeting list (``/oparl/v1.1/body/meetings/``): the first page, then every
   page by following ``links.next`` to the end (or the first ``--sample`` pages);
2. the CSV of every public decision (``/decisions/decisions.csv``), read to its last row.

Each is run twice: once for the time (wall clock), once under ``tracemalloc`` for the peak
of memory Python allocated while it ran (tracemalloc slows what it watches). The
process's peak resident size (``ru_maxrss``) is printed at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from urllib.parse import urlsplit

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/council_portal_oparl_bench"


def _database_made(url: str) -> None:
    """Make the database ``url`` names if it is not there."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = psycopg.connect(url.replace(parts.path, "/postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def _archive(url: str, years: int) -> None:
    from benchmarks.archive import archive_write

    _database_made(url)
    try:
        summary = archive_write(
            url,
            years=years,
            committees=min(50, 5 + 3 * years),
            meetings=400 * years,
            pages=50_000 * years,
            progress=lambda message: print(f"  archive: {message}", flush=True),
        )
        print(f"archive written in {summary.seconds:.0f} s: {summary.counts}")
    except ValueError as error:
        if "already holds meetings" not in str(error):
            raise
        print("archive already there: measuring it as it is")


def measured(what: Callable[[], str]) -> tuple[float, int, str]:
    """Seconds ``what`` takes, then the peak of memory it allocates (a second run), and
    what it said."""
    started = time.perf_counter()
    said = what()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    what()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--sample", type=int, default=0, help="pages of the list (0: all)")
    args = parser.parse_args(argv)
    os.environ.update(DATABASE_URL=args.database_url, PAGE_CACHE_SECONDS="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
    _archive(args.database_url, args.years)

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from publishing.services import public_content_changed

    setup_test_environment()  # lets the test client's host in
    # The archive is written by COPY, not published: set the public flags as publishing
    # would.
    public_content_changed()
    client = Client()
    first = reverse("oparl:list", kwargs={"name": "meetings"})

    def first_page() -> str:
        page = client.get(first).json()
        return f"{len(page['data'])} of {page['pagination']['totalElements']:,} meetings"

    def every_page() -> str:
        url, pages, meetings = first, 0, 0
        while url:
            page = client.get(url).json()
            pages, meetings = pages + 1, meetings + len(page["data"])
            if args.sample and pages >= args.sample:
                break
            url = page["links"].get("next")
        return f"{pages:,} pages, {meetings:,} meetings"

    def decisions_csv() -> str:
        response = client.get(reverse("follow:decisions_csv"))
        rows = size = 0
        for chunk in response.streaming_content:
            # Rows end in CRLF; a line break inside a cell is a bare LF.
            rows, size = rows + chunk.count(b"\r\n"), size + len(chunk)
        return f"{rows - 1:,} decisions, {size / 1e6:.1f} MB"

    print(f"{'what':<32} {'time':>9} {'peak memory':>12}  result")
    for label, what in (
        ("OParl meetings, first page", first_page),
        ("OParl meetings, every page" if not args.sample else "OParl meetings, sample", every_page),
        ("CSV of every decision", decisions_csv),
    ):
        seconds, peak, said = measured(what)
        print(f"{label:<32} {seconds:>8.2f}s {peak / 2**20:>9.1f} MiB  {said}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
