"""Run the portal for a newcomer: migrate, import the sample council's packs, create demo
accounts, and serve it locally with a background worker for uploads."""

import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meetings.models import Committee, Member, Membership
from packs.writing import demo_packs, forthcoming_packs
from packs.writing.council import COMMITTEES, PLACES
from publishing.imports import pack_import

# Local demonstration accounts, one per role; never made under the production profile.
DEMO_ACCOUNTS = [("clerk", "Members services"), ("councillor", "Councillors")]
DEMO_PASSWORD = "demo-only-password"
# The demo councillor account reads as the Leader, who chairs Cabinet.
DEMO_COUNCILLOR = "Councillor Margaret Ashworth"
PARTIES = ("Conservative", "Labour", "Liberal Democrat", "Green", "Independent")


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
        self.members_seat()
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

    def members_seat(self) -> None:
        """Give the sample council's members a party, a division and their committee
        places (chairman first, as the packs print them), and link the demo councillor
        account to the Leader, so that "My meetings" has meetings to show."""
        for committee_data in COMMITTEES.values():
            committee = Committee.objects.named(committee_data.name).first()
            if committee is None:
                continue
            for position, printed in enumerate(committee_data.members):
                member = Member.objects.named_or_new(printed)
                if not member.ward:
                    number = sum(map(ord, printed))
                    member.party = PARTIES[number % len(PARTIES)]
                    member.ward = f"{PLACES[number % len(PLACES)]} division"
                    member.save(update_fields=["party", "ward"])
                role = ("Chairman", "Vice-Chairman")[position] if position < 2 else "Member"
                Membership.objects.get_or_create(
                    member=member, committee=committee, defaults={"role": role}
                )
        leader = Member.objects.named_or_new(DEMO_COUNCILLOR)
        if leader.user_id is None:
            leader.user = User.objects.filter(username="councillor").first()
            leader.save(update_fields=["user"])
