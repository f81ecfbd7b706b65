"""The portal's two roles, as groups of permissions (made by migrations, kept here for
anything that has to make them again, such as tests after a flush)."""

MEMBERS_SERVICES = "Members services"
COUNCILLORS = "Councillors"

ROLES = {
    MEMBERS_SERVICES: [
        ("meetings", "view_draft_meeting"),
        ("meetings", "view_exempt_papers"),
        ("meetings", "publish_meeting"),
        ("meetings", "change_agendaitem"),
        ("meetings", "change_meeting"),
        ("publishing", "view_auditentry"),
        ("publishing", "add_upload"),
        ("publishing", "view_upload"),
        ("reports", "change_report"),
    ],
    COUNCILLORS: [("meetings", "view_exempt_papers")],
}


def role_group(name: str):
    """The role's group, made again with its permissions where it is missing (a test's
    flush of the database takes what the migrations made)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        for app_label, codename in ROLES[name]:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return group
