"""Distribution's demo data (utvikling.demo orchestrates): real fordelingslister — one the kommune has not
answered, one accepted with its letters — then settlements and refusals, and the kommune's feedback on a
settled person."""

from datetime import timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker, Kommune
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person

from . import services as fordeling

Saksstatus = Bosettingssak.Status


def fordel(
    kommune: Kommune, husstander: list[tuple[list[Person], str]], imdi: Bruker, svarer: Bruker
) -> None:
    """Fordelt and later statuses go through real fordelingslister: one list the kommune has not
    answered («Ny»), one it has accepted (letters included); then some are settled or refuse."""
    idag = timezone.localdate()
    ny = [p for p, status in husstander if status == Saksstatus.FORDELT]
    besvart = [(p, status) for p, status in husstander if status != Saksstatus.FORDELT]
    for gruppe in (ny, [p for p, _ in besvart]):
        if not gruppe:
            continue
        liste = fordeling.fordelingsliste_lagre(
            kommune=kommune, husstander={p[0].husstand_id: None for p in gruppe}, av=imdi
        )
        fordeling.fordelingsliste_send(liste=liste, overskridelse_begrunnelse="Demodata", av=imdi)
        if gruppe is ny:
            continue
        uke = idag + timedelta(weeks=2)
        svar = {
            person.pk: {"bosettes": True, "begrunnelse": "", "forventet_uke": uke}
            for personer in gruppe
            for person in personer
        }
        fordeling.fordelingsliste_bekreft(liste=liste, svar=svar, av=svarer)
        fordeling.fordelingsliste_send_svar(liste=liste, av=svarer)
    for personer, status in besvart:
        sakene = list(Bosettingssak.objects.filter(person__in=personer))
        if status == Saksstatus.BOSETTINGSNEKT:
            saker.bosettingssak_registrer_nekt(
                saker=sakene, dato=idag, merknad="Beboer ønsker ikke å flytte til kommunen.", av=imdi
            )
        elif status == Saksstatus.BOSATT:
            saker.bosettingssak_registrer_utflyttet(personer=personer, dato=idag - timedelta(days=3), av=imdi)


def tilbakemelding(kommune: Kommune, skriver: Bruker) -> None:
    """The kommune's feedback on a settled person (what the interview missed)."""
    bosatt = Person.objects.filter(
        bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.BOSATT
    ).first()
    if bosatt is not None:
        fordeling.tilbakemelding_registrer(
            kommune=kommune,
            person_id=bosatt.pk,
            kategori="mottak",
            mangler=["kjaeledyr"],
            tekst="Familien hadde en katt som ikke var nevnt i kartleggingen.",
            av=skriver,
        )
