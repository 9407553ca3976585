"""The mottak's demo data (utvikling.demo orchestrates): households brought through the mottak's work —
the case opened, kartlegging started, the bosettingssamtale completed, Ferdigstill — up to fordelingsklar."""

from datetime import timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingsmerknad, Bosettingssak, Bosettingssamtale, Person

P = Person
Saksstatus = Bosettingssak.Status


def samtale(personer: list[Person], av: Bruker) -> None:
    """A completed interview with every mandatory answer: what a kommune will see at distribution."""
    for person in personer:
        voksen = person.alder() >= 18
        em = person.persontype in (P.Persontype.ENSLIG_MINDREAARIG, P.Persontype.EM_MED_FOLGEPERSON)
        tilrettelagt = person.plasstype == P.Plasstype.TILRETTELAGT
        svar = {
            "kompass_aarsak": "Vertskommunen gjennomfører kompetansekartlegging."
            if person.alder() >= 16
            else "",
            "har_venner_familie": False if voksen or em else None,
            "saerlig_hensyn": tilrettelagt,
            "saerlig_hensyn_beskrivelse": "Kan ikke gå i trapper; trenger bolig på bakkeplan."
            if tilrettelagt
            else "",
            "merknad_yrke": "Har arbeidet som snekker i seks år." if voksen else "",
        }
        if voksen and person.beskyttelse == P.Beskyttelse.KOLLEKTIV:
            svar |= {
                "kjaeledyr": True,
                "kjaeledyr_beskrivelse": "Katt",
                "hoyeste_utdanning": Bosettingssamtale.Utdanningsnivaa.VIDEREGAAENDE,
                "utdanning_fagfelt": "Elektrofag",
                "siste_yrke": "Elektriker",
                "engelsk": Bosettingssamtale.Spraknivaa.GODT,
                "forerkort": True,
                "forerkort_klasser": "B",
                "bil_i_norge": False,
            }
        if em:
            svar |= {
                "em_familie_i_norge": "Ingen kjent familie i Norge.",
                "em_utdanning": "Sju år grunnskole.",
                "em_selvstendighet": Bosettingssamtale.Selvstendighet.MIDDELS,
                "em_selvstendighet_begrunnelse": "Klarer daglige gjøremål, trenger hjelp med skole og økonomi.",
                "em_omsorgslosning": Bosettingssamtale.Omsorgslosning.DELVIS,
                "em_omsorgslosning_begrunnelse": "Trives sammen med jevnaldrende og trenger voksne tilgjengelig.",
            }
        if person.persontype == P.Persontype.EM_MED_FOLGEPERSON:
            svar["folgeperson_vurdering"] = "God og trygg tilknytning til følgepersonen."
        Bosettingssamtale.objects.create(person=person, endret_av=av, **svar)
        if voksen or em:
            Bosettingsmerknad.objects.create(
                person=person, tekst="Ønsker å bo nær kollektivtransport og idrettslag.", opprettet_av=av
            )


def gi_status(personer: list[Person], status, dager: int, imdi: Bruker) -> None:
    """Bring a household's case up to `status` (at most fordelingsklar, or avsluttet) through the
    lifecycle service (events included)."""
    if status is None:
        return
    opprettet = timezone.now() - timedelta(days=dager)
    liste = saker.bosettingssak_opprett(personer=personer, av=imdi, opprettet=opprettet)
    if status == Saksstatus.OPPRETTET:
        return
    liste = saker.bosettingssak_start_kartlegging(saker=liste, av=imdi)
    if status == Saksstatus.UNDER_KARTLEGGING:
        return
    samtale(personer, imdi)
    liste = saker.bosettingssak_ferdigstill(saker=liste, av=imdi)
    if status == Saksstatus.AVSLUTTET:
        saker.bosettingssak_avslutt(saker=liste, grunn=Bosettingssak.Avslutningsgrunn.SELVBOSATT, av=imdi)
