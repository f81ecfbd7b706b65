"""Run the portal for a newcomer: migrate, import the sample council's packs, create demo
accounts, and serve it locally with a background worker for uploads."""

import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from packs.writing import demo_packs, forthcoming_packs
from publishing.imports import pack_import

# Local demonstration accounts, one per role; never made under the production profile.
DEMO_ACCOUNTS = [("clerk", "Members services"), ("councillor", "Councillors")]
DEMO_PASSWORD = "demo-only-password"


class Command(BaseCommand):
    help = "Load Borsetshire County Council's sample packs and serve the portal locally."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database, then stop."
        )

    def handle(self, *args, addrport, no_serve, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo is for trying the portal locally, not production.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", "fixtures/committees.json", verbosity=0)
        for pack in [*demo_packs(), *forthcoming_packs(timezone.localdate())]:
            result = pack_import(source=pack.pdf, filename=pack.filename, publish=True)
            self.stdout.write(result.summary())
        for username, group in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=group))
        self.stdout.write(self.style.SUCCESS("Sample council loaded."))
        self.stdout.write(
            f"Sign in at http://{addrport}/accounts/login/ as clerk (members services) or "
            f"councillor, password {DEMO_PASSWORD}."
        )
        if no_serve:
            return
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
