"""Indexes for history that grows (issue #21): the lists' newest-first order, and on PostgreSQL a trigram
index for the admin's title search (`icontains`, as personer 0006 does for names; no GIN on SQLite)."""

from django.conf import settings
from django.db import migrations, models

TITTEL = "hendelser_hendelse_tittel_trgm"


def tittel_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TITTEL} ON hendelser_hendelse USING gin (UPPER(tittel::text) gin_trgm_ops)"
        )


def fjern_tittel_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TITTEL}")


class Migration(migrations.Migration):
    dependencies = [
        ("hendelser", "0007_varsel_tillatelse"),
        ("organisasjoner", "0004_bruker_oidc_sub"),
        ("personer", "0008_innsynslogg_tid"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="hendelse",
            index=models.Index(fields=["-tidspunkt", "-id"], name="hendelse_tid"),
        ),
        migrations.AddIndex(
            model_name="hendelse",
            index=models.Index(fields=["organisasjon", "-tidspunkt", "-id"], name="hendelse_org_tid"),
        ),
        migrations.AddIndex(
            model_name="varsel",
            index=models.Index(fields=["organisasjon", "-opprettet", "-id"], name="varsel_org_tid"),
        ),
        migrations.RunPython(tittel_trigram, fjern_tittel_trigram, elidable=False),
    ]
