"""Applying a valid message: one function per type, each through the lifecycle's services (which lock the
rows, check the move and record the Hendelse). A message naming a person who is not here yet raises `Venter`;
a refusal (an unknown mottak, an illegal move) is the services' DomeneFeil. The events carry no user: the
system applied what UDI or MOT reported."""

from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.models import Mottak
from imdinett.personer.models import Bosettingssak, Husstand, Person
from imdinett.personer.services import (
    bosettingssak_avslutt,
    bosettingssak_opprett,
    bosettingssak_registrer_utflyttet,
    person_flytt_mottak,
)
from imdinett.uker import mandag

from .meldinger import Flytting, Innvilget, Meldingstype, TillatelseInnvilget, TillatelseTrukket, Utflyttet

S = Bosettingssak.Status


class Venter(Exception):
    """The message names a person who is not here yet; it is applied when a later message brings them."""

    def __init__(self, nb: str, en: str):
        super().__init__(nb)
        self.feil = {"felt": "duf_nummer", "nb": nb, "en": en}


def mottak_for(mottak_id: str) -> Mottak:
    mottak = Mottak.objects.filter(udi_mot_id=mottak_id).first()
    if mottak is None:
        raise DomeneFeil(f"Ukjent mottak «{mottak_id}» (MottaksID i UDI Mot).", felt="mottak")
    return mottak


def _personer(duf: list[str]) -> list[Person]:
    personer = list(Person.objects.filter(duf_nummer__in=duf).select_related("husstand", "mottak"))
    mangler = ", ".join(sorted(set(duf) - {p.duf_nummer for p in personer}))
    if mangler:
        raise Venter(
            f"Venter på tillatelse for DUF-nummer {mangler}.",
            f"Waiting for the permit of DUF number {mangler}.",
        )
    return personer


def ny_person(
    melding: TillatelseInnvilget, p: Innvilget, husstand: Husstand, mottak: Mottak | None
) -> Person:
    """A person the permit brings, unsaved; the mottak and plasstype only here (MOT tells of later moves)."""
    return Person(
        duf_nummer=p.duf_nummer,
        mottak=mottak,
        plasstype=p.plasstype if mottak else "",
        **personfelt(melding, p, husstand),
    )


def personfelt(melding: TillatelseInnvilget, p: Innvilget, husstand: Husstand) -> dict:
    return {
        **p.personfelt(),
        "husstand": husstand,
        "beskyttelse": melding.beskyttelse,
        "sakstype": melding.sakstype,
    }


def tillatelse_innvilget(melding: TillatelseInnvilget) -> None:
    """Create or update the household and the persons; a case for each who has none. An existing person
    keeps their mottak: where they live is MOT's to tell, and its report may have come first."""
    husstand = Husstand.objects.select_for_update().get_or_create(reg_nr=melding.reg_nr)[0]
    mottak = mottak_for(melding.mottak) if melding.mottak else None
    duf = [p.duf_nummer for p in melding.personer]
    finnes = Person.objects.select_for_update().in_bulk(duf, field_name="duf_nummer")
    fnr = {p.fodselsnummer: p.duf_nummer for p in melding.personer if p.fodselsnummer}
    for brukt in Person.objects.filter(fodselsnummer__in=fnr).exclude(duf_nummer__in=duf)[:1]:
        raise DomeneFeil(
            f"Fødselsnummeret til DUF-nummer {fnr[brukt.fodselsnummer]} tilhører en annen person.",
            felt="fodselsnummer",
        )
    personer = []
    for p in melding.personer:
        person = finnes.get(p.duf_nummer)
        if person is None:
            person = ny_person(melding, p, husstand, mottak)
        else:
            for navn, verdi in personfelt(melding, p, husstand).items():
                setattr(person, navn, verdi)
        person.save()
        personer.append(person)
    har_sak = set(Bosettingssak.objects.filter(person__in=personer).values_list("person_id", flat=True))
    if nye := [p for p in personer if p.pk not in har_sak]:
        bosettingssak_opprett(personer=nye, av=None)
    if melding.forste_mulige_uke or melding.siste_mulige_uke:  # overføringsflyktninger (seed 002)
        Bosettingssak.objects.filter(person__in=personer).update(
            forste_mulige_uke=melding.forste_mulige_uke and mandag(melding.forste_mulige_uke),
            siste_mulige_uke=melding.siste_mulige_uke and mandag(melding.siste_mulige_uke),
            endret=timezone.now(),
        )


def flytting(melding: Flytting) -> None:
    person_flytt_mottak(
        personer=_personer(melding.duf_nummer),
        mottak=mottak_for(melding.mottak),
        plasstype=melding.plasstype,
        dato=melding.dato,
        av=None,
    )


def tillatelse_trukket(melding: TillatelseTrukket) -> None:
    merknad = f"Tillatelsen er trukket tilbake av UDI. {melding.begrunnelse}".strip()
    bosettingssak_avslutt(
        saker=Bosettingssak.objects.filter(person__in=_personer(melding.duf_nummer)),
        grunn=Bosettingssak.Avslutningsgrunn.UTENFOR_MAALGRUPPEN,
        merknad=merknad,
        av=None,
    )


# The cases MOT may report moved out before IMDinett has them søkt ut (the kommune's answer not yet sent):
# «utflyttet» waits for the answer, as it waits for the permit.
FOER_SOKT_UT = {S.OPPRETTET, S.UNDER_KARTLEGGING, S.FORDELINGSKLAR, S.FORDELT}


def utflyttet(melding: Utflyttet) -> None:
    personer = _personer(melding.duf_nummer)
    saker = Bosettingssak.objects.filter(person__in=personer, status__in=FOER_SOKT_UT).select_related(
        "person"
    )
    if tidlig := ", ".join(sorted(s.person.duf_nummer for s in saker)):
        raise Venter(
            f"Venter på at bosettingssaken til DUF-nummer {tidlig} blir søkt ut.",
            f"Waiting for the settlement case of DUF number {tidlig} to be søkt ut (accepted by a kommune).",
        )
    bosettingssak_registrer_utflyttet(personer=personer, dato=melding.dato, av=None)


T = Meldingstype
BEHANDLING = {
    T.TILLATELSE_INNVILGET: tillatelse_innvilget,
    T.SAK_FLYTTET: flytting,
    T.TILLATELSE_TRUKKET: tillatelse_trukket,
    T.ANKOMMET_MOTTAK: flytting,
    T.UTFLYTTET: utflyttet,
}
