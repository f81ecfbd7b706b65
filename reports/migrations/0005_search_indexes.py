"""Full-text indexes for reports.SearchEntry, one kind per database.

- PostgreSQL: a GIN index on the weighted ``tsvector``. It is not declared in the
  model's Meta because SQLite cannot create a GIN index.
- SQLite: an FTS5 table (Porter stemming) holding each entry's title and text, its
  rowid the entry's id, so the embedded database searches too.
"""

from django.db import migrations

CREATE = {
    "postgresql": [
        "CREATE INDEX searchentry_vector_gin ON reports_searchentry USING gin (vector)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE reports_searchentry_fts USING fts5("
        "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    ],
}
DROP = {
    "postgresql": ["DROP INDEX IF EXISTS searchentry_vector_gin"],
    "sqlite": ["DROP TABLE IF EXISTS reports_searchentry_fts"],
}


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_search_entries")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
