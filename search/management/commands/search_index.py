"""Rebuild the search index from what the public may read now (after an upgrade, say)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from meetings.models import Meeting
from search.index import analyse_index, clear_index, index_meeting


class Command(BaseCommand):
    help = "Rebuild the search entries of every meeting."

    def handle(self, *args, **options):
        clear_index()
        meetings = Meeting.objects.select_related("committee").order_by("date")
        written = 0
        for meeting in tqdm(
            meetings.iterator(),
            total=meetings.count(),
            unit="meeting",
            disable=not self.stderr.isatty(),
        ):
            written += index_meeting(meeting)
        analyse_index()
        self.stdout.write(f"{written} search entries written.")
