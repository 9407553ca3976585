"""Issue «Tilgang»: the kommune's letter «Bosetting av flyktninger» names the persons the list accepted
(dokumenter 0003 added the field; letters are read only by users who reach every person they name)."""

from django.db import migrations


def fyll_ut(apps, schema_editor):
    Fordelingslinje = apps.get_model("fordeling", "Fordelingslinje")
    Navngitt = apps.get_model("dokumenter", "Dokument").personer.through
    Navngitt.objects.bulk_create(
        [
            Navngitt(dokument_id=brev_id, person_id=person_id)
            for brev_id, person_id in Fordelingslinje.objects.filter(
                liste__brev__isnull=False, bosettes=True
            ).values_list("liste__brev_id", "person_id")
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("fordeling", "0002_fordelingslinje_mottak_tilbakemelding_and_more"),
        ("dokumenter", "0003_tillatelse_personer"),
    ]

    operations = [migrations.RunPython(fyll_ut, migrations.RunPython.noop)]
