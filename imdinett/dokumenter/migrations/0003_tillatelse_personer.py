"""Issue «Tilgang»: a letter is read with the permission of its page and names its persons.

Existing letters: «Anmodningsbrev» is read with anmodning.les, every other letter (the person letters and
the kommune's «Bosetting av flyktninger») with dokument.les, the field's default; a letter about one person
names that person. The persons of a list's letter are filled in by fordeling's migration 0003 (the core
does not know the lists)."""

from django.db import migrations, models


def fyll_ut(apps, schema_editor):
    Dokument = apps.get_model("dokumenter", "Dokument")
    Dokument.objects.filter(type="anmodningsbrev").update(tillatelse="anmodning.les")
    Navngitt = Dokument.personer.through
    Navngitt.objects.bulk_create(
        [
            Navngitt(dokument_id=pk, person_id=person_id)
            for pk, person_id in Dokument.objects.filter(person__isnull=False).values_list("pk", "person_id")
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dokumenter", "0002_initial"),
        ("personer", "0006_navnesok_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="dokument",
            name="personer",
            field=models.ManyToManyField(
                blank=True,
                help_text="Den som leser brevet må nå hver av dem; nedlastingen logges for hver av dem.",
                related_name="nevnt_i_dokumenter",
                to="personer.person",
                verbose_name="Personer brevet nevner",
            ),
        ),
        migrations.AddField(
            model_name="dokument",
            name="tillatelse",
            field=models.CharField(
                default="dokument.les",
                help_text="Tillatelsen (organisasjoner.tilgang) brukeren må ha hos mottakeren for å åpne brevet.",
                max_length=60,
                verbose_name="Leses med tillatelsen",
            ),
        ),
        migrations.RunPython(fyll_ut, migrations.RunPython.noop),
    ]
