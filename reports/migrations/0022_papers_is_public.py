from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

PUBLIC_STATUSES = ["published", "cancelled"]


def flag_public_papers(apps, schema_editor):
    """The rule of PaperQuerySet.sync_public as it stood when the flag came in: published
    in a current document of a public meeting, not labelled exempt, holding no exempt page."""
    Page = apps.get_model("reports", "Page")
    published = Q(
        document__meeting__status__in=PUBLIC_STATUSES,
        document__published_at__isnull=False,
        document__withdrawn_at__isnull=True,
        document__superseded_by__isnull=True,
    )
    exempt_page = Exists(
        Page.objects.filter(
            document=OuterRef("document"),
            is_exempt=True,
            number__gte=OuterRef("first_page"),
            number__lte=Coalesce(OuterRef("last_page"), OuterRef("first_page")),
        )
    )
    for name in ("Report", "Appendix", "Minutes"):
        papers = apps.get_model("reports", name).objects
        public = papers.filter(published, is_exempt=False).exclude(exempt_page)
        papers.filter(pk__in=public.values("pk")).update(is_public=True)


def field():
    return models.BooleanField(
        default=False,
        editable=False,
        help_text="Kept by PaperQuerySet.sync_public: published and not exempt.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0021_page_words"),
    ]

    operations = [
        migrations.AddField(model_name="appendix", name="is_public", field=field()),
        migrations.AddField(model_name="minutes", name="is_public", field=field()),
        migrations.AddField(model_name="report", name="is_public", field=field()),
        migrations.RunPython(flag_public_papers, migrations.RunPython.noop),
    ]
