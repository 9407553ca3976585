"""The settlement case lifecycle (DOMAIN.md, "Settlement case lifecycle").

Each public function is one transition for one or more cases: checked against OVERGANGER,
atomic, locking the rows it changes, recording one Hendelse on the persons (and on the kommune
when one is involved). An illegal move raises DomeneFeil and changes nothing.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import epost_legg_i_utboks, hendelse_registrer, varsel_send
from imdinett.organisasjoner.models import Kommune, Kontaktperson

from .models import Bosettingssak, Person, Personliste

S = Bosettingssak.Status

OVERGANGER: dict[str, set[str]] = {
    S.OPPRETTET: {S.UNDER_KARTLEGGING, S.FORDELINGSKLAR, S.AVSLUTTET},
    S.UNDER_KARTLEGGING: {S.FORDELINGSKLAR, S.AVSLUTTET},
    S.FORDELINGSKLAR: {S.FORDELT, S.AVSLUTTET},
    S.FORDELT: {S.FORDELINGSKLAR, S.SOKT_UT},
    S.SOKT_UT: {S.BOSATT, S.BOSETTINGSNEKT, S.AVSLUTTET},
    # After a refusal the kommune keeps the offer; the case goes on by letter (seed 003 §2.9).
    S.BOSETTINGSNEKT: {S.BOSATT, S.AVSLUTTET},
    S.BOSATT: set(),
    S.AVSLUTTET: set(),
}

# Moves that concern a household as a whole: distributed, accepted or declined together.
HUSSTANDSOVERGANGER = {S.FORDELT, S.SOKT_UT}


def _hent_laast(saker: Iterable[Bosettingssak]) -> list[Bosettingssak]:
    ider = sorted({s.pk for s in saker})
    if not ider:
        raise DomeneFeil("Ingen bosettingssaker er valgt.")
    laast = list(Bosettingssak.objects.select_for_update().filter(pk__in=ider).order_by("pk"))
    # select_related cannot follow nullable joins under FOR UPDATE on PostgreSQL; load persons separately.
    personer = Person.objects.in_bulk([s.person_id for s in laast])
    for s in laast:
        s.person = personer[s.person_id]
    return laast


def _kommune_for(saker) -> Kommune:
    ider = {s.kommune_id for s in saker}
    if len(ider) != 1 or None in ider:
        raise DomeneFeil("Bosettingssakene er ikke fordelt til én kommune.")
    return Kommune.objects.get(pk=ider.pop())


def _krev_hele_husstander(saker: list[Bosettingssak], fra: str) -> None:
    husstander = {s.person.husstand_id for s in saker}
    valgt = {s.pk for s in saker}
    resten = Bosettingssak.objects.filter(person__husstand_id__in=husstander, status=fra).exclude(
        pk__in=valgt
    )
    if resten.exists():
        raise DomeneFeil("En husstand må behandles samlet: alle medlemmer med samme Reg-nr må være med.")


def _overgang(
    saker: Iterable[Bosettingssak],
    *,
    til: str,
    av,
    kode: str,
    tittel: str,
    tekst: str = "",
    kommune: Kommune | None = None,
    felt: dict | None = None,
) -> list[Bosettingssak]:
    laast = _hent_laast(saker)
    for sak in laast:
        if til not in OVERGANGER[sak.status]:
            raise DomeneFeil(
                f"Bosettingssaken til {sak.person.duf_formatert} kan ikke gå fra "
                f"«{sak.get_status_display()}» til «{S(til).label}»."
            )
    if til in HUSSTANDSOVERGANGER or laast[0].status == S.FORDELT:
        if len({s.status for s in laast}) > 1:
            raise DomeneFeil("Alle i husstanden må ha samme status.")
        _krev_hele_husstander(laast, laast[0].status)
    felt = felt or {}
    naa = timezone.now()
    for sak in laast:
        sak.status = til
        sak.endret_av = av
        for navn, verdi in felt.items():
            setattr(sak, navn, verdi)
        if til == S.FORDELINGSKLAR and not sak.fordelingsklar_fra:
            sak.fordelingsklar_fra = naa
        sak.save()
    hendelse_registrer(
        omraade=Omraade.BOSETTING,
        kode=kode,
        tittel=tittel,
        tekst=tekst,
        av=av,
        organisasjon=kommune,
        personer=[s.person for s in laast],
        data={"status": til, "saker": [s.pk for s in laast]},
    )
    return laast


@transaction.atomic
def bosettingssak_opprett(*, personer: Iterable[Person], av, opprettet=None) -> list[Bosettingssak]:
    """Open settlement cases for persons of one household (same Reg-nr) and notify their mottak.

    Deadline for the interview: opened + 14 days (seed 001, seed 003 §2.4).
    """
    personer = list(personer)
    if not personer:
        raise DomeneFeil("Velg minst én person.")
    if len({p.husstand_id for p in personer}) != 1:
        raise DomeneFeil("Familiemedlemmer med ulikt Reg-nr kan ikke få felles bosettingssak.")
    if Bosettingssak.objects.filter(person__in=personer).exists():
        raise DomeneFeil("Minst én av personene har allerede en bosettingssak.")
    opprettet = opprettet or timezone.now()
    saker = Bosettingssak.objects.bulk_create(
        [
            Bosettingssak(
                person=p, opprettet=opprettet, frist=Bosettingssak.frist_for(opprettet), endret_av=av
            )
            for p in personer
        ]
    )
    mottak = personer[0].mottak
    hendelse_registrer(
        omraade=Omraade.BOSETTING,
        kode="bosettingssak.opprettet",
        tittel="Bosettingssak opprettet",
        av=av,
        organisasjon=mottak,
        personer=personer,
        data={"frist": saker[0].frist.isoformat()},
    )
    if mottak is not None:
        tittel = f"Ny bosettingssak: {len(personer)} {'person' if len(personer) == 1 else 'personer'}"
        tekst = f"Bosettingssamtalen skal gjennomføres innen {saker[0].frist:%d.%m.%Y}. Se Oppgaveliste."
        # The mottak's shared address and its Bosettingsansvarlig (seed 003 §2.4.1).
        ansvarlige = Kontaktperson.objects.filter(mottak=mottak, type=Kontaktperson.Type.BOSETTINGSANSVARLIG)
        varsel_send(organisasjon=mottak, tittel=tittel, tekst=tekst, lenke=reverse("mottak:start"))
        epost_legg_i_utboks(
            til=[mottak.epost, *[k.epost for k in ansvarlige]],
            emne=f"IMDinett: {tittel}",
            tekst=f"{tekst}\n\n{settings.SITE_URL}{reverse('mottak:start')}",
        )
    return saker


@transaction.atomic
def bosettingssak_start_kartlegging(*, saker, av) -> list[Bosettingssak]:
    return _overgang(
        saker,
        til=S.UNDER_KARTLEGGING,
        av=av,
        kode="bosettingssak.under_kartlegging",
        tittel="Bosettingssamtale startet",
    )


@transaction.atomic
def bosettingssak_ferdigstill(*, saker, av) -> list[Bosettingssak]:
    """The interview is complete: the persons become fordelingsklar."""
    return _overgang(
        saker,
        til=S.FORDELINGSKLAR,
        av=av,
        kode="bosettingssak.fordelingsklar",
        tittel="Bosettingssamtale ferdigstilt – fordelingsklar",
    )


@transaction.atomic
def bosettingssak_fordel(*, saker, kommune: Kommune, av) -> list[Bosettingssak]:
    return _overgang(
        saker,
        til=S.FORDELT,
        av=av,
        kode="bosettingssak.fordelt",
        kommune=kommune,
        tittel=f"Fordelt til {kommune.navn}",
        felt={"kommune": kommune},
    )


@transaction.atomic
def bosettingssak_avslaa(*, saker, grunn: str, av) -> list[Bosettingssak]:
    """The kommune declined: back to fordelingsklar, the reason on the persons' and kommune's log."""
    if not grunn.strip():
        raise DomeneFeil("Oppgi en begrunnelse.", felt="grunn")
    kommune = _kommune_for(saker)
    return _overgang(
        saker,
        til=S.FORDELINGSKLAR,
        av=av,
        kode="bosettingssak.avslaatt",
        kommune=kommune,
        tittel=f"Ikke bosettes i {kommune.navn}",
        tekst=grunn,
        felt={"kommune": None},
    )


@transaction.atomic
def bosettingssak_sok_ut(*, saker, forventet_uke: date, av) -> list[Bosettingssak]:
    """The kommune accepted: søkt ut with the expected week (stored as that week's Monday)."""
    mandag = date.fromisocalendar(*forventet_uke.isocalendar()[:2], 1)
    kommune = _kommune_for(saker)
    aar, uke, _ = mandag.isocalendar()
    return _overgang(
        saker,
        til=S.SOKT_UT,
        av=av,
        kode="bosettingssak.sokt_ut",
        kommune=kommune,
        tittel=f"Søkt ut til {kommune.navn}, forventet uke {uke} {aar}",
        felt={"forventet_uke": mandag},
    )


@transaction.atomic
def bosettingssak_bosett(*, saker, bosettingsdato: date, av) -> list[Bosettingssak]:
    kommune = _kommune_for(saker)
    return _overgang(
        saker,
        til=S.BOSATT,
        av=av,
        kode="bosettingssak.bosatt",
        kommune=kommune,
        tittel=f"Bosatt i {kommune.navn} {bosettingsdato:%d.%m.%Y}",
        felt={"bosettingsdato": bosettingsdato},
    )


@transaction.atomic
def bosettingssak_registrer_nekt(*, saker, merknad: str, av) -> list[Bosettingssak]:
    kommune = _kommune_for(saker)
    return _overgang(
        saker,
        til=S.BOSETTINGSNEKT,
        av=av,
        kode="bosettingssak.bosettingsnekt",
        kommune=kommune,
        tittel="Bosettingsnekt registrert",
        tekst=merknad,
    )


@transaction.atomic
def bosettingssak_avslutt(*, saker, grunn: str, merknad: str = "", av) -> list[Bosettingssak]:
    if grunn not in Bosettingssak.Avslutningsgrunn.values:
        raise DomeneFeil("Velg en gyldig avslutningsgrunn.", felt="grunn")
    return _overgang(
        saker,
        til=S.AVSLUTTET,
        av=av,
        kode="bosettingssak.avsluttet",
        tittel=f"Bosettingssak avsluttet: {Bosettingssak.Avslutningsgrunn(grunn).label}",
        tekst=merknad,
        felt={"avslutningsgrunn": grunn},
    )


@transaction.atomic
def personliste_legg_til(*, bruker, person: Person) -> None:
    """At most ten persons (seed 002); adding one already there changes nothing."""
    # Lock the user's row so two tabs adding at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=bruker.pk).first()
    if Personliste.objects.filter(bruker=bruker, person=person).exists():
        return
    if Personliste.objects.filter(bruker=bruker).count() >= Personliste.MAKS:
        raise DomeneFeil(
            f"Personlisten kan inneholde høyst {Personliste.MAKS} personer. Fjern en person før du legger til en ny."
        )
    Personliste.objects.create(bruker=bruker, person=person)


def personliste_fjern(*, bruker, person_id: int) -> None:
    Personliste.objects.filter(bruker=bruker, person_id=person_id).delete()
