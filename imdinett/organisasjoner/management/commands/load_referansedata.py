"""Load the reference data shipped in imdinett/organisasjoner/data/ (idempotent).

Kommuner (357, 2024 numbers with county), Oslo's and the other cities' bydeler, postcodes,
and the two national organisations IMDi and Bufetat. Sources: docs/referansedata.md.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from imdinett.organisasjoner.models import Kommune, Organisasjon, Postnummer

DATA = Path(__file__).resolve().parents[2] / "data"


def _les(navn: str) -> list[dict]:
    with open(DATA / navn, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Command(BaseCommand):
    help = "Laster referansedata: kommuner, bydeler, postnumre, IMDi og Bufetat."

    @transaction.atomic
    def handle(self, *args, **options):
        postnumre = [
            Postnummer(
                nummer=r["postnummer"], poststed=r["poststed"].title(), kommunenummer=r["kommunenummer"]
            )
            for r in _les("postnummer.csv")
        ]
        Postnummer.objects.bulk_create(
            postnumre,
            update_conflicts=True,
            unique_fields=["nummer"],
            update_fields=["poststed", "kommunenummer"],
        )
        finnes = {k.nummer: k for k in Kommune.objects.all()}
        nye = endret = 0
        for r in _les("kommuner_2024.csv"):
            felt = {"navn": r["navn"], "fylkesnummer": r["fylkesnummer"], "fylke": r["fylke"]}
            nye, endret = self._lagre(finnes, r["kommunenummer"], felt, nye, endret)
        for r in _les("bydeler.csv"):
            kommune = finnes[r["kommunenummer"]]
            felt = {
                "navn": r["navn"],
                "fylkesnummer": kommune.fylkesnummer,
                "fylke": kommune.fylke,
                "overordnet": kommune,
            }
            nye, endret = self._lagre(finnes, r["bydelsnummer"], felt, nye, endret)
        for type_, navn in [(Organisasjon.Type.IMDI, "IMDi"), (Organisasjon.Type.BUFETAT, "Bufetat")]:
            Organisasjon.objects.get_or_create(type=type_, defaults={"navn": navn})
        self.stdout.write(
            f"Referansedata: {len(postnumre)} postnumre, {nye} nye og {endret} endrede kommuner/bydeler."
        )

    @staticmethod
    def _lagre(finnes: dict, nummer: str, felt: dict, nye: int, endret: int) -> tuple[int, int]:
        kommune = finnes.get(nummer)
        if kommune is None:
            finnes[nummer] = Kommune.objects.create(nummer=nummer, **felt)
            return nye + 1, endret
        if any(getattr(kommune, k) != v for k, v in felt.items()):
            for k, v in felt.items():
                setattr(kommune, k, v)
            kommune.save()
            return nye, endret + 1
        return nye, endret
