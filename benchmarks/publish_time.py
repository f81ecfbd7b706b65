"""How long publishing one meeting takes, and whether it grows with the archive (issue 24).

``python -m benchmarks.publish_time [--database-url URL] [--meetings 20]`` needs an archive
of ``benchmarks.archive`` already loaded at ``URL`` (run it at two sizes to compare). For
each of ``--meetings`` public meetings picked at random, it times, through the portal's
own services and each committed as a clerk's action would be: withdrawing the meeting
(``meeting_withdraw``), publishing it again (``meeting_publish``: its public flags, search
entries, PDF cuts and the page cache's versions of it and of what shows it), and then a
correction (``meeting_corrected``). It prints the median and worst of each, the archive's
size beside them, and leaves every meeting published as it found it. Target: publishing
one meeting within 100 ms, whatever the size of the archive.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from benchmarks.archive import DATABASE_URL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.update(
        {"DATABASE_URL": args.database_url, "DEBUG": "false", "PAGE_CACHE_SECONDS": "600"}
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
    import django

    django.setup()
    from django.db import transaction

    from decisions.models import DecisionRecord
    from meetings.models import Meeting
    from publishing.services import meeting_corrected, meeting_publish, meeting_withdraw
    from reports.models import Page

    public = list(Meeting.objects.public().filter(status="published").values_list("pk", flat=True))
    if not public:
        print("The archive has no published meeting: run python -m benchmarks.archive first.")
        return 1
    chosen = random.Random(args.seed).sample(public, min(args.meetings, len(public)))
    took: dict[str, list[float]] = {"withdraw": [], "publish": [], "correct": []}
    for pk in chosen:
        for action, run in (
            ("withdraw", meeting_withdraw),
            ("publish", meeting_publish),
            ("correct", lambda meeting: meeting_corrected(meeting, ["benchmark: a correction"])),
        ):
            meeting = Meeting.objects.select_related("committee").get(pk=pk)
            started = time.perf_counter()
            with transaction.atomic():
                run(meeting)
            took[action].append((time.perf_counter() - started) * 1000)
    print(
        f"Archive: {Meeting.objects.count():,} meetings, {Page.objects.count():,} pages, "
        f"{DecisionRecord.objects.count():,} decision records; {len(chosen)} meetings timed."
    )
    print("\n| Action | median ms | max ms |\n| --- | ---: | ---: |")
    for action, times in took.items():
        print(f"| {action} one meeting | {statistics.median(times):.1f} | {max(times):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
