"""A clerk correcting a published meeting every few seconds, from a process of its own
(as another host would), while ``benchmarks.portal_load`` drives the public pages.

``python -m benchmarks.publisher SECONDS`` reads the portal's settings from the
environment (the same database and cache as the servers under test), and every SECONDS
corrects a public meeting picked at random (``publishing.services.meeting_corrected``:
what a clerk's correction does, the page cache forgetting what shows that meeting
included). It stops on SIGTERM and prints how many corrections it made and how long each
took.
"""

from __future__ import annotations

import random
import signal
import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    every = float(argv[0]) if argv else 10.0
    import django

    django.setup()
    from meetings.models import Meeting
    from publishing.services import meeting_corrected

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    public = list(Meeting.objects.public().values_list("pk", flat=True))
    rng = random.Random(0)
    took = []
    while not stopping and public:
        started = time.perf_counter()
        meeting = Meeting.objects.get(pk=rng.choice(public))
        meeting_corrected(meeting, ["benchmark: a correction"])
        took.append(time.perf_counter() - started)
        deadline = started + every
        while not stopping and time.perf_counter() < deadline:
            time.sleep(0.1)
    if took:
        print(
            f"PUBLISHED {len(took)} corrections, median {statistics.median(took) * 1000:.0f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
