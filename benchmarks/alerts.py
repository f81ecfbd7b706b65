"""How long the daily alert digest takes, and how much memory, for many subscribers.

``python -m benchmarks.alerts [--subscribers 10000] [--postgres]`` builds a fresh
database in a temporary folder (or a throwaway PostgreSQL database,
``council_portal_bench_alerts``, dropped at the end) holding a realistic day of
publications: three committees' agenda packs (with their decision records and exempt
items) published after the subscribers confirmed. The subscribers' alerts are mixed:
each follows one or two committees (60%), decisions (40%, a quarter of them key only)
and a search (50%) drawn from 40 queries, so that many share a search.

The e-mails are built and serialised to bytes, then dropped by a backend that sends
nothing (``NullSendingBackend``): the measure is the portal's work, not an SMTP
server's. Prints the time (first run), the statements run, the e-mails made and the
peak of Python allocations during the digest (``tracemalloc``, a second run after the
subscribers are reset), with the process's own high-water mark (``VmHWM``).
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

from django.core.mail.backends.base import BaseEmailBackend

from .scratch import scratch_portal

BENCH_DATABASE = "council_portal_bench_alerts"
COMMITTEES = ("Cabinet", "Regulatory Committee", "Children and Young People Select Committee")
QUERIES = (
    "budget", "school", "highways", "transport", "housing", "planning", "library",
    "waste", "care", "council tax", "climate", "flood", "parking", "bus", "children",
    "adult social care", "road", "bridge", "park", "museum", "contract", "procurement",
    "pension", "audit", "risk", "property", "energy", "broadband", "health", "youth",
    "\"capital programme\"", "fire", "police", "tourism", "heritage", "cycle", "rail",
    "airport", "water", "coast",
)  # fmt: skip


class NullSendingBackend(BaseEmailBackend):
    """Serialises each message as SMTP would send it, and sends nothing."""

    def send_messages(self, messages) -> int:
        for message in messages:
            message.message().as_bytes()
        return len(messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    args = parser.parse_args(argv)
    with scratch_portal(
        BENCH_DATABASE, postgres=args.postgres, EMAIL_BACKEND="benchmarks.alerts.NullSendingBackend"
    ):
        result = _measure(args.subscribers)
    database = "PostgreSQL" if args.postgres else "SQLite"
    seconds, statements, summary, peak, alerts = result
    print(f"{args.subscribers} subscribers, {alerts} alerts, {database}\n")
    print("| Digest | Seconds | Statements | E-mails | Peak Python MB | Process peak MB |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| send_alerts | {seconds:.1f} | {statements} | {summary.sent} | "
        f"{peak / 1024 / 1024:.0f} | {_process_peak_mb():.0f} |"
    )
    return 0


def _measure(count: int):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from alerts.digest import alerts_send
    from alerts.models import Alert, Subscriber
    from meetings.models import Committee
    from packs.writing import sample_pack
    from publishing.imports import pack_import

    call_command("migrate", verbosity=0)
    day = datetime.date(2026, 9, 14)
    for seed, name in enumerate(COMMITTEES):
        pack = sample_pack(
            committee=name, meeting_date=day, seed=seed, exempt_text="A confidential valuation."
        )
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)
    # Confirmed before the day's packs were published: every alert's window holds them.
    confirmed = timezone.now() - datetime.timedelta(hours=2)
    committees = list(Committee.objects.values_list("pk", flat=True))
    rng = random.Random(21)
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"resident{n}@example.org", created_at=confirmed, confirmed_at=confirmed
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    alerts = []
    for subscriber in subscribers:
        mine = []
        if rng.random() < 0.6:
            for pk in rng.sample(committees, rng.choice((1, 2))):
                mine.append(Alert(kind="committee", committee_id=pk))
        if rng.random() < 0.4:
            mine.append(Alert(kind="decisions", key_only=rng.random() < 0.25))
        if rng.random() < 0.5 or not mine:
            mine.append(Alert(kind="search", search=urlencode({"q": rng.choice(QUERIES)})))
        for alert in mine:
            alert.subscriber, alert.created_at, alert.confirmed_at = (
                subscriber,
                confirmed,
                confirmed,
            )
        alerts += mine
    Alert.objects.bulk_create(alerts, batch_size=2000)

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        summary = alerts_send()
    seconds = time.perf_counter() - start
    Subscriber.objects.update(last_sent_at=None, covered_until=None)
    tracemalloc.start()
    alerts_send()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, len(queries), summary, peak, len(alerts)


def _process_peak_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


if __name__ == "__main__":
    sys.exit(main())
