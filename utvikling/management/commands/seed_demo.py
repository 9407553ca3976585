from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from utvikling import demo, nasjonal


class Command(BaseCommand):
    help = (
        "Demodata: organisasjoner, demobrukere (passord «demo») og beboere. --scale national for benchmark."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo")

    def handle(self, *args, scale, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo lager brukere med passordet «demo» og nektes når DJANGO_DEBUG er av."
            )
        resultat = demo.seed_demo()
        self.stdout.write(f"Demodata klar: {resultat['personer']} personer.")
        if scale == "national":
            self.stdout.write(nasjonal.seed_national())
