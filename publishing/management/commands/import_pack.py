"""Import committee packs (PDFs) into meetings, agenda items, papers, minutes and decisions.

A thin shell around ``publishing.imports.pack_import``. ``--dry-run --json`` prints the
``council-pack/1`` JSON of one file and writes nothing.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from packs import reading
from publishing import isolation
from publishing.imports import known_committees, pack_import


class Command(BaseCommand):
    help = "Import committee pack PDFs; --dry-run --json prints what one file holds."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument("--json", action="store_true", help="With --dry-run: print JSON.")
        parser.add_argument("--committee", help="The body, when a PDF does not name it.")
        parser.add_argument("--publish", action="store_true", help="Publish at once.")

    def handle(self, *args, files, dry_run, json, committee, publish, **options):
        if json and not dry_run:
            raise CommandError("--json goes with --dry-run.")
        if json and len(files) != 1:
            raise CommandError("--dry-run --json prints one file at a time.")
        show_bar = sys.stderr.isatty() and not json
        failed = 0
        for path in files:
            try:
                if dry_run:
                    self._dry_run(path, committee, json)
                    continue
                with tqdm(desc=path.name[:40], unit="page", disable=not show_bar) as bar:
                    result = pack_import(
                        source=path,
                        committee=committee,
                        publish=publish,
                        progress=lambda done, total, bar=bar: (
                            bar.update(done - bar.n) or setattr(bar, "total", total)
                        ),
                    )
                self.stdout.write(result.summary())
            except (reading.PackError, OSError) as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(self._message(path, exc)))
            except Exception as exc:
                if options.get("traceback"):
                    raise
                failed += 1
                self.stderr.write(
                    self.style.ERROR(
                        f"{path.name}: could not be imported ({exc}); nothing written."
                    )
                )
        if failed:
            # Each failure has had its one line; the status says the run did not succeed.
            raise SystemExit(1)

    def _dry_run(self, path: Path, committee: str | None, as_json: bool) -> None:
        pack = isolation.parse_pdf(
            path,
            committee=committee,
            council=settings.COUNCIL_NAME,
            max_bytes=settings.PACK_MAX_BYTES,
            known=known_committees(),
        )
        if as_json:
            self.stdout.write(json_dumps(pack.to_json()))
            return
        meeting = pack.meeting
        where = f"{meeting.body} on {meeting.date}" if meeting else "no meeting named"
        self.stdout.write(
            f"{path.name}: {where}; {len(pack.agenda)} items, {len(pack.documents)} documents, "
            f"{len(pack.minutes)} minutes, {len(pack.decisions)} decisions, "
            f"{pack.page_count} pages (dry run, nothing written)"
        )

    @staticmethod
    def _message(path: Path, exc: Exception) -> str:
        if isinstance(exc, FileNotFoundError):
            return f"{path}: no such file."
        if isinstance(exc, OSError):
            return f"{path}: cannot be read ({exc.strerror or exc})."
        message = str(exc)
        return message if message.startswith(path.name) else f"{path.name}: {message}"


def follow(bar: tqdm):
    """A ``progress(done, total)`` callback that moves ``bar``."""

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    return progress


def json_dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
