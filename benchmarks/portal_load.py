"""The public portal under load: gunicorn in front of the archive, driven by wrk (issue 4).

``python -m benchmarks.portal_load --database-url URL [--connections 50] [--seconds 30]
[--configs 5x2,3x2,2x4]`` needs the archive of ``benchmarks.archive`` already loaded at
``URL``. It

1. picks a few hundred random public URLs of each kind of page from the database, through
   the portal's own access rules (``meetings.access.PUBLIC``), so every one answers 200;
2. collects the static files into a temporary directory (the production profile serves them
   through whitenoise's manifest);
3. times each kind of page in this process, one request at a time, with every SQL query
   timed, and prints where the time goes (``--profile-requests``, 0 to skip);
4. for each gunicorn configuration (``WORKERSxTHREADS``) starts ``gunicorn --config
   gunicorn.conf.py`` on 127.0.0.1 only, with the production profile, ``DEBUG`` off and
   persistent database connections, waits until it answers, warms it up, and runs
   ``wrk -t2 -c<connections> -d<seconds>s --latency`` for each kind, a Lua script cycling
   through that kind's URLs; then stops it. Each configuration runs with the public page
   cache on (a fresh cache directory, filled by asking for each URL once before the
   warm-up) and off (every request rendered), as ``--page-cache`` says.

``--setups 1:files,2:redis`` runs each configuration on one host with the page cache in a
directory, and on two gunicorn servers (two "hosts", each with its own port; one wrk's
threads and connections shared out between them, as a load balancer would) sharing the
page cache in Redis (``--redis-url``), side by side; ``--setups 1:files:2x4,2:redis:1x4``
gives each of the two hosts half the processes of the one, so that on one machine both
setups share its cores alike. ``--publish-every 10`` corrects a public meeting every 10
seconds from a process of its own (``benchmarks.publisher``) while the timed run lasts,
so the page cache keeps forgetting what a publication changes.

It prints one table per configuration: requests/s, p50, p95 and p99 latency and errors
(non-2xx responses and socket errors). The target is a p95 under 100 ms at 50 concurrent
clients. wrk keeps every connection busy (each client asks again the moment it is
answered), so by Little's law the mean latency is connections / throughput: 50 clients
under 100 ms need some 500 requests a second from the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.archive import DATABASE_URL

PROJECT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 100
PER_PAGE = 25  # decisions.views.PER_PAGE; the register's page size

WRK_SCRIPT = r"""
-- Cycles through the paths in args[1], each thread from its own random start; thread i
-- asks host i of HOSTS (a load balancer keeping each connection on one host).
local paths = {}
local at = 0
local hosts = {HOSTS}
local threads = 0

function setup(thread)
  local host, port = hosts[threads % #hosts + 1]:match("^(.+):(%d+)$")
  thread.addr = wrk.lookup(host, port)[1]
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  at = math.random(#paths)
end

function request()
  at = at % #paths + 1
  return wrk.format("GET", paths[at])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p95": %d, ' ..
    '"p99": %d, "max": %d, "mean": %.1f, "status": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


@dataclass
class Result:
    kind: str
    urls: int
    requests: int = 0
    per_second: float = 0.0
    p50: float = 0.0  # milliseconds
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    timeouts: int = 0  # wrk's count of waits past --timeout (which is the run's length)
    failure: str = ""

    def cells(self) -> list[str]:
        if self.failure:
            return [self.kind, f"{self.urls}", "", "", "", "", "", f"failed: {self.failure}"]
        errors = f"{self.errors:,}"
        if self.timeouts:
            errors += f" ({self.timeouts:,} timed out)"
        if self.timeouts >= self.requests:  # wrk timed nothing: no latency to show
            return [self.kind, f"{self.urls}", f"{self.requests:,}", "0", "-", "-", "-", errors]
        mark = "" if self.p95 < TARGET_P95_MS and not self.timeouts else " (over)"
        return [
            self.kind,
            f"{self.urls}",
            f"{self.requests:,}",
            f"{self.per_second:,.1f}" if self.per_second < 10 else f"{self.per_second:,.0f}",
            f"{self.p50:,.0f}",
            f"{self.p95:,.0f}{mark}",
            f"{self.p99:,.0f}",
            errors,
        ]


def load_arguments(parser: argparse.ArgumentParser, *, seconds: int) -> None:
    """The archive and wrk's load, as every load benchmark takes them."""
    parser.add_argument("--database-url", default=DATABASE_URL, help="The loaded archive.")
    parser.add_argument("--connections", type=int, default=50, help="wrk's -c.")
    parser.add_argument("--seconds", type=int, default=seconds, help="wrk's -d, for each kind.")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk's -t.")
    parser.add_argument("--warmup", type=int, default=5, help="Seconds of warm-up per kind.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.portal_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load_arguments(parser, seconds=30)
    parser.add_argument(
        "--configs",
        default="2x4",
        help="Gunicorn WORKERSxTHREADS to try, comma-separated (e.g. 5x2,3x2,2x4). Two "
        "workers of four threads did best on two cores (docs/performance.md).",
    )
    parser.add_argument(
        "--page-cache",
        default="on,off",
        help="Run with the public page cache on (PAGE_CACHE_SECONDS=600, the production "
        "default, in a fresh cache directory), off, or both (on,off).",
    )
    parser.add_argument("--urls", type=int, default=300, help="URLs of each kind.")
    parser.add_argument("--kinds", help="Only these kinds, comma-separated.")
    parser.add_argument(
        "--sample-packs",
        type=int,
        default=4,
        help="Generated packs imported and published (dated 2040) so that real PDFs are "
        "served: the archive's documents name files that are not there.",
    )
    parser.add_argument(
        "--media-root",
        default="var/bench-media",
        help="Where those packs and their PDF cuts are kept between runs.",
    )
    parser.add_argument(
        "--profile-requests",
        type=int,
        default=10,
        help="Requests of each kind timed in process with their SQL (0: none).",
    )
    parser.add_argument(
        "--setups",
        default="1:files",
        help="HOSTS:CACHE to try, comma-separated: 1:files (one gunicorn, the page cache in "
        "a directory), 2:redis (two gunicorns sharing the page cache in Redis); "
        "HOSTS:CACHE:WORKERSxTHREADS gives that setup its own gunicorn configuration "
        "instead of --configs (2:redis:1x4 splits 2x4's processes between two hosts).",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--publish-every",
        type=float,
        default=0,
        help="Correct a public meeting every this many seconds while timing (0: never).",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    setups = [_setup(text) for text in args.setups.split(",") if text.strip()]
    if not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk).")
    configs = [_config(text) for text in args.configs.split(",") if text.strip()]
    cache_modes = [mode.strip() for mode in args.page_cache.split(",") if mode.strip()]
    if not set(cache_modes) <= {"on", "off"}:
        parser.error("--page-cache takes on, off or on,off")
    # Stopped by a signal, still stop gunicorn (a background job ignores Ctrl-C's SIGINT).
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _interrupted)

    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        env = _server_env(args.database_url, Path(tmp) / "static")
        env["MEDIA_ROOT"] = str(Path(args.media_root).resolve())
        os.environ.update(env)  # this process's Django reads the same settings
        _setup_django()
        _say(f"importing {args.sample_packs} sample packs for their PDFs")
        _import_sample_packs(args.sample_packs)
        _say("collecting static files")
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        _say("picking URLs")
        kinds = {
            kind: urls
            for kind, urls in pick_urls(args.urls, random.Random(args.seed)).items()
            if urls
        }
        if args.kinds:
            wanted = {kind.strip() for kind in args.kinds.split(",")}
            kinds = {kind: urls for kind, urls in kinds.items() if kind in wanted}
        for kind, urls in kinds.items():
            _say(f"  {kind}: {len(urls)} URLs, e.g. {urls[0]}")
        if args.profile_requests:
            print(_profile(kinds, args.profile_requests), flush=True)
        from django.db import connections

        connections.close_all()

        runs = [
            (hosts, store, config, mode)
            for hosts, store, own in setups
            for config in ([own] if own else configs)
            for mode in cache_modes
        ]
        for hosts, store, (workers, threads), mode in runs:
            name = f"{hosts}-{store}-{workers}x{threads}-{mode}"
            cache = {"CACHE_LOCATION": str(Path(tmp) / f"cache-{name}")}
            if store == "redis":
                prefix = f"bench-{secrets.token_hex(4)}"
                cache = {"CACHE_URL": args.redis_url, "CACHE_KEY_PREFIX": prefix}
            results, published = _run_config(
                kinds,
                env={**env, "PAGE_CACHE_SECONDS": "600" if mode == "on" else "0", **cache},
                workers=workers,
                threads=threads,
                hosts=hosts,
                tmp=Path(tmp),
                args=args,
            )
            host_word = "host" if hosts == 1 else "hosts"
            print(
                f"\n{hosts} {host_word}, page cache {mode} in {store}, gunicorn {workers} "
                f"workers x {threads} threads each (wrk -t{args.wrk_threads} "
                f"-c{args.connections} -d{args.seconds}s){published}:\n",
                flush=True,
            )
            print(_table(results), flush=True)
    return 0


# The URLs: what the public can reach, chosen at random from the archive.


def pick_urls(count: int, rng: random.Random) -> dict[str, list[str]]:
    """A few hundred public URLs of each kind of page, in random order."""
    from meetings.access import PUBLIC
    from meetings.models import AgendaItem
    from reports.models import Document

    def sample(queryset) -> list[str]:
        return [obj.get_absolute_url() for obj in queryset.order_by("?")[:count]]

    meetings = PUBLIC.meetings()
    imported = Document.objects.filter(file__startswith="packs/").values("meeting")
    kinds = {
        "meeting": sample(meetings.select_related("committee")),
        # The archive's documents hold no file; these packs went through the import.
        "meeting of an imported pack": sample(
            meetings.filter(pk__in=imported).select_related("committee")
        ),
        "agenda item": sample(
            AgendaItem.objects.filter(meeting__in=meetings).select_related("meeting__committee")
        ),
        "report": sample(PUBLIC.reports()),
        "minutes": sample(PUBLIC.minutes()),
        "decision": sample(PUBLIC.decisions()),
    }
    kinds.update(pick_pdf_urls(count))
    public = PUBLIC.decisions()
    pages = max(1, -(-public.count() // PER_PAGE))
    kinds["register (first pages)"] = [
        "/decisions/" if n == 1 else f"/decisions/?page={n}"
        for n in (rng.randint(1, min(10, pages)) for _ in range(count))
    ]
    kinds["register (filtered)"] = _filtered(public, count, rng)
    kinds["register (deep pages)"] = [
        f"/decisions/?page={rng.randint(pages // 2, pages)}" for _ in range(count)
    ]
    return kinds


def pick_pdf_urls(count: int) -> dict[str, list[str]]:
    """PDFs of documents whose files exist: the sample packs (the archive's are not there)."""
    from meetings.access import PUBLIC
    from meetings.models import AgendaItem

    real = {"document__file__startswith": "packs/"}
    return {
        "paper PDF": [
            paper.get_pdf_url() for paper in PUBLIC.reports().filter(**real).order_by("?")[:count]
        ],
        "agenda item PDF": [
            item.get_absolute_url() + "pdf/"
            for item in AgendaItem.objects.published()
            .filter(reports__in=PUBLIC.reports().filter(**real))
            .distinct()
            .select_related("meeting__committee")[:count]
        ],
        "pack PDF (public cut)": [
            document.get_absolute_url()
            for document in PUBLIC.documents().filter(file__startswith="packs/")[:count]
        ],
    }


def _import_sample_packs(count: int) -> None:
    """Import and publish ``count`` generated Cabinet packs, weekly from January 2040;
    a pack already held is left as it is. Their PDFs are cut as the import does."""
    import datetime

    from packs.writing import sample_pack
    from publishing.imports import pack_import

    for week in range(count):
        day = datetime.date(2040, 1, 2) + datetime.timedelta(weeks=week)
        pack = sample_pack(committee="Cabinet", meeting_date=day, seed=week)
        pack_import(source=pack.pdf, filename=pack.filename, publish=True)


def _filtered(public, count: int, rng: random.Random) -> list[str]:
    """The register with the filters people use: a committee, a year, status, key decisions."""
    from urllib.parse import urlencode

    slugs = sorted(set(public.values_list("meeting__committee__slug", flat=True)))
    makers = sorted(set(public.values_list("decision_maker", flat=True)))
    years = sorted({day.year for day in public.dates("date", "year")})
    urls = []
    for _ in range(count):
        year = rng.choice(years)
        query = rng.choice(
            [
                {"status": "made"},
                {"status": "proposed"},
                {"committee": rng.choice(slugs)},
                {"committee": rng.choice(slugs), "status": "made"},
                {"key_decision": "yes"},
                {"decision_maker": rng.choice(makers)},
                {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"},
                {"committee": rng.choice(slugs), "date_from": f"{year}-01-01"},
            ]
        )
        if rng.random() < 0.3:
            query["page"] = rng.randint(2, 3)
        urls.append("/decisions/?" + urlencode(query))
    return urls


# In process: one request at a time, each SQL query timed.


def _profile(kinds: dict[str, list[str]], requests: int) -> str:
    """Per kind: the median time of a request, its queries, and the statements that cost most."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    lines = [
        f"\nIn process, one request at a time ({requests} requests of each kind, after one "
        "untimed round; SQL timed from Django's side):\n",
        "| Page kind | Median ms | Queries | SQL ms | Costliest statement (mean ms x count) |",
        "| --- | --- | --- | --- | --- |",
    ]
    details = []
    for kind, urls in kinds.items():
        # Untimed first, as a running server has met these pages: its templates compiled,
        # its connection's statements prepared (``DATABASE_PREPARED_STATEMENTS``).
        for url in urls[:requests]:
            client.get(url)
        walls, counts, sql_ms = [], [], []
        shapes: dict[str, list[float]] = defaultdict(list)
        examples: dict[str, str] = {}
        for url in urls[:requests]:
            timings: list[tuple[str, float]] = []

            def timed(execute, sql, params, many, context, timings=timings):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    timings.append((_inline(sql, params), time.perf_counter() - started))

            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get(url)
            walls.append(time.perf_counter() - started)
            if response.status_code != 200:
                details.append(f"{kind}: {url} answered {response.status_code}")
            counts.append(len(timings))
            sql_ms.append(sum(seconds for _sql, seconds in timings) * 1000)
            for sql, seconds in timings:
                shape = re.sub(r"\b\d+\b", "N", sql)
                shapes[shape].append(seconds * 1000)
                examples.setdefault(shape, sql)
        costliest = max(shapes, key=lambda shape: sum(shapes[shape]))
        share = sum(shapes[costliest]) / len(walls)
        mean = statistics.mean(shapes[costliest])
        per_request = len(shapes[costliest]) / len(walls)
        lines.append(
            f"| {kind} | {statistics.median(walls) * 1000:.1f} | {statistics.median(counts):.0f} "
            f"| {statistics.median(sql_ms):.1f} | {mean:.1f} ms x {per_request:.0f} "
            f"({share:.1f} ms a request) |"
        )
        details.append(f"{kind}, costliest statement:\n  {_shorten(examples[costliest])}")
    return "\n".join(lines + [""] + details)


def _inline(sql: str, params) -> str:
    """The statement with its parameters written in, to read and to EXPLAIN."""
    try:
        return sql % tuple(repr(p) if isinstance(p, str) else p for p in params or ())
    except (TypeError, ValueError):
        return sql


def _shorten(sql: str, limit: int = 600) -> str:
    """The statement without its long column list, which says little about its cost."""
    sql = " ".join(sql.split())
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1... FROM ", sql, count=1)
    return sql if len(sql) <= limit else sql[:limit] + " ..."


# Under load: gunicorn and wrk.


def _run_config(
    kinds: dict[str, list[str]],
    *,
    env: dict[str, str],
    workers: int,
    threads: int,
    hosts: int,
    tmp: Path,
    args,
) -> tuple[list[Result], str]:
    """Each kind timed against ``hosts`` gunicorn servers; returns the results and what
    the publisher did, as words for the table's title."""
    servers, bases = [], []
    for host in range(hosts):
        port = _free_port()
        bases.append(f"http://127.0.0.1:{port}")
        log = tmp / f"gunicorn-{workers}x{threads}-{host}.log"
        servers.append(
            (start_gunicorn(env, workers=workers, threads=threads, port=port, log=log), log)
        )
    try:
        for (server, log), base in zip(servers, bases, strict=True):
            _wait_until_up(server, base, log)
        results, published = time_kinds(kinds, bases, env=env, tmp=tmp, args=args)
    finally:
        for server, _ in servers:
            _stop(server)
    made = sum(int(line.split()[1]) for line in published)
    done = (
        f", a meeting corrected every {args.publish_every:g} s ({made} corrections)"
        if args.publish_every
        else ""
    )
    return results, done


def start_gunicorn(
    env: dict[str, str], *, workers: int, threads: int, port: int, log: Path
) -> subprocess.Popen:
    """``gunicorn --config gunicorn.conf.py`` on 127.0.0.1:``port`` with ``env`` over this
    process's environment, its output in ``log``; stopped by ``_stop``."""
    server_env = {
        **os.environ,
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    _say(f"starting gunicorn, {workers} workers x {threads} threads, on http://127.0.0.1:{port}")
    with open(log, "wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=PROJECT,
            env=server_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped whole
        )


def time_kinds(
    kinds: dict[str, list[str]], bases: list[str], *, env: dict[str, str], tmp: Path, args
) -> tuple[list[Result], list[str]]:
    """Each kind warmed up, then timed by wrk against the servers at ``bases`` (already
    up); returns the results and the publisher's PUBLISHED lines."""
    results, published = [], []
    for kind, urls in kinds.items():
        paths = tmp / f"{re.sub(r'[^a-z]+', '-', kind)}.txt"
        paths.write_text("\n".join(urls) + "\n")
        if env["PAGE_CACHE_SECONDS"] != "0":
            # Between publications a page is asked for many times: each is cached once
            # before the timing (the run with the cache off shows the cost of a miss).
            _say(f"  {kind}: asking for each URL once")
            for url in urls:
                with urllib.request.urlopen(bases[0] + url, timeout=60) as response:
                    response.read()
        _say(f"  {kind}: warming up for {args.warmup} s")
        _wrk(bases, paths, tmp, threads=1, connections=10, seconds=args.warmup)
        _say(f"  {kind}: {args.seconds} s at {args.connections} connections")
        publisher = _publisher(env, args.publish_every)
        result = Result(kind, len(urls))
        try:
            summary = _wrk(
                bases,
                paths,
                tmp,
                threads=args.wrk_threads,
                connections=args.connections,
                seconds=args.seconds,
            )
        except RuntimeError as exc:
            result.failure = str(exc)
        else:
            seconds = summary["duration_us"] / 1e6
            result.requests = summary["requests"]
            result.per_second = summary["requests"] / seconds
            result.p50, result.p95, result.p99 = (summary[p] / 1000 for p in ("p50", "p95", "p99"))
            result.timeouts = summary["timeout"]
            result.errors = sum(
                summary[e] for e in ("status", "connect", "read", "write", "timeout")
            )
        if publisher is not None:
            publisher.send_signal(signal.SIGTERM)
            out, _ = publisher.communicate(timeout=120)
            published += [line for line in out.splitlines() if line.startswith("PUBLISHED")]
        results.append(result)
    return results, published


def _publisher(env: dict[str, str], every: float) -> subprocess.Popen | None:
    """The process correcting a meeting every ``every`` seconds (``benchmarks.publisher``)."""
    if not every:
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.publisher", str(every)],
        cwd=PROJECT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
    )


def _wrk(
    bases: list[str], paths: Path, tmp: Path, *, threads: int, connections: int, seconds: int
) -> dict:
    """One wrk for every host, as clients of a load balancer: its threads (at least one a
    host) share out the hosts and the connections, every host asked by the same name."""
    hosts = [urllib.parse.urlsplit(base).netloc for base in bases]
    script = tmp / "cycle.lua"
    script.write_text(WRK_SCRIPT.replace("{HOSTS}", "{" + ", ".join(f'"{h}"' for h in hosts) + "}"))
    threads = -(-max(threads, len(hosts)) // len(hosts)) * len(hosts)
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{max(connections, threads)}",
            f"-d{seconds}s",
            "--latency",
            # As long as the run: wrk leaves out of its latencies any answer slower than
            # its timeout (and counts the timeout again every two seconds while it waits).
            "--timeout",
            f"{max(seconds, 10)}s",
            "-H",
            f"Host: {hosts[0]}",
            "-s",
            str(script),
            bases[0],
            "--",
            str(paths),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"wrk gave no result: {(done.stderr or done.stdout).strip()[:200]}")
    return json.loads(lines[0].removeprefix("RESULT "))


def _wait_until_up(server: subprocess.Popen, base: str, log: Path, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {limit:.0f} s:\n{log.read_text()[-2000:]}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # the group we started: the arbiter and its workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _server_env(database_url: str, static_root: Path) -> dict[str, str]:
    """The production profile, served over plain HTTP on loopback."""
    return {
        "PORTAL_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # This process times the views themselves; each server run sets its own.
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_LOCATION": str(static_root.parent / "cache-in-process"),
        "DJANGO_SETTINGS_MODULE": "council_portal.settings",
    }


def _interrupted(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def _setup_django() -> None:
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _setup(text: str) -> tuple[int, str, tuple[int, int] | None]:
    match = re.fullmatch(r"\s*(\d+)\s*:\s*(files|redis)\s*(?::(.+))?", text)
    if not match:
        raise SystemExit(
            f"--setups takes HOSTS:files or HOSTS:redis[:WORKERSxTHREADS], e.g. 2:redis:1x4, "
            f"not {text!r}"
        )
    return int(match[1]), match[2], _config(match[3]) if match[3] else None


def _config(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*x\s*(\d+)\s*", text)
    if not match:
        raise SystemExit(f"--configs takes WORKERSxTHREADS, e.g. 3x2, not {text!r}")
    return int(match[1]), int(match[2])


def _table(results: list[Result]) -> str:
    head = ["Page kind", "URLs", "Requests", "Requests/s", "p50 ms", "p95 ms", "p99 ms", "Errors"]
    lines = [head, ["---"] * len(head), *(result.cells() for result in results)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
