"""Send today's e-mail alert digests (``alerts.digest.alerts_send``): run daily by cron."""

from django.core.management.base import BaseCommand

from alerts.digest import alerts_send


class Command(BaseCommand):
    help = "Send each confirmed address one e-mail with what was published since its last."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        summary = alerts_send(dry_run=dry_run)
        prefix = "Would have: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}"))
