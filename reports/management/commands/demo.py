"""Run the portal for a newcomer: migrate, load the sample council, serve it locally."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare the database and serve the portal at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database, then stop."
        )

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", "fixtures/committees.json", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Database ready."))
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
