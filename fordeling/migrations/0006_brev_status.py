from django.db import migrations, models


def besvarte_har_brevene(apps, schema_editor):
    """Lists answered before #21 had their letters made inside the answer."""
    apps.get_model("fordeling", "Fordelingsliste").objects.filter(status="besvart").update(brev_status="laget")


class Migration(migrations.Migration):
    dependencies = [("fordeling", "0005_listenummer_paakrevd")]

    operations = [
        migrations.AddField(
            model_name="fordelingsliste",
            name="brev_bestilt",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Brevene bestilt"),
        ),
        migrations.AddField(
            model_name="fordelingsliste",
            name="brev_feil",
            field=models.TextField(blank=True, verbose_name="Feil da brevene skulle lages"),
        ),
        migrations.AddField(
            model_name="fordelingsliste",
            name="brev_status",
            field=models.CharField(
                blank=True,
                choices=[("venter", "Brevene lages"), ("laget", "Laget"), ("feilet", "Brevene kunne ikke lages")],
                help_text="Tomt til listen er besvart.",
                max_length=6,
                verbose_name="Brev",
            ),
        ),
        migrations.RunPython(besvarte_har_brevene, migrations.RunPython.noop),
    ]
