"""Start again (once) or mark failed the imports whose worker died, and remove the packs
they left behind.

The workers' watchdog, the staff pages and every import task do this too; the command is
for cron or by hand.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from publishing.imports import imports_recover


class Command(BaseCommand):
    help = (
        "Start again (once) or mark failed the imports whose worker died; remove packs no "
        "document refers to."
    )

    def handle(self, *args, **options):
        recovery = imports_recover(now=timezone.now())
        for upload in recovery.restarted:
            self.stdout.write(f"{upload.original_name}: started again (its worker stopped).")
        for upload in recovery.failed:
            self.stdout.write(f"{upload.original_name}: marked failed (its worker stopped).")
        for name in recovery.removed:
            self.stdout.write(f"{name}: removed (no document refers to it).")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(recovery.restarted) + len(recovery.failed)} stalled imports, "
                f"{len(recovery.restarted)} started again, {len(recovery.removed)} files removed."
            )
        )
