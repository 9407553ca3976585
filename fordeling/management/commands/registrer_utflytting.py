"""The stand-in for MOT: a mottak's residents registered as moved out to their kommune, sent as MOT's
«utflyttet» message through the inbox (`imdinett.innboks.services.ta_imot`), the path the integration takes."""

import uuid
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from imdinett.feil import DomeneFeil
from imdinett.innboks.meldinger import Kilde, Meldingstype
from imdinett.innboks.models import Innboksmelding
from imdinett.innboks.services import ta_imot


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
        try:
            melding, _ = ta_imot(
                kilde=Kilde.MOT,
                melding_id=f"registrer_utflytting-{uuid.uuid4()}",
                type=Meldingstype.UTFLYTTET,
                data={"duf_nummer": duf, "dato": dato.isoformat()},
                avsender="manage.py registrer_utflytting",
            )
        except DomeneFeil as e:
            raise CommandError(e.melding) from e
        feil = " ".join(f["nb"] for f in melding.feil)
        if melding.status == Innboksmelding.Status.BEHANDLET:
            self.stdout.write(f"{len(duf)} personer registrert bosatt {dato:%d.%m.%Y}.")
        elif melding.status == Innboksmelding.Status.VENTER:
            self.stdout.write(f"Meldingen venter i innboksen: {feil}")
        else:
            raise CommandError(f"{melding.get_status_display()}: {feil}")
