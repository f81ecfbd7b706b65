"""What a public page costs in process, counted in instructions, not seconds (issue 24).

``python -m benchmarks.page_cost [--database-url URL] [--urls 10] [--kinds "meeting,..."]``
needs an archive of ``benchmarks.archive`` loaded at ``URL`` and Debian's ``valgrind``.
It picks the URLs ``benchmarks.portal_load`` picks (the same seed) and counts, under
``valgrind --tool=callgrind``, a process that asks for every one of them once (as a
running server has met its pages: templates compiled, URLs resolved), and for each kind a
process that does the same and then asks for that kind's URLs twice more. The difference
is what those pages cost; it prints the instructions of one page of each kind.

A machine's speed here drifts by half within an hour, which hides a change of 10%;
callgrind counts the same instructions however busy the machine is, so two commits can
be compared on any day (PostgreSQL's own work runs in its server, not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.archive import DATABASE_URL
from benchmarks.portal_load import _server_env, pick_urls

ROUNDS = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--urls", type=int, default=10, help="URLs of each kind.")
    parser.add_argument("--kinds", default="meeting,agenda item,report,minutes,decision")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        return _child(Path(args.child))
    if not shutil.which("valgrind"):
        parser.error("valgrind is not installed (apt-get install valgrind).")
    with tempfile.TemporaryDirectory(prefix="bench-cost-") as tmp:
        env = _server_env(args.database_url, Path(tmp) / "static")
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        wanted = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
        picked = pick_urls(args.urls, random.Random(args.seed))
        kinds = {kind: picked[kind] for kind in wanted if picked.get(kind)}
        met = [url for urls in kinds.values() for url in urls]
        base = _counted(Path(tmp) / "met", met, [], env)
        print(f"\nInstructions of one page, {ROUNDS} x {args.urls} URLs of each kind:\n")
        print("| Page kind | M instructions a page |")
        print("| --- | --- |")
        for kind, urls in kinds.items():
            count = _counted(Path(tmp) / re.sub(r"\W", "-", kind), met, urls, env) - base
            print(f"| {kind} | {count / (ROUNDS * len(urls)) / 1e6:.1f} |", flush=True)
    return 0


def _counted(path: Path, met: list[str], counted: list[str], env: dict[str, str]) -> int:
    """The instructions of a child process asking for ``met`` once, then for ``counted``
    ``ROUNDS`` times: everything from its start to its end."""
    path.write_text(json.dumps({"met": met, "counted": counted}))
    out = path.with_suffix(".callgrind")
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        sys.executable,
        "-m",
        "benchmarks.page_cost",
        "--child",
        str(path),
    ]
    result = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=True
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def _child(path: Path) -> int:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    urls = json.loads(path.read_text())
    for url in urls["met"] + urls["counted"] * ROUNDS:
        client.get(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
