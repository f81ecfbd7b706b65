"""Members services keep their permissions on uploads and the audit trail, which moved
from reports and meetings to publishing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MOVED = [
    (("meetings", "view_auditentry"), ("publishing", "view_auditentry")),
    (("reports", "add_upload"), ("publishing", "add_upload")),
    (("reports", "view_upload"), ("publishing", "view_upload")),
]


def permissions_follow(apps, schema_editor):
    config = apps.get_app_config("publishing")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Members services"):
        for (old_app, old_code), (new_app, new_code) in MOVED:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=old_app, codename=old_code)
            )
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=new_app, codename=new_code)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0007_audit_moved_to_publishing"),
        ("publishing", "0001_initial"),
        ("reports", "0012_moved_to_publishing_and_search"),
    ]

    operations = [migrations.RunPython(permissions_follow, migrations.RunPython.noop)]
