"""Run the portal for a newcomer: migrate, import the sample council's packs, with a few
forward plan notices, create demo accounts, and serve it locally with a background worker
for uploads."""

import datetime
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decisions.models import ForwardPlanNotice
from meetings.models import Committee, Member, Membership
from packs.writing import demo_packs, forthcoming_packs
from packs.writing.council import COMMITTEES, PLACES
from publishing.forward_plan import forward_plan_notice_publish, forward_plan_notice_save
from publishing.imports import pack_import
from publishing.roles import role_group

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
        packs = [*demo_packs(), *forthcoming_packs(timezone.localdate())]
        if not ForwardPlanNotice.objects.exists():
            forward_plan_for_demo(packs, timezone.localdate())
        for pack in packs:
            result = pack_import(source=pack.pdf, filename=pack.filename, publish=True)
            self.stdout.write(result.summary())
        for username, group in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(role_group(group))
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


def forward_plan_for_demo(packs, today: datetime.date) -> None:
    """A few notices of the sample council's forward plan: one announcing a decision the
    sample packs record as made (linked to it when its pack is published), one to be taken
    in private, one planned and one deferred."""
    contact = {
        "contact_name": "Democratic Services",
        "contact_email": "democratic.services@example.gov.uk",
        "contact_phone": "01632 960000",
    }
    made = next(
        d
        for pack in packs
        for d in pack.decisions
        if d.status == "made" and d.reference and d.date and d.decision_maker == "Cabinet"
    )
    notices = [
        ForwardPlanNotice(
            reference=made.reference,
            matter=made.title,
            decision_maker=made.decision_maker,
            expected_date=made.date,
            first_published_on=made.date - datetime.timedelta(days=35),
            documents="Report of the Executive Director",
            wards="All wards",
            **contact,
        ),
        ForwardPlanNotice(
            reference="FP/27/004",
            matter="Sale of the former highways depot at Hollerton",
            summary="Whether to accept an offer for the depot, empty since the service moved.",
            decision_maker="Cabinet",
            expected_date=today + datetime.timedelta(days=45),
            documents="Report of the Director of Resources, with a confidential appendix",
            is_private=True,
            exempt_paragraph=3,
            private_reason="The appendix sets out the offers received and the council's "
            "valuation; publishing them would prejudice the sale.",
            wards="Hollerton",
            **contact,
        ),
        ForwardPlanNotice(
            reference="FP/27/005",
            matter="Borsetshire Local Transport Plan 2027-2037",
            summary="To approve the plan for consultation.",
            decision_maker="Cabinet Member for Highways and Transport",
            expected_date=today + datetime.timedelta(days=75),
            documents="Draft Local Transport Plan; consultation strategy",
            wards="All wards",
            **contact,
        ),
        ForwardPlanNotice(
            reference="FP/27/002",
            matter="Library service opening hours",
            decision_maker="Cabinet",
            expected_date=today + datetime.timedelta(days=40),
            status=ForwardPlanNotice.Status.DEFERRED,
            summary="Deferred while the consultation responses are considered.",
            wards="All wards",
            **contact,
        ),
    ]
    for notice in notices:
        forward_plan_notice_save(notice, changes=[])
        forward_plan_notice_publish(notice)
