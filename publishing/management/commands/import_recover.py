"""Mark imports whose worker died as failed, and remove the packs they left behind.

The staff pages and every import task do this too; the command is for cron or by hand.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from publishing.imports import imports_recover


class Command(BaseCommand):
    help = "Mark imports whose worker died as failed; remove packs no document refers to."

    def handle(self, *args, **options):
        recovery = imports_recover(now=timezone.now())
        for upload in recovery.failed:
            self.stdout.write(f"{upload.original_name}: marked failed (its worker stopped).")
        for name in recovery.removed:
            self.stdout.write(f"{name}: removed (no document refers to it).")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(recovery.failed)} stalled imports, {len(recovery.removed)} files removed."
            )
        )
