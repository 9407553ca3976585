"""Retention (issue #21, docs/beslutninger.md «Lagringstid for historikk»): the access log stays unchangeable
(hendelser 0004), but on PostgreSQL the database now lets a line go once it is past its five years
(`personer.services.INNSYNSLOGG_LAGRES`, 1,826 days), and only then: the nightly deletion works, any other
UPDATE or DELETE is still refused."""

from django.db import migrations

FUNKSJON = """
CREATE OR REPLACE FUNCTION innsynslogg_lagringstid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.tidspunkt < now() - interval '1826 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Loggen kan ikke endres eller slettes (% på %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""
TRIGGER = "personer_innsynslogg_uforanderlig"


def opprett(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNKSJON, None)  # no parameters: the % are the message's own
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON personer_innsynslogg")
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON personer_innsynslogg "
        "FOR EACH ROW EXECUTE FUNCTION innsynslogg_lagringstid()"
    )


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON personer_innsynslogg")
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON personer_innsynslogg "
        "FOR EACH ROW EXECUTE FUNCTION logg_uforanderlig()"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS innsynslogg_lagringstid()")


class Migration(migrations.Migration):
    dependencies = [("personer", "0009_plasstype_i_ord"), ("hendelser", "0004_hendelser_uforanderlige")]

    operations = [migrations.RunPython(opprett, fjern, elidable=False)]
