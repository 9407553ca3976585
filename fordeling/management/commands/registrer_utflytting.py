"""The stand-in for the MOT integration: a mottak's residents registered as moved out to their kommune."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from imdinett.feil import DomeneFeil
from imdinett.identitetsnummer import duf_normaliser
from imdinett.personer.models import Person
from imdinett.personer.services import bosettingssak_registrer_utflyttet


class Command(BaseCommand):
    help = "Registrer utflytting fra mottak: personene (hele husstanden) blir bosatt på datoen."

    def add_arguments(self, parser):
        parser.add_argument(
            "duf", nargs="+", help="DUF-nummer (12 siffer) for hver person som har flyttet ut"
        )
        parser.add_argument(
            "--dato", required=True, type=date.fromisoformat, help="Utflyttingsdato, ÅÅÅÅ-MM-DD"
        )

    def handle(self, *args, duf, dato, **options):
        nummer = [duf_normaliser(d) for d in duf]
        personer = list(Person.objects.filter(duf_nummer__in=nummer))
        ukjente = set(nummer) - {p.duf_nummer for p in personer}
        if ukjente:
            raise CommandError(f"Ukjent DUF-nummer: {', '.join(sorted(ukjente))}")
        try:
            saker = bosettingssak_registrer_utflyttet(personer=personer, dato=dato, av=None)
        except DomeneFeil as e:
            raise CommandError(e.melding) from e
        self.stdout.write(f"{len(saker)} personer registrert bosatt {dato:%d.%m.%Y}.")
