"""Distribution's demo data (utvikling.demo orchestrates): a kommune's fordelingslister over the past months at
the days they happened, through the services the admin and the kommune's pages use — an older list answered
(households since settled, one declined, one refusing), a newer one accepted and awaiting settlement, one not
yet answered («Ny») — and the kommune's feedback on a settled person. `paa(dager_siden)` runs a step then."""

from datetime import timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker, Kommune
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person

from . import services as fordeling

Saksstatus = Bosettingssak.Status
AVSLAG = [
    "Kommunen har ikke bolig med nok soverom til familien nå.",
    "Vi mangler tilrettelagt bolig på bakkeplan.",
    "Barnehagekapasiteten er full ut året.",
]


def _liste(kommune, husstander, imdi, svarer, paa, sendt: int, svart: int | None, uker: int, avslaatt=()):
    """One list sent `sendt` days ago and, unless `svart` is None, answered `svart` days ago with the expected
    week `uker` weeks after the answer; the households in `avslaatt` declined with a reason."""
    if not husstander:
        return
    with paa(sendt):
        liste = fordeling.fordelingsliste_lagre(
            kommune=kommune, husstander={p[0].husstand_id: None for p in husstander}, av=imdi
        )
        fordeling.fordelingsliste_send(
            liste=liste, overskridelse_begrunnelse="Kommunen har meldt inn ledig bolig.", av=imdi
        )
    if svart is None:
        return
    with paa(svart):
        uke = timezone.localdate() + timedelta(weeks=uker)
        svar = {}
        for i, personer in enumerate(husstander):
            nei = any(p is personer for p in avslaatt)
            for person in personer:
                svar[person.pk] = {
                    "bosettes": not nei,
                    "begrunnelse": AVSLAG[i % len(AVSLAG)] if nei else "",
                    "forventet_uke": None if nei else uke,
                }
        fordeling.fordelingsliste_bekreft(liste=liste, svar=svar, av=svarer)
        fordeling.fordelingsliste_send_svar(liste=liste, av=svarer)


def fordel(
    kommune: Kommune, husstander: dict[str, list[list[Person]]], imdi: Bruker, svarer: Bruker, paa
) -> None:
    """`husstander` by how their story ends: «bosatt», «nekt», «avslaatt» (declined, fordelingsklar again),
    «venter_dato» (outside mottak, the kommune registers the settlement date itself), «sokt_ut», «fordelt»."""
    eldre = husstander["bosatt"] + husstander["nekt"] + husstander["avslaatt"] + husstander["venter_dato"]
    _liste(kommune, eldre, imdi, svarer, paa, sendt=75, svart=68, uker=3, avslaatt=husstander["avslaatt"])
    _liste(kommune, husstander["sokt_ut"], imdi, svarer, paa, sendt=24, svart=16, uker=5)
    _liste(kommune, husstander["fordelt"], imdi, svarer, paa, sendt=4, svart=None, uker=0)
    for personer in husstander["nekt"]:
        with paa(55):
            saker.bosettingssak_registrer_nekt(
                saker=list(Bosettingssak.objects.filter(person__in=personer)),
                dato=timezone.localdate(),
                merknad="Beboeren ønsker ikke å flytte så langt fra slekt og takker nei til tilbudet.",
                av=imdi,
            )
    for personer in husstander["bosatt"]:
        with paa(45):
            if personer[0].mottak_id:  # the mottak's move-out (the MOT integration's stand-in)
                saker.bosettingssak_registrer_utflyttet(personer=personer, dato=timezone.localdate(), av=imdi)
            else:  # privatboende, AMOT, institusjon: the kommune registers the date
                for person in personer:
                    fordeling.bosettingsdato_registrer(
                        kommune=kommune, person_id=person.pk, dato=timezone.localdate(), av=svarer
                    )


def tilbakemelding(kommune: Kommune, skriver: Bruker, paa) -> None:
    """The kommune's feedback on a settled person (what the interview missed)."""
    bosatt = Person.objects.filter(  # one who came from a mottak (the feedback is grouped per mottak)
        bosettingssak__kommune=kommune,
        bosettingssak__status=Saksstatus.BOSATT,
        fordelingslinjer__mottak__isnull=False,
    ).first()
    if bosatt is not None:
        with paa(30):
            fordeling.tilbakemelding_registrer(
                kommune=kommune,
                person_id=bosatt.pk,
                kategori="mottak",
                mangler=["kjaeledyr"],
                tekst="Familien hadde en katt som ikke var nevnt i kartleggingen.",
                av=skriver,
            )
