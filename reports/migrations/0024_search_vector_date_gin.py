"""The search entries' GIN index holds their dates beside their words (PostgreSQL only).

A search shows the newest matches first, sought within a window of recent dates
(``search.index._within_windows``). With words alone in the index, the bitmap of a common
word was built over all twenty years and only then cut to the window: 15 of the 30 ms
of a search for two common words at 20 years. With the date in the index too (a
``btree_gin`` column), the scan reads only the window's part of each word's list (5 ms).
The index keeps its name; SQLite keeps its FTS5 table.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

VECTOR_ONLY = "CREATE INDEX searchentry_vector_gin ON reports_searchentry USING gin (vector)"
WITH_DATE = "CREATE INDEX searchentry_vector_gin ON reports_searchentry USING gin (vector, date)"


def rebuilt(definition):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS searchentry_vector_gin")
            schema_editor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            schema_editor.execute(definition)

    return apply


class Migration(migrations.Migration):
    dependencies = [("reports", "0023_document_is_public")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(rebuilt(WITH_DATE), rebuilt(VECTOR_ONLY)),
    ]
