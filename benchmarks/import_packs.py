"""How fast packs are read and imported, and how much memory that takes (issue 3).

``python -m benchmarks.import_packs [--postgres] [--skip-kent]`` prints one Markdown table.
For each input (a generated 600-page pack, the Kent corpus merged into one PDF, a generated
1,000-page pack) it measures:

- ``raw``: pypdfium2's text of every page and nothing else, the floor any parse stands on;
- ``parse``: ``parse_pdf`` then the ``council-pack/1`` JSON, what ``import_pack --dry-run
  --json`` does;
- ``import``: ``pack_import`` into a fresh, migrated SQLite database (and with ``--postgres``
  a fresh PostgreSQL one), with ``DEBUG`` off as in production: what staff wait for before
  they can review the pack;
- ``then the worker's cuts and words``: the tasks the import queued for after it, cutting
  the meeting's PDFs and giving its pages their search words, run as the worker runs them.

Each measurement runs in its own interpreter, so its peak RSS is its own and not the
high-water mark of whatever ran before; the clock covers the work only, not the start of
Python or Django. Each is the best of three runs (an import into a fresh database each
time), with the largest peak memory of the three.
Targets: parse and import within 3x of raw; peak memory under 500 MB at 1,000 pages.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from packs.reading import parse_pdf

PROJECT = Path(__file__).resolve().parent.parent
KENT = PROJECT.parent / "shared" / "corpus" / "kent"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/council_portal_bench"
RUNS = 3


@dataclass
class Row:
    input: str
    step: str
    pages: int = 0
    seconds: float = 0.0
    rss_mb: float = 0.0
    raw_seconds: float | None = None
    error: str = ""

    def cells(self) -> list[str]:
        if self.error:
            return [self.input, self.step, "", f"failed: {self.error}", "", "", ""]
        ratio = f"{self.seconds / self.raw_seconds:.1f}x" if self.raw_seconds else ""
        return [
            self.input,
            self.step,
            f"{self.pages:,}",
            f"{self.seconds:.2f}",
            f"{self.pages / self.seconds:,.0f}",
            ratio,
            f"{self.rss_mb:.0f}",
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_packs", description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="Also import into PostgreSQL.")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="A database to (re)create.")
    parser.add_argument("--skip-kent", action="store_true", help="Leave out the Kent corpus.")
    parser.add_argument(
        "--pages",
        default="600,1000",
        help="Sizes of the generated packs, comma-separated (CI runs a small one).",
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PDF", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        try:
            print(json.dumps(_child(*args.child)))
        except Exception as exc:
            # One line the table can show; a database error's own message runs to several.
            message = (str(exc).strip().splitlines() or [""])[0]
            print(json.dumps({"error": f"{type(exc).__name__}: {message}"}))
            return 1
        return 0

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        sizes = [int(size) for size in args.pages.split(",") if size.strip()]
        inputs, skipped = _inputs(Path(tmp), skip_kent=args.skip_kent, sizes=sizes)
        for label, pdf in inputs:
            rows += _measure(label, pdf, Path(tmp), args.postgres_url if args.postgres else None)
    _status("")
    print(_table(rows))
    if skipped:
        print(f"\nKent corpus skipped: {skipped}")
    return 0


# The parent: inputs, runs and the table.


def _inputs(tmp: Path, *, skip_kent: bool, sizes: list[int]) -> tuple[list[tuple[str, Path]], str]:
    # Generated on demand here and not in the children: reportlab is not what is measured.
    from packs.writing import sample_pack

    _status("generating the sample packs")
    inputs = []
    for index, pages in enumerate(sizes):
        label = f"Sample, {pages:,} pages"
        when = datetime.date(2026, 6, 15) + datetime.timedelta(weeks=5 * index)
        seed = 3 + index
        pack = sample_pack(committee="Cabinet", meeting_date=when, target_pages=pages, seed=seed)
        path = tmp / pack.filename
        path.write_bytes(pack.pdf)
        inputs.append((label, path))

    skipped = ""
    if skip_kent:
        skipped = "--skip-kent given."
    elif not KENT.is_dir():
        skipped = f"{KENT} is not there."
    else:
        files = sorted(KENT.rglob("*.pdf"))
        inputs.insert(1, (f"Kent corpus, {len(files)} PDFs merged", _merge(files, tmp)))
    return inputs, skipped


def _merge(files: list[Path], tmp: Path) -> Path:
    """All the PDFs as one, so the corpus is timed as one long pack; never inside the project."""
    target = tmp / "kent-merged.pdf"
    merged = pdfium.PdfDocument.new()
    sources = []
    try:
        for path in files:
            source = pdfium.PdfDocument(path)
            sources.append(source)
            merged.import_pages(source)
        merged.save(target)
    finally:
        merged.close()
        for source in sources:
            source.close()
    return target


def _measure(label: str, pdf: Path, tmp: Path, postgres_url: str | None) -> list[Row]:
    raw = _best(label, "raw pypdfium2 text", "raw", pdf)
    rows = [raw, _best(label, "parse + JSON (dry run)", "parse", pdf)]
    rows[1].raw_seconds = raw.seconds

    place = tmp / f"{pdf.stem}-sqlite"
    place.mkdir()
    database = place / "bench.sqlite3"
    rows += _import(
        label, "SQLite", pdf, f"sqlite:///{database}", place, lambda: database.unlink(True)
    )
    if postgres_url:
        try:
            media = tmp / f"{pdf.stem}-postgres"
            rows += _import(
                label, "PostgreSQL", pdf, postgres_url, media, lambda: _recreate(postgres_url)
            )
        finally:
            _drop(postgres_url)
    for row in rows[2:]:
        if row.step.startswith("import"):
            row.raw_seconds = raw.seconds
    return rows


def _best(label: str, step: str, mode: str, pdf: Path) -> Row:
    """The fastest of RUNS runs, and the largest peak memory among them."""
    runs = []
    for n in range(1, RUNS + 1):
        _status(f"{label}: {step}, run {n} of {RUNS}")
        try:
            runs.append(_run(mode, pdf, "-", {}))
        except RuntimeError as exc:
            return Row(label, step, error=str(exc))
    row = Row(label, step, pages=runs[0]["pages"])
    row.seconds = min(run["seconds"] for run in runs)
    row.rss_mb = max(run["rss_mb"] for run in runs)
    return row


def _import(label: str, database: str, pdf: Path, url: str, place: Path, fresh) -> list[Row]:
    """The import, then the worker's tasks it queued, each in an interpreter of its own,
    RUNS times into a ``fresh`` database: the fastest of each, the largest peak memory."""
    runs: dict[str, list[dict]] = {"import": [], "worker": []}
    steps = {"import": "import", "worker": "then the worker's cuts and words"}
    try:
        for n in range(1, RUNS + 1):
            fresh()
            env = {"MEDIA_ROOT": str(place / f"media-{n}")}
            # Migrated in an interpreter of its own, so the import's peak memory is the import's.
            _status(f"{label}: {database}, migrating, run {n} of {RUNS}")
            _run("migrate", pdf, url, env)
            for mode, step in steps.items():
                _status(f"{label}: {database}, {step}, run {n} of {RUNS}")
                runs[mode].append(_run(mode, pdf, url, env))
    except RuntimeError as exc:
        return [Row(label, f"import, {database}", error=str(exc))]
    return [
        Row(
            label,
            f"{step}, {database}",
            pages=runs[mode][0]["pages"],
            seconds=min(run["seconds"] for run in runs[mode]),
            rss_mb=max(run["rss_mb"] for run in runs[mode]),
        )
        for mode, step in steps.items()
    ]


def _run(mode: str, pdf: Path, url: str, env: dict[str, str]) -> dict:
    command = [sys.executable, "-m", "benchmarks.import_packs", "--child", mode, str(pdf), url]
    done = subprocess.run(
        command,
        cwd=PROJECT,
        env={**os.environ, **env, "DEBUG": "false"},
        capture_output=True,
        text=True,
    )
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if done.returncode or "error" in result:
        raise RuntimeError(result.get("error") or f"{mode} exited with {done.returncode}")
    return result


def _recreate(url: str) -> None:
    _drop(url)
    _admin(url, f'CREATE DATABASE "{_dbname(url)}"')


def _drop(url: str) -> None:
    _admin(url, f'DROP DATABASE IF EXISTS "{_dbname(url)}" WITH (FORCE)')


def _admin(url: str, sql: str) -> None:
    """Run ``sql`` connected to the server's ``postgres`` database, beside the one in ``url``."""
    import psycopg

    connection = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def _dbname(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def _table(rows: list[Row]) -> str:
    head = ["Input", "Step", "Pages", "Seconds", "Pages/s", "vs raw", "Peak RSS MB"]
    lines = [head, ["---"] * len(head), *(row.cells() for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _status(message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


# The child: one measurement, printed as one JSON line.


def _child(mode: str, pdf: str, url: str) -> dict:
    # Django only where the database is used: raw and parse are measured without it.
    if mode in ("migrate", "import", "worker"):
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council_portal.settings")
        import django

        django.setup()
    if mode == "import":
        from publishing.isolation import reader_start

        reader_start()  # as the worker does when it starts, not at each import
    started = time.perf_counter()
    steps = {
        "raw": _raw,
        "parse": _parse,
        "migrate": _migrate,
        "import": _pack_import,
        "worker": _worker,
    }
    pages = steps[mode](pdf)
    seconds = time.perf_counter() - started
    return {"pages": pages, "seconds": seconds, "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This interpreter's peak resident memory.

    Linux's ``ru_maxrss`` carries the parent's peak across fork and exec (a child of a
    parent that generated a 1,000-page pack reports that parent's 160 MB), so where there is
    a /proc the high-water mark of this process's own memory, ``VmHWM``, is read instead.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _raw(pdf: str) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
        return len(document)
    finally:
        document.close()


def _parse(pdf: str) -> int:
    pack = parse_pdf(Path(pdf))
    json.dumps(pack.to_json(), indent=2, ensure_ascii=False)
    return pack.page_count


def _migrate(pdf: str) -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return 0


def _pack_import(pdf: str) -> int:
    from publishing.imports import pack_import

    result = pack_import(source=Path(pdf))
    return result.document.page_count


def _worker(pdf: str) -> int:
    """What the worker does once the import is done and staff can review it: cut the
    meeting's PDFs and give its pages their words (the tables and pictures, which take
    longer, are timed by ``benchmarks.html_fidelity`` and ``benchmarks.pictures``)."""
    from publishing.cuts import cut_meeting_pdfs
    from reports.models import Document
    from search.index import store_page_words

    document = Document.objects.get()
    if document.meeting_id:
        cut_meeting_pdfs.call(document.meeting_id)
    store_page_words.call(document.pk)
    return document.page_count


if __name__ == "__main__":
    sys.exit(main())
