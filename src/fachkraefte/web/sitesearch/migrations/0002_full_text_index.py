"""The full-text index over ``SearchDocument.terms``, one per database.

SQLite: an FTS5 table with external content (the documents' own table) kept in step by
triggers. PostgreSQL: a generated ``tsvector`` column of the ``simple`` configuration (no
stemming, no stop words: the terms are already analysed in Python) with a GIN index.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE sitesearch_fts USING fts5(
        terms, content='sitesearch_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER sitesearch_fts_insert AFTER INSERT ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    """CREATE TRIGGER sitesearch_fts_delete AFTER DELETE ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, terms)
        VALUES ('delete', old.id, old.terms);
    END""",
    """CREATE TRIGGER sitesearch_fts_update AFTER UPDATE ON sitesearch_searchdocument BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, terms)
        VALUES ('delete', old.id, old.terms);
        INSERT INTO sitesearch_fts(rowid, terms) VALUES (new.id, new.terms);
    END""",
    "INSERT INTO sitesearch_fts(sitesearch_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS sitesearch_fts_insert",
    "DROP TRIGGER IF EXISTS sitesearch_fts_delete",
    "DROP TRIGGER IF EXISTS sitesearch_fts_update",
    "DROP TABLE IF EXISTS sitesearch_fts",
]
POSTGRES_CREATE = [
    """ALTER TABLE sitesearch_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    """CREATE INDEX sitesearch_searchdocument_vector
        ON sitesearch_searchdocument USING GIN (search_vector)""",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS sitesearch_searchdocument_vector",
    "ALTER TABLE sitesearch_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
