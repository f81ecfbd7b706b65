# The data of the decision lifecycle, apart from its schema (0005): on PostgreSQL the
# made_as foreign key's index is created when 0005 ends, which cannot follow rows updated
# in the same transaction ("pending trigger events").

import re

from django.db import migrations
from django.db.models import F, Q
from django.utils import timezone

from meetings.working_days import next_working_day, working_days_after

NOT_URGENT = re.compile(r"^\W*(not applicable|n/?a|none|no)\W*$", re.IGNORECASE)


def lifecycle_from_existing(apps, schema_editor):
    """The rules of DecisionRecordQuerySet.link_proposals and DecisionRecord.save as they
    stood when the lifecycle came in: each made record linked from its proposal (taking
    its item, and so its exemption, when it had none); published records dated by their
    document's publication; urgent ones exempt from call-in; call-in dates counted."""
    DecisionRecord = apps.get_model("decisions", "DecisionRecord")
    proposals = DecisionRecord.objects.filter(status="proposed", made_as__isnull=True)
    for made in DecisionRecord.objects.filter(status="made").order_by("date", "pk"):
        if made.reference:
            proposal = proposals.filter(reference=made.reference).first()
        else:
            same = proposals.filter(title__iexact=made.title, decision_maker=made.decision_maker)
            if made.meeting_id:
                same = same.filter(Q(meeting=made.meeting_id) | Q(meeting__isnull=True))
            proposal = same.order_by(F("meeting__date").desc(nulls_last=True), "-pk").first()
        if proposal is None:
            continue
        proposal.made_as = made
        proposal.save(update_fields=["made_as"])
        if made.agenda_item_id is None and proposal.meeting_id == made.meeting_id:
            made.agenda_item_id = proposal.agenda_item_id
            made.report_id = made.report_id or proposal.report_id
            made.save(update_fields=["agenda_item", "report"])
    DecisionRecord.objects.filter(
        Q(agenda_item__is_exempt=True)
        | Q(report__is_exempt=True)
        | Q(report__agenda_item__is_exempt=True)
    ).update(is_public=False)
    for record in DecisionRecord.objects.exclude(urgency=""):
        urgency = record.urgency.strip()
        if urgency and not NOT_URGENT.match(urgency):
            record.call_in_exempt = True
            record.save(update_fields=["call_in_exempt"])
    for record in DecisionRecord.objects.filter(
        Q(document__published_at__isnull=False)
        | Q(document__isnull=True, meeting__published_at__isnull=False)
    ).select_related("document", "meeting"):
        document = record.document
        published = document.published_at if document else record.meeting.published_at
        record.published_on = timezone.localtime(published).date()
        if record.status == "made" and not record.call_in_exempt:
            record.call_in_deadline = working_days_after(record.published_on, 5)
            record.may_be_implemented_from = next_working_day(record.call_in_deadline)
        record.save()


class Migration(migrations.Migration):
    dependencies = [("decisions", "0005_decision_lifecycle")]

    operations = [migrations.RunPython(lifecycle_from_existing, migrations.RunPython.noop)]
