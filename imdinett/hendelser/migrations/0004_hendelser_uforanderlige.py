"""The audit records are written once (issue #10): on PostgreSQL the database itself refuses to change or
delete an event, its links to persons, or a line of the access log (innsynslogg), whatever the path (a
queryset update, raw SQL, a cascade); the models refuse on every database. Emptying a table whole
(TRUNCATE, as the test database is reset) is not refused.

Not on SQLite (the quick start): its test flush deletes row by row."""

from django.db import migrations

TABELLER = ("hendelser_hendelse", "hendelser_hendelse_personer", "personer_innsynslogg")

FUNKSJON = """
CREATE OR REPLACE FUNCTION logg_uforanderlig() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Loggen kan ikke endres eller slettes (% på %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def opprett(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNKSJON, None)  # no parameters: the % are the message's own
    for tabell in TABELLER:
        schema_editor.execute(
            f"CREATE TRIGGER {tabell}_uforanderlig BEFORE UPDATE OR DELETE ON {tabell} "
            "FOR EACH ROW EXECUTE FUNCTION logg_uforanderlig()"
        )


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabell in TABELLER:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabell}_uforanderlig ON {tabell}")
    schema_editor.execute("DROP FUNCTION IF EXISTS logg_uforanderlig()")


class Migration(migrations.Migration):
    dependencies = [
        ("hendelser", "0003_paaminnelse"),
        ("personer", "0005_karriereveiledning_bosettingsinformasjon_innsynslogg"),
    ]

    operations = [migrations.RunPython(opprett, fjern, elidable=False)]
