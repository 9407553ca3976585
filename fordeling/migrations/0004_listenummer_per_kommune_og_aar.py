"""#19 no. 9: a fordelingsliste's «nr.» counts the kommune's lists of the year (Sortland's were nr. 1, 2 and 5,
numbered across the country). The existing lists are numbered per kommune and year in the order they were made,
and their names say the new number; 0005 then makes the fields required and unique."""

import re

from django.db import migrations, models
from django.utils import timezone

NR = re.compile(r"nr\. \d+$")


def nummerer(apps, schema_editor):
    Fordelingsliste = apps.get_model("fordeling", "Fordelingsliste")
    teller = {}
    for liste in Fordelingsliste.objects.order_by("opprettet", "pk").iterator():
        aar = timezone.localtime(liste.opprettet).year
        teller[(liste.kommune_id, aar)] = nummer = teller.get((liste.kommune_id, aar), 0) + 1
        liste.aar, liste.nummer = aar, nummer
        liste.navn = NR.sub(f"nr. {nummer}", liste.navn)
        liste.save(update_fields=["aar", "nummer", "navn"])


class Migration(migrations.Migration):
    dependencies = [("fordeling", "0003_brev_navngir_personene")]

    operations = [
        migrations.AddField(
            model_name="fordelingsliste", name="aar", field=models.PositiveSmallIntegerField("År", null=True)
        ),
        migrations.AddField(
            model_name="fordelingsliste", name="nummer", field=models.PositiveIntegerField("Nr.", null=True)
        ),
        migrations.RunPython(nummerer, migrations.RunPython.noop),
    ]
