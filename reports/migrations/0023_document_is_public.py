from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q

PUBLIC_STATUSES = ["published", "cancelled"]


def flag_public_documents(apps, schema_editor):
    """The rule of meetings.access.sync_public_documents as it stood when the flag came in:
    current and published for a public meeting, and not sent to members only (not an agenda
    pack, with papers, none of them public: within a published document the papers' flags,
    set by 0022, say which are not exempt)."""
    Document = apps.get_model("reports", "Document")
    papers = [apps.get_model("reports", name) for name in ("Report", "Appendix", "Minutes")]
    records = apps.get_model("decisions", "DecisionRecord")

    def has(model, **flags):
        return Exists(model.objects.filter(document=OuterRef("pk"), **flags))

    members_only = (
        ~Q(kind="main_pack")
        & (has(papers[0]) | has(papers[1]) | has(papers[2]))
        & ~has(papers[0], is_public=True)
        & ~has(papers[1], is_public=True)
        & ~has(papers[2], is_public=True)
        & ~has(records, is_public=True)
    )
    Document.objects.filter(
        meeting__status__in=PUBLIC_STATUSES,
        published_at__isnull=False,
        withdrawn_at__isnull=True,
        superseded_by__isnull=True,
    ).exclude(members_only).update(is_public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0022_papers_is_public"),
        ("decisions", "0003_public_flag"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="is_public",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Kept by meetings.access.sync_public_documents: published, and not "
                "sent to members only.",
            ),
        ),
        migrations.RunPython(flag_public_documents, migrations.RunPython.noop),
    ]
