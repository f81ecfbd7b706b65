"""Rebuild the search index from what the public may read now (after an upgrade, say)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.index import index_all


class Command(BaseCommand):
    help = "Rebuild the search entries of every meeting (in bulk on PostgreSQL)."

    def handle(self, *args, **options):
        def progress(meetings, total):
            return tqdm(meetings, total=total, unit="meeting", disable=not self.stderr.isatty())

        written = index_all(progress)
        self.stdout.write(f"{written} search entries written.")
