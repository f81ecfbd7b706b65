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
