"""Personsøk by name on PostgreSQL: a trigram index on the upper-cased name parts, so `icontains`
(UPPER(col) LIKE UPPER('%…%')) finds the rows through the index instead of reading every person.

Not in Person.Meta.indexes: a GIN index does not exist on SQLite (the quick start), so it is made here, on
PostgreSQL only; the pg_trgm extension is trusted (PostgreSQL 13+), so the database owner may create it."""

from django.db import migrations

NAVN = ("fornavn", "mellomnavn", "etternavn")
INDEKS = "personer_person_navn_trgm"


def opprett(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    kolonner = ", ".join(f"UPPER({n}::text) gin_trgm_ops" for n in NAVN)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEKS} ON personer_person USING gin ({kolonner})")


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEKS}")


class Migration(migrations.Migration):
    dependencies = [("personer", "0005_karriereveiledning_bosettingsinformasjon_innsynslogg")]

    operations = [migrations.RunPython(opprett, fjern, elidable=False)]
