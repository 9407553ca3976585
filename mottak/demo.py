"""The mottak's demo data (utvikling.demo orchestrates): households brought through the mottak's work at the
days it happened — the case opened by IMDi, the interview started and saved, notes written, Ferdigstill — up to
fordelingsklar, through the same services the pages use. `paa(dager_siden)` runs a step at that moment; the
answers come from the orchestrator, which knows who the people are."""

from imdinett.organisasjoner.models import Bruker
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person

from . import services

Saksstatus = Bosettingssak.Status
# What the mottak registers in the first conversation; the rest when the interview is completed.
FORSTE_SAMTALE = ("saerlig_hensyn", "saerlig_hensyn_beskrivelse", "merknad_sprak", "engelsk", "andre_sprak")


def gi_status(
    personer: list[Person],
    status,
    dager: int,
    paa,
    *,
    imdi: Bruker,
    ansatt: Bruker,
    svar: dict[int, dict],
    merknader: dict[int, str],
) -> None:
    """Bring a household's case, opened `dager` days ago, up to `status` (at most fordelingsklar, or
    avsluttet): started three days after opening, completed eleven days after (overdue when later)."""
    if status is None:
        return
    with paa(dager):
        saker.bosettingssak_opprett(personer=personer, av=imdi)
    if status == Saksstatus.OPPRETTET:
        return
    with paa(max(dager - 3, 0)):
        for person in personer:
            forste = {k: v for k, v in svar[person.pk].items() if k in FORSTE_SAMTALE}
            services.samtale_lagre(person=person, data=forste, av=ansatt)
    if status == Saksstatus.UNDER_KARTLEGGING:
        return
    with paa(max(dager - 11, 0)):
        for person in personer:
            services.samtale_lagre(person=person, data=svar[person.pk], av=ansatt)
            if person.pk in merknader:
                services.bosettingsmerknad_opprett(person=person, tekst=merknader[person.pk], av=ansatt)
        services.bosettingssamtale_ferdigstill(person=personer[0], av=ansatt)
    if status == Saksstatus.AVSLUTTET:
        with paa(max(dager - 30, 0)):
            saker.bosettingssak_avslutt(
                saker=Bosettingssak.objects.filter(person__in=personer),
                grunn=Bosettingssak.Avslutningsgrunn.SELVBOSATT,
                merknad="Familien har fått leiekontrakt på egen hånd og flyttet ut av mottaket.",
                av=imdi,
            )
