"""`manage.py innboks_import`: a first import of a whole country through the inbox (utvikling.landsimport), with
persons per second."""

from django.core.management.base import BaseCommand

from utvikling.landsimport import landsimport


class Command(BaseCommand):
    help = "Førstegangsimport av et helt land gjennom innboksen (UDI «tillatelse innvilget»), med personer/s."

    def add_arguments(self, parser):
        parser.add_argument("--personer", type=int, default=40_000, help="Omtrent så mange personer")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--parti", type=int, default=500, help="Meldinger per transaksjon")
        parser.add_argument("--varsle", action="store_true", help="Varsle mottakene om de nye sakene")
        parser.add_argument("--rull-tilbake", action="store_true", help="Bare mål: databasen blir som før")

    def handle(self, *args, personer, seed, parti, varsle, rull_tilbake, **options):
        m = landsimport(
            antall_personer=personer, seed=seed, parti=parti, varsle=varsle, rull_tilbake=rull_tilbake
        )
        utfall = ", ".join(f"{k}: {v}" for k, v in sorted(m["resultat"].items()))
        self.stdout.write(
            f"{m['meldinger']} meldinger, {m['personer']} personer på {m['sekunder']} s: "
            f"{m['personer_per_sekund']} personer/s ({utfall})."
        )
