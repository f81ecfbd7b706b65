"""Each attendance row goes to the minutes of its meeting that recorded it: the meeting's
public minutes where it has them (the earliest), else its other minutes. A row no minutes
record is removed: it was never shown, since attendance counted only where public minutes
were published."""

from django.db import migrations
from django.db.models import F


def attribute(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    Minutes = apps.get_model("reports", "Minutes")
    for meeting in Attendance.objects.values_list("meeting_id", flat=True).distinct():
        minutes = (
            Minutes.objects.filter(meeting_id=meeting)
            .order_by("is_exempt", F("document__published_at").asc(nulls_last=True), "pk")
            .first()
        )
        rows = Attendance.objects.filter(meeting_id=meeting)
        if minutes is None:
            rows.delete()
        else:
            rows.update(minutes=minutes)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_attendance_of_minutes")]

    operations = [migrations.RunPython(attribute, migrations.RunPython.noop)]
