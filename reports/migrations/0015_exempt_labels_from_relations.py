"""Exempt labels from what made a paper exempt before labels: its agenda item, its report,
and the pages an exempt item's printed range or an exempt paper covered. An upgraded
database hides exactly what it hid, and from now on keeps it hidden whatever its relations
become."""

from django.db import migrations
from django.db.models import Q


def label(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Report = apps.get_model("reports", "Report")
    Appendix = apps.get_model("reports", "Appendix")
    Minutes = apps.get_model("reports", "Minutes")
    Page = apps.get_model("reports", "Page")
    DecisionRecord = apps.get_model("decisions", "DecisionRecord")

    exempt_items = AgendaItem.objects.filter(is_exempt=True)
    Report.objects.filter(agenda_item__in=exempt_items).update(is_exempt=True)
    Minutes.objects.filter(agenda_item__in=exempt_items).update(is_exempt=True)
    Appendix.objects.filter(report__is_exempt=True).update(is_exempt=True)
    DecisionRecord.objects.filter(
        Q(agenda_item__in=exempt_items) | Q(report__is_exempt=True)
    ).update(is_exempt=True)
    for model in (Report, Appendix, Minutes, DecisionRecord):
        papers = model.objects.filter(is_exempt=True, document__isnull=False)
        for document, first, last in papers.exclude(first_page=None).values_list(
            "document_id", "first_page", "last_page"
        ):
            Page.objects.filter(
                document_id=document, number__gte=first, number__lte=last or first
            ).update(is_exempt=True)
    for meeting, first, last in exempt_items.exclude(first_page=None).values_list(
        "meeting_id", "first_page", "last_page"
    ):
        Page.objects.filter(
            document__meeting_id=meeting,
            document__kind="main_pack",
            printed_number__gte=first,
            printed_number__lte=last or first,
        ).update(is_exempt=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0014_exempt_labels"),
        ("meetings", "0009_attendance_of_minutes"),
        ("decisions", "0004_exempt_flag"),  # the fields it reads; later ones only reword
    ]

    operations = [migrations.RunPython(label, migrations.RunPython.noop)]
