"""How fast the search page answers over 20 years of papers (issue 5).

``python -m benchmarks.search [--database-url URL] [--index] [--runs 5]``

Against the generated archive (``python -m benchmarks.archive``, about a million pages
in PostgreSQL), ``--index`` first builds the search index with the project's own
``manage.py search_index`` (every public page, decision record and agenda item). Then
each of 30 representative searches (a rare word, a common word matching most of the
archive, phrases, exclusions, alternatives, with and without filters, sorted by date,
deep pages) is asked of the real search page through Django's test client, ``--runs``
times; the first run of each is a warm-up and is not counted. Prints each query's
median, then p50 and p95 over all timed requests. Target: p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/council_portal_archive"

# (label, GET parameters of /search/)
QUERIES = [
    ("rare word (547 entries)", {"q": "acquisition"}),
    ("rare word, newest first", {"q": "acquisition", "sort": "newest"}),
    ("rare word, decisions only", {"q": "acquisition", "kind": "decision"}),
    ("rarer place", {"q": "Netherbourne"}),
    ("no such word", {"q": "xylophonic"}),
    ("common word", {"q": "council"}),
    ("common word, newest first", {"q": "council", "sort": "newest"}),
    ("common word, oldest first", {"q": "council", "sort": "oldest"}),
    ("common word, page 40", {"q": "council", "page": "40"}),
    ("common word, page 400", {"q": "council", "page": "400"}),
    ("common word, one committee", {"q": "council", "committee": "cabinet"}),
    ("common word, decisions", {"q": "council", "kind": "decision"}),
    ("common word, one year", {"q": "budget", "date_from": "2019-01-01", "date_to": "2019-12-31"}),
    ("two common words", {"q": "budget savings"}),
    ("phrase", {"q": '"home to school transport"'}),
    ("phrase, minutes only", {"q": '"home to school transport"', "kind": "minutes"}),
    ("common phrase", {"q": '"the county council"'}),
    ("phrase and word", {"q": '"adult social care" charging'}),
    ("exclusion", {"q": "libraries -closure"}),
    ("common exclusion", {"q": "council -budget"}),
    ("alternatives", {"q": "libraries or museums"}),
    ("alternatives, newest", {"q": "recycling or waste", "sort": "newest"}),
    ("topic word", {"q": "highways"}),
    ("topic word, one committee", {"q": "highways", "committee": "cabinet"}),
    (
        "topic word, decisions, 2010s",
        {
            "q": "highways",
            "kind": "decision",
            "date_from": "2010-01-01",
            "date_to": "2019-12-31",
        },
    ),
    ("decision reference", {"q": "24/00363"}),
    ("stop words only", {"q": "the and of"}),
    ("long query", {"q": " ".join(["transport"] * 60)}),
    ("hostile", {"q": "'; DROP TABLE reports_page; -- <script>"}),
    ("deep page, rare word", {"q": "acquisition", "page": "25"}),
]


# What the page says of the results (rendered as a visitor gets it, no test instrumentation).
STATUS = re.compile(r'<p role="status"[^>]*>([^<]*)')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from search.models import SearchEntry

    client = Client()
    print(f"{SearchEntry.objects.count():,} search entries; {runs - 1} timed runs a query")
    print(f"{'query':40} {'median ms':>10} {'results':>30}")
    timings: list[float] = []
    for label, params in QUERIES:
        query_times = []
        summary = ""
        for run in range(runs):
            started = time.perf_counter()
            response = client.get("/search/?" + urlencode(params))
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if run:
                query_times.append(elapsed)
            said = STATUS.search(response.content.decode())
            summary = html.unescape(said.group(1))[:28] if said else ""
        timings.extend(query_times)
        print(f"{label:40} {statistics.median(query_times):10.1f} {summary:>30}")
    connection.close()
    print(
        f"\nall {len(timings)} timed requests: p50 {percentile(timings, 0.5):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--index", action="store_true", help="build the search index first")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="council_portal.settings",
        ALLOWED_HOSTS="testserver",
        DEBUG="false",
        # Each run asks the same URL: the search itself is timed, never a cached page.
        PAGE_CACHE_SECONDS="0",
    )
    if args.index:
        for command in (["migrate", "-v0"], ["search_index"]):
            started = time.perf_counter()
            subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, check=True)
            print(f"manage.py {command[0]}: {time.perf_counter() - started:.0f} s")
    measure(max(2, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
