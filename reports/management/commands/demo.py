"""Run the portal for a newcomer: migrate, import the sample council's packs, serve it locally."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.samplepacks import demo_packs, forthcoming_packs
from reports.services import pack_import


class Command(BaseCommand):
    help = "Load Borsetshire County Council's sample packs and serve the portal locally."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database, then stop."
        )

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", "fixtures/committees.json", verbosity=0)
        for pack in [*demo_packs(), *forthcoming_packs(timezone.localdate())]:
            result = pack_import(source=pack.pdf, filename=pack.filename, publish=True)
            self.stdout.write(result.summary())
        self.stdout.write(self.style.SUCCESS("Sample council loaded."))
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
