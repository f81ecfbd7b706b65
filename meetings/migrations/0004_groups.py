"""The two groups the portal's roles come from, with their permissions.

- Members services: upload, review and correct, publish and withdraw; sees drafts and
  exempt papers, and the audit trail.
- Councillors: read exempt (Part II) papers of published meetings.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Members services": [
        ("meetings", "view_draft_meeting"),
        ("meetings", "view_exempt_papers"),
        ("meetings", "publish_meeting"),
        ("meetings", "view_auditentry"),
        ("meetings", "change_agendaitem"),
        ("meetings", "change_meeting"),
        ("reports", "add_upload"),
        ("reports", "view_upload"),
        ("reports", "change_report"),
    ],
    "Councillors": [("meetings", "view_exempt_papers")],
}


def create_groups(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_publishing_and_audit"),
        ("reports", "0006_uploads_and_versions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
