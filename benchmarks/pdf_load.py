"""PDFs under load: gunicorn streaming them, and nginx sending them once the portal has
checked access (``PDF_ACCEL_REDIRECT``), driven by wrk (issue 24).

``python -m benchmarks.pdf_load [--database-url URL] [--connections 50] [--seconds 20]
[--config 2x4] [--nginx-workers 1] [--page-cache on|off] [--kinds ...]`` needs the archive of
``benchmarks.archive`` already loaded at ``URL``, and nginx and wrk installed. It

1. imports and publishes the generated packs of ``benchmarks.portal_load``
   (``--sample-packs``, files under ``--media-root``), since the archive's documents name
   files that are not there, and beside the first the councillors-only papers of its
   exempt item; a pack already held is left as it is, and any cut of their meetings found
   missing is made now (``publishing.cuts.meeting_pdfs_cut``), so that no request cuts;
2. picks the public PDFs of agenda items and of papers (reports) as ``portal_load`` does,
   and times a few of each in this process, one at a time, with their SQL
   (``--profile-requests``, 0 to skip);
3. runs two setups one after the other, each with gunicorn started as ``portal_load``
   starts it (production profile, ``--config`` workers x threads, the page cache as
   ``--page-cache`` says) and each kind warmed up, then timed with ``wrk -t2
   -c<connections> -d<seconds>s`` cycling through its URLs:

   - *gunicorn alone*: the portal checks access and streams each PDF itself;
   - *nginx and gunicorn*: ``PDF_ACCEL_REDIRECT=/protected-media/``; the portal checks
     access and answers with an ``X-Accel-Redirect``, and nginx sends the file from an
     ``internal`` location aliasing ``MEDIA_ROOT``, with sendfile and byte ranges. nginx
     runs from a temporary directory with a config of its own (``daemon off``, its pid
     file, logs and buffers there, the README's location, ``deploy/nginx.conf``'s proxy
     headers, keep-alive connections to gunicorn); started by root, its workers run as
     root too (not ``nobody``), so that they may read a private ``MEDIA_ROOT``;

4. asks each setup, one request at a time, what a client gets: a paper's and an agenda
   item's PDF (the bytes of the cut on disk, with ETag and Last-Modified), 304 for either
   validator sent back, a byte range (206 from nginx; Django answers ranges with the whole
   file), 404 for the public asking for an exempt item's PDF and an exempt report's PDF
   whose councillors' cuts are on disk, 404 for the internal location asked for directly,
   and behind nginx, gunicorn's own answer (an empty body and the redirect).

It prints, per setup, requests/s, p50, p95 and p99 latency and errors (non-2xx answers and
socket errors) of each kind, then the checks; it exits 1 if a check fails. The target is a
p95 under 100 ms at 50 clients. A few seconds' run, as ``.ci/run`` has it: ``--seconds 2
--warmup 1 --sample-packs 1 --media-root "$(mktemp -d)"`` (the media root the archive's
packs were first imported with).
"""

from __future__ import annotations

import argparse
import http.client
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from benchmarks.portal_load import (
    Result,
    _config,
    _free_port,
    _import_sample_packs,
    _interrupted,
    _profile,
    _say,
    _server_env,
    _setup_django,
    _stop,
    _table,
    _wait_until_up,
    load_arguments,
    pick_pdf_urls,
    start_gunicorn,
    time_kinds,
)

KINDS = "agenda item PDF,paper PDF"
PDF_KINDS = ("agenda item PDF", "paper PDF", "pack PDF (public cut)")  # pick_pdf_urls's
ACCEL = "/protected-media/"
# The first sample pack's meeting (``portal_load._import_sample_packs``), whose exempt
# item gets its councillors-only papers.
FIRST_PACK = ("Cabinet", "2040-01-02")
EXEMPT_TEXT = "Sent to members only: the benchmark's exempt papers."
RANGE = 1024  # the bytes asked for by the range check

NGINX_CONF = """\
# benchmarks.pdf_load's nginx: everything it writes is in {tmp}.
{user}worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    types {{
        application/pdf pdf;
    }}
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    sendfile on;
    tcp_nopush on;

    upstream portal {{
        server 127.0.0.1:{upstream};
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
        location {accel} {{
            internal;  # only the portal's X-Accel-Redirect reaches it
            alias {media}/;  # MEDIA_ROOT
        }}
    }}
}}
"""


@dataclass
class Subjects:
    """What the checks ask for: public PDFs with their cuts on disk, and exempt ones."""

    paper_url: str
    paper_file: Path
    item_url: str
    item_file: Path
    exempt_item_url: str
    exempt_report_url: str
    exempt_cut: str  # the storage name of the exempt item's cut, as councillors see it


@dataclass
class Check:
    setup: str
    what: str
    expected: str
    got: str
    ok: bool | None  # None: shown for comparison, not checked

    def cells(self) -> list[str]:
        mark = "-" if self.ok is None else ("yes" if self.ok else "**NO**")
        return [self.setup, self.what, self.expected, self.got, mark]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.pdf_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load_arguments(parser, seconds=20)
    parser.add_argument("--config", default="2x4", help="Gunicorn WORKERSxTHREADS, in both setups.")
    parser.add_argument("--nginx-workers", type=int, default=1, help="nginx's worker_processes.")
    parser.add_argument(
        "--page-cache",
        choices=("on", "off"),
        default="on",
        help="The public page cache (on: PAGE_CACHE_SECONDS=600, production's, in a fresh "
        "directory). PDFs are never stored in it, but each still passes through it.",
    )
    parser.add_argument("--urls", type=int, default=300, help="At most this many URLs a kind.")
    parser.add_argument(
        "--kinds",
        default=KINDS,
        help=f"Kinds to time, comma-separated, of {', '.join(PDF_KINDS)}.",
    )
    parser.add_argument(
        "--sample-packs",
        type=int,
        default=4,
        help="Generated packs imported and published (dated 2040), as portal_load's.",
    )
    parser.add_argument(
        "--media-root",
        default="var/bench-media",
        help="Where those packs and their PDF cuts are kept (portal_load's by default).",
    )
    parser.add_argument(
        "--profile-requests",
        type=int,
        default=10,
        help="Requests of each kind timed in process with their SQL, as portal_load's (0: none).",
    )
    # time_kinds (portal_load's timing loop) reads it: nobody publishes here.
    parser.set_defaults(publish_every=0)
    args = parser.parse_args(argv)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path("/usr/sbin", tool).exists():
            parser.error(f"{tool} is not installed (apt-get install {tool}).")
    workers, threads = _config(args.config)
    if args.sample_packs < 1:
        parser.error("--sample-packs must be at least 1: the PDFs are theirs")
    wanted = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    if not wanted or set(wanted) - set(PDF_KINDS):
        parser.error(f"--kinds takes some of {', '.join(PDF_KINDS)}")
    media = Path(args.media_root).resolve()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _interrupted)

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as name:
        tmp = Path(name)
        env = _server_env(args.database_url, tmp / "static")
        env["MEDIA_ROOT"] = str(media)
        os.environ.update(env)  # this process's Django reads the same settings
        _setup_django()
        _say(f"importing {args.sample_packs} sample packs and exempt papers for their PDFs")
        _import_sample_packs(args.sample_packs)
        subjects = _prepare_pdfs()
        from django.core.management import call_command
        from django.db import connections

        _say("collecting static files")
        call_command("collectstatic", interactive=False, verbosity=0)
        picked = pick_pdf_urls(args.urls)
        kinds = {kind: picked[kind] for kind in wanted}
        if args.profile_requests:
            print(_profile(kinds, args.profile_requests), flush=True)
        connections.close_all()

        cache = {"PAGE_CACHE_SECONDS": "600" if args.page_cache == "on" else "0"}
        setups = [
            ("gunicorn alone", {}, False),
            ("nginx + gunicorn", {"PDF_ACCEL_REDIRECT": ACCEL}, True),
        ]
        tables, checks, sizes = [], [], {}
        for setup, extra, nginx in setups:
            run_env = {**env, **cache, **extra, "CACHE_LOCATION": str(tmp / f"cache-{nginx}")}
            results, found, sizes = _run_setup(
                setup,
                kinds,
                subjects,
                env=run_env,
                workers=workers,
                threads=threads,
                nginx=nginx,
                tmp=tmp,
                args=args,
                media=media,
            )
            tables.append((setup, results))
            checks += found

    print(
        f"\nPDFs at {args.connections} clients (wrk -t{args.wrk_threads} -c{args.connections} "
        f"-d{args.seconds}s a kind), gunicorn {workers} workers x {threads} threads, page "
        f"cache {args.page_cache}, nginx {args.nginx_workers} worker(s):"
    )
    for kind, (count, low, high, mean) in sizes.items():
        print(f"- {kind}: {count} URLs, {low:,} to {high:,} bytes, mean {mean:,.0f}")
    for setup, results in tables:
        print(f"\n{setup}:\n\n{_table(results)}")
    print(f"\nWhat a client gets, one request at a time:\n\n{_checks_table(checks)}", flush=True)
    failed = [check for check in checks if check.ok is False]
    if failed:
        print(f"\n{len(failed)} check(s) failed.")
    return 1 if failed else 0


# The PDFs: generated packs, their cuts on disk, and what the checks ask for.


def _prepare_pdfs() -> Subjects:
    """Import the councillors-only papers of the first pack's exempt item, make sure every
    cut of the packs' meetings is on disk, and pick what the checks ask for."""
    import datetime

    from django.core.files.storage import default_storage

    from meetings.access import PUBLIC, Access
    from meetings.models import Meeting
    from meetings.papers import meeting_papers
    from packs.writing import supplementary_pack
    from publishing.cuts import meeting_pdfs_cut
    from publishing.imports import pack_import
    from reports.models import Document
    from reports.pdfcut import cut_name

    committee, day = FIRST_PACK
    exempt = supplementary_pack(
        committee=committee,
        meeting_date=datetime.date.fromisoformat(day),
        exempt_text=EXEMPT_TEXT,
    )
    pack_import(source=exempt.pdf, filename=exempt.filename, publish=True)

    documents = Document.objects.filter(file__startswith="packs/").select_related("meeting")
    missing = [doc.file.name for doc in documents if not default_storage.exists(doc.file.name)]
    if missing:
        raise SystemExit(
            f"The sample packs in this database were imported with another --media-root: "
            f"{len(missing)} file(s) missing under {default_storage.location}, e.g. {missing[0]}."
        )
    meetings = {doc.meeting_id for doc in documents if doc.meeting_id}
    for meeting in Meeting.objects.filter(pk__in=meetings).select_related("committee"):
        meeting_pdfs_cut(meeting)  # cuts already stored are only looked up

    def path(parts) -> Path:
        return Path(default_storage.path(cut_name(parts)))

    real = {"document__file__startswith": "packs/"}
    paper = (
        PUBLIC.reports()
        .filter(agenda_item__isnull=False, **real)
        .select_related("document", "agenda_item__meeting__committee")
        .order_by("pk")
        .first()
    )
    if paper is None:
        raise SystemExit("No public report in the sample packs: nothing to time.")
    item = paper.agenda_item
    shown = meeting_papers(item.meeting, PUBLIC).item(item.number)

    councillors = Access(sees_exempt=True)
    meeting = Meeting.objects.get(committee__name=committee, date=day)
    entry = next(
        (
            e
            for e in meeting_papers(meeting, councillors).items
            if e.item.is_exempt and e.pdf_parts()
        ),
        None,
    )
    report = (
        councillors.reports()
        .filter(**real)
        .exclude(pk__in=PUBLIC.reports().values("pk"))
        .order_by("pk")
        .first()
    )
    if entry is None or report is None:
        raise SystemExit(f"No exempt item with papers at {committee} on {day}: nothing to check.")
    return Subjects(
        paper_url=paper.get_pdf_url(),
        paper_file=path(paper.pdf_parts()),
        item_url=item.get_absolute_url() + "pdf/",
        item_file=path(shown.pdf_parts()),
        exempt_item_url=entry.item.get_absolute_url() + "pdf/",
        exempt_report_url=report.get_pdf_url(),
        exempt_cut=cut_name(entry.pdf_parts()),
    )


# One setup: its servers up, the checks, the timing.


def _run_setup(
    setup: str,
    kinds: dict[str, list[str]],
    subjects: Subjects,
    *,
    env: dict[str, str],
    workers: int,
    threads: int,
    nginx: bool,
    tmp: Path,
    args,
    media: Path,
) -> tuple[list[Result], list[Check], dict]:
    _say(setup)
    port = _free_port()
    log = tmp / f"gunicorn-{'nginx' if nginx else 'alone'}.log"
    servers = [start_gunicorn(env, workers=workers, threads=threads, port=port, log=log)]
    direct = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(servers[0], direct, log)
        base = direct
        if nginx:
            base, server = _start_nginx(tmp, upstream=port, media=media, workers=args.nginx_workers)
            servers.append(server)
        sizes = _sizes(base, kinds)
        checks = _checks(setup, base, subjects, behind=direct if nginx else None)
        results, _ = time_kinds(kinds, [base], env=env, tmp=tmp, args=args)
    finally:
        for server in reversed(servers):
            _stop(server)
    return results, checks, sizes


def _start_nginx(
    tmp: Path, *, upstream: int, media: Path, workers: int
) -> tuple[str, subprocess.Popen]:
    """nginx in front of gunicorn on ``upstream``, from ``tmp`` with a config of its own;
    returns its address and its master process (its own process group, for ``_stop``)."""
    port = _free_port()
    # Started by root, nginx hands its workers to "nobody", who may not read MEDIA_ROOT.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp,
            user=user,
            workers=workers,
            upstream=upstream,
            port=port,
            accel=ACCEL,
            media=media,
        )
    )
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [binary, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")]
    tested = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if tested.returncode:
        raise RuntimeError(f"nginx refused its config:\n{tested.stderr.strip()}")
    base = f"http://127.0.0.1:{port}"
    _say(f"starting nginx, {workers} worker(s), on {base}")
    log = tmp / "nginx-error.log"
    with open(tmp / "nginx-output.log", "wb") as output:
        server = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    _wait_until_up(server, base, log)
    return base, server


# What a client gets.


def _get(base: str, path: str, headers: dict[str, str] | None = None):
    """One request on a connection of its own: the status, the headers, the body."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": address.netloc, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _sizes(base: str, kinds: dict[str, list[str]]) -> dict[str, tuple[int, int, int, float]]:
    """Each URL asked for once (each must answer 200): the sizes of the PDFs of each kind."""
    sizes = {}
    for kind, urls in kinds.items():
        lengths = []
        for url in urls:
            status, _, body = _get(base, url)
            if status != 200:
                raise RuntimeError(f"{kind}: {url} answered {status}")
            lengths.append(len(body))
        sizes[kind] = (len(lengths), min(lengths), max(lengths), sum(lengths) / len(lengths))
    return sizes


def _checks(setup: str, base: str, subjects: Subjects, *, behind: str | None) -> list[Check]:
    """The answers a client gets from ``base``; ``behind`` is gunicorn's own address when
    nginx is in front of it."""
    checks = []

    def check(what: str, expected: str, got: str, ok: bool | None) -> None:
        checks.append(Check(setup, what, expected, got, ok))

    for label, url, file in (
        ("paper PDF", subjects.paper_url, subjects.paper_file),
        ("agenda item PDF", subjects.item_url, subjects.item_file),
    ):
        content = file.read_bytes()
        status, headers, body = _get(base, url)
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        check(
            f"{label} {url}",
            "200, application/pdf, the cut's bytes",
            f"{status}, {headers.get('Content-Type')}, {len(body):,} bytes"
            + (", the cut's" if body == content else f", not the cut's {len(content):,}"),
            status == 200 and headers.get("Content-Type") == "application/pdf" and body == content,
        )
        check(
            f"{label}: validators",
            "ETag and Last-Modified",
            f"ETag {etag}, Last-Modified {modified}",
            bool(etag and modified),
        )
        for name, value in (("If-None-Match", etag), ("If-Modified-Since", modified)):
            status, _, body = _get(base, url, {name: value or ""})
            check(f"{label}: {name} sent back", "304", f"{status}", status == 304)

    status, headers, body = _get(base, subjects.paper_url, {"Range": f"bytes=0-{RANGE - 1}"})
    content = subjects.paper_file.read_bytes()
    got = f"{status}, {headers.get('Content-Range') or 'no Content-Range'}, {len(body):,} bytes"
    if behind:
        expected = f"bytes 0-{RANGE - 1}/{len(content)}"
        ok = status == 206 and headers.get("Content-Range") == expected
        check("paper PDF: Range", f"206, {expected}", got, ok and body == content[:RANGE])
    else:
        check("paper PDF: Range", "(Django sends the whole file)", got, None)

    for label, url in (
        ("exempt item's PDF, public", subjects.exempt_item_url),
        ("exempt report's PDF, public", subjects.exempt_report_url),
    ):
        status, _, _ = _get(base, url)
        check(f"{label} {url}", "404", f"{status}", status == 404)
    if behind:
        status, _, _ = _get(base, ACCEL + subjects.exempt_cut)
        check(f"{ACCEL}... asked directly (that item's cut)", "404", f"{status}", status == 404)
        status, headers, body = _get(behind, subjects.paper_url)
        redirect = headers.get("X-Accel-Redirect")
        check(
            "gunicorn's own answer behind nginx",
            "200, X-Accel-Redirect, no body",
            f"{status}, X-Accel-Redirect {redirect}, {len(body)} bytes",
            status == 200 and bool(redirect) and redirect.startswith(ACCEL) and not body,
        )
    return checks


def _checks_table(checks: list[Check]) -> str:
    head = ["Setup", "Request", "Expected", "Got", "OK"]
    lines = [head, ["---"] * len(head), *(check.cells() for check in checks)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


if __name__ == "__main__":
    sys.exit(main())
