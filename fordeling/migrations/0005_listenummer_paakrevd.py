from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fordeling", "0004_listenummer_per_kommune_og_aar")]

    operations = [
        migrations.AlterField(
            model_name="fordelingsliste", name="aar", field=models.PositiveSmallIntegerField("År")
        ),
        migrations.AlterField(model_name="fordelingsliste", name="nummer", field=models.PositiveIntegerField("Nr.")),
        migrations.AddConstraint(
            model_name="fordelingsliste",
            constraint=models.UniqueConstraint(
                fields=("kommune", "aar", "nummer"), name="liste_nummer_per_kommune_og_aar"
            ),
        ),
    ]
