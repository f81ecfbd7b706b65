"""Committees, councillors and memberships know when they were added and last saved, for
the open data API; rows already there are dated when this migration runs."""

import django.utils.timezone
from django.db import migrations, models


def stamps(model: str) -> list:
    return [
        migrations.AddField(
            model_name=model,
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model,
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_attendance_of_minutes_required")]

    operations = [*stamps("committee"), *stamps("member"), *stamps("membership")]
