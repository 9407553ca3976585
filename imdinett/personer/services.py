"""The settlement case lifecycle (DOMAIN.md, "Settlement case lifecycle").

Each public function is one transition for one or more cases: checked against OVERGANGER,
atomic, locking the rows it changes, recording one Hendelse on the persons (and on the kommune
when one is involved). An illegal move raises DomeneFeil and changes nothing.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse, Omraade, Varsel
from imdinett.hendelser.services import (
    epost_legg_i_utboks,
    hendelse_registrer,
    hendelser_registrer,
    varsel_send,
)
from imdinett.organisasjoner.models import Kommune, Kontaktperson
from imdinett.uker import uke_tekst

from .models import Bosettingssak, Innsynslogg, Person, Personliste

Saksstatus = Bosettingssak.Status

OVERGANGER: dict[str, set[str]] = {
    Saksstatus.OPPRETTET: {Saksstatus.UNDER_KARTLEGGING, Saksstatus.FORDELINGSKLAR, Saksstatus.AVSLUTTET},
    Saksstatus.UNDER_KARTLEGGING: {Saksstatus.FORDELINGSKLAR, Saksstatus.AVSLUTTET},
    Saksstatus.FORDELINGSKLAR: {Saksstatus.FORDELT, Saksstatus.AVSLUTTET},
    Saksstatus.FORDELT: {Saksstatus.FORDELINGSKLAR, Saksstatus.SOKT_UT},
    Saksstatus.SOKT_UT: {Saksstatus.BOSATT, Saksstatus.BOSETTINGSNEKT, Saksstatus.AVSLUTTET},
    # After a refusal the kommune keeps the offer; the case goes on by letter (seed 003 §2.9).
    Saksstatus.BOSETTINGSNEKT: {Saksstatus.BOSATT, Saksstatus.AVSLUTTET},
    Saksstatus.BOSATT: set(),
    Saksstatus.AVSLUTTET: set(),
}

# Moves that concern a household as a whole: distributed, accepted or declined together.
HUSSTANDSOVERGANGER = {Saksstatus.FORDELT, Saksstatus.SOKT_UT}


def _hent_laast(saker: Iterable[Bosettingssak]) -> list[Bosettingssak]:
    ider = sorted({s.pk for s in saker})
    if not ider:
        raise DomeneFeil("Ingen bosettingssaker er valgt.")
    laast = list(Bosettingssak.objects.select_for_update().filter(pk__in=ider).order_by("pk"))
    # select_related cannot follow nullable joins under FOR UPDATE on PostgreSQL; load persons separately.
    personer = Person.objects.select_related("husstand").in_bulk([s.person_id for s in laast])
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
    felt: dict | Callable[[Bosettingssak], dict] | None = None,
) -> list[Bosettingssak]:
    laast = _hent_laast(saker)
    for sak in laast:
        if til not in OVERGANGER[sak.status]:
            raise DomeneFeil(
                f"Bosettingssaken til {sak.person.duf_formatert} kan ikke gå fra "
                f"«{sak.get_status_display()}» til «{Saksstatus(til).label}»."
            )
    if til in HUSSTANDSOVERGANGER or laast[0].status == Saksstatus.FORDELT:
        if len({s.status for s in laast}) > 1:
            raise DomeneFeil("Alle i husstanden må ha samme status.")
        _krev_hele_husstander(laast, laast[0].status)
    felt = felt or {}
    naa = timezone.now()
    for sak in laast:
        sak.status = til
        sak.endret_av = av
        for navn, verdi in (felt(sak) if callable(felt) else felt).items():
            setattr(sak, navn, verdi)
        if til == Saksstatus.FORDELINGSKLAR and not sak.fordelingsklar_fra:
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


def mottak_varsle(
    *, mottak, tittel: str, tekst: str, lenke: str, tillatelse: str = "", epost_tittel: str = ""
) -> None:
    """A Varsel to the mottak (with `tillatelse`: to the users who hold it there) and an e-mail to its
    shared address and its Bosettingsansvarlig (seed 003 §2.4.1). The e-mail carries no names: counts,
    dates, a Reg-nr at most (`epost_tittel`, else `tittel`) and a link."""
    ansvarlige = Kontaktperson.objects.filter(mottak=mottak, type=Kontaktperson.Type.BOSETTINGSANSVARLIG)
    varsel_send(organisasjon=mottak, tittel=tittel, tekst=tekst, lenke=lenke, tillatelse=tillatelse)
    epost_legg_i_utboks(
        til=[mottak.epost, *[k.epost for k in ansvarlige]],
        emne=f"IMDinett: {epost_tittel or tittel}",
        tekst=f"{tekst}\n\n{settings.SITE_URL}{lenke}",
    )


@transaction.atomic
def bosettingssak_opprett(*, personer: Iterable[Person], av, opprettet=None) -> list[Bosettingssak]:
    """Open settlement cases for persons of one household (same Reg-nr) and notify their mottak.

    Deadline for the interview: opened + 14 days (seed 001, seed 003 §2.4).
    """
    return bosettingssaker_opprett(husstander=[list(personer)], av=av, opprettet=opprettet)


@transaction.atomic
def bosettingssaker_opprett(
    *, husstander: Iterable[list[Person]], av, opprettet=None, varsle: bool = True
) -> list[Bosettingssak]:
    """`bosettingssak_opprett` for many households at once (the inbox's bulk import): one Hendelse per
    household, and per mottak one notification — naming the household when it is the only one, else counts.
    The queries do not grow with the households (only with their mottak). `varsle=False`: no notification
    (a first import; the mottak see their cases in the Oppgaveliste)."""
    husstander = [list(h) for h in husstander]
    if not husstander or not all(husstander):
        raise DomeneFeil("Velg minst én person.")
    if any(len({p.husstand_id for p in h}) > 1 for h in husstander):
        raise DomeneFeil("Familiemedlemmer med ulikt Reg-nr kan ikke få felles bosettingssak.")
    alle = [p for h in husstander for p in h]
    if Bosettingssak.objects.filter(person__in=alle).exists():
        raise DomeneFeil("Minst én av personene har allerede en bosettingssak.")
    opprettet = opprettet or timezone.now()
    frist = Bosettingssak.frist_for(opprettet)
    saker = Bosettingssak.objects.bulk_create(
        [Bosettingssak(person=p, opprettet=opprettet, frist=frist, endret_av=av) for p in alle],
        batch_size=2000,
    )
    hendelser_registrer(
        [
            (
                Hendelse(
                    omraade=Omraade.BOSETTING,
                    kode="bosettingssak.opprettet",
                    tittel="Bosettingssak opprettet",
                    utfort_av=av,
                    organisasjon_id=h[0].mottak_id,
                    data={"frist": frist.isoformat()},
                ),
                h,
            )
            for h in husstander
        ]
    )
    per_mottak = defaultdict(list)
    for h in husstander:
        if h[0].mottak_id is not None and varsle:
            per_mottak[h[0].mottak_id].append(h)
    for liste in per_mottak.values():
        _varsle_nye_saker(liste, frist)
    return saker


def _varsle_nye_saker(husstander: list[list[Person]], frist: date) -> None:
    """Only the interview's roles get it (not the Mottaksadministrator), so it may name a household: its
    eldest member, the one the interview starts with, and the Reg-nr."""
    mottak = husstander[0][0].mottak
    tekst = f"Bosettingssamtalen skal gjennomføres innen {frist:%d.%m.%Y}."
    if len(husstander) > 1:
        antall = _antall_personer([p for h in husstander for p in h])
        mottak_varsle(
            mottak=mottak,
            tittel=f"Nye bosettingssaker: {len(husstander)} husstander, {antall}",
            tekst=tekst,
            lenke=reverse("mottak:oppgaveliste", kwargs={"mottak_id": mottak.pk}),
            tillatelse="mottak.samtale",
        )
        return
    personer = husstander[0]
    hoved = min(personer, key=lambda p: (p.fodselsdato, p.pk))
    husstand = f"Reg-nr {hoved.husstand.reg_nr}, {_antall_personer(personer)}"
    mottak_varsle(
        mottak=mottak,
        tittel=f"Ny bosettingssak: {hoved.fornavn} {hoved.etternavn} ({husstand})",
        tekst=tekst,
        lenke=reverse("mottak:samtale", kwargs={"mottak_id": mottak.pk, "person_id": hoved.pk}),
        tillatelse="mottak.samtale",
        epost_tittel=f"Ny bosettingssak: {husstand}",
    )


@transaction.atomic
def person_flytt_mottak(*, personer: list[Person], mottak, plasstype: str, dato: date, av) -> list[Person]:
    """The persons arrived at `mottak` (from another or from none) on `dato`, in `plasstype`: one Hendelse on
    them and the mottak. Those already there in that plasstype are left as they are (a repeated report
    changes nothing); returns the moved."""
    if dato > timezone.localdate():
        raise DomeneFeil("Flyttedato kan ikke være fram i tid.", felt="dato")
    if plasstype not in Person.Plasstype.values:
        raise DomeneFeil("Velg en gyldig plasstype.", felt="plasstype")
    laast = Person.objects.select_for_update().filter(pk__in=[p.pk for p in personer]).order_by("pk")
    flyttes = [p for p in laast if (p.mottak_id, p.plasstype) != (mottak.pk, plasstype)]
    if not flyttes:
        return []
    Person.objects.filter(pk__in=[p.pk for p in flyttes]).update(mottak=mottak, plasstype=plasstype)
    hendelse_registrer(
        omraade=Omraade.MOTTAK,
        kode="person.flyttet_mottak",
        tittel=f"Flyttet til {mottak.navn} {dato:%d.%m.%Y} ({Person.Plasstype(plasstype).label})",
        av=av,
        organisasjon=mottak,
        personer=flyttes,
        data={"fra": sorted({p.mottak_id for p in flyttes} - {None}), "dato": dato.isoformat()},
    )
    return flyttes


@transaction.atomic
def bosettingssak_start_kartlegging(*, saker, av) -> list[Bosettingssak]:
    return _overgang(
        saker,
        til=Saksstatus.UNDER_KARTLEGGING,
        av=av,
        kode="bosettingssak.under_kartlegging",
        tittel="Bosettingssamtale startet",
    )


@transaction.atomic
def bosettingssak_ferdigstill(*, saker, av) -> list[Bosettingssak]:
    """The interview is complete: the persons become fordelingsklar."""
    return _overgang(
        saker,
        til=Saksstatus.FORDELINGSKLAR,
        av=av,
        kode="bosettingssak.fordelingsklar",
        tittel="Bosettingssamtale ferdigstilt – fordelingsklar",
    )


@transaction.atomic
def bosettingssak_fordel(*, saker, kommune: Kommune, av) -> list[Bosettingssak]:
    return _overgang(
        saker,
        til=Saksstatus.FORDELT,
        av=av,
        kode="bosettingssak.fordelt",
        kommune=kommune,
        tittel=f"Fordelt til {kommune.navn}",
        felt={"kommune": kommune},
    )


def _tilbake_til_fordelingsklar(saker, *, grunn: str, av, kode: str, tittel: str) -> list[Bosettingssak]:
    if not grunn.strip():
        raise DomeneFeil("Oppgi en begrunnelse.", felt="grunn")
    kommune = _kommune_for(saker)
    return _overgang(
        saker,
        til=Saksstatus.FORDELINGSKLAR,
        av=av,
        kode=kode,
        kommune=kommune,
        tittel=tittel.format(kommune=kommune.navn),
        tekst=grunn,
        felt={"kommune": None},
    )


@transaction.atomic
def bosettingssak_avslaa(*, saker, grunn: str, av) -> list[Bosettingssak]:
    """The kommune declined: back to fordelingsklar, the reason on the persons' and kommune's log."""
    return _tilbake_til_fordelingsklar(
        saker, grunn=grunn, av=av, kode="bosettingssak.avslaatt", tittel="Ikke bosettes i {kommune}"
    )


@transaction.atomic
def bosettingssak_trekk_tilbake(*, saker, grunn: str, av) -> list[Bosettingssak]:
    """IMDi withdrew the fordelingsliste before the kommune answered: back to fordelingsklar."""
    return _tilbake_til_fordelingsklar(
        saker,
        grunn=grunn,
        av=av,
        kode="bosettingssak.trukket",
        tittel="Fordeling til {kommune} trukket tilbake av IMDi",
    )


@transaction.atomic
def bosettingssak_sok_ut(
    *, saker, forventet_uke: date | None = None, uker: dict[int, date] | None = None, av
) -> list[Bosettingssak]:
    """The kommune accepted: søkt ut with the expected week — one for all, or per person (`uker` by
    person id) — stored as that week's Monday."""
    saker = list(saker)
    uker = uker or {s.person_id: forventet_uke for s in saker if forventet_uke}
    mandager = {pid: date.fromisocalendar(*uke.isocalendar()[:2], 1) for pid, uke in uker.items()}
    kommune = _kommune_for(saker)
    if any(s.person_id not in mandager for s in saker):
        raise DomeneFeil("Oppgi forventet bosettingsuke for hver person.", felt="forventet_uke")
    ukene = sorted({mandager[s.person_id] for s in saker})
    return _overgang(
        saker,
        til=Saksstatus.SOKT_UT,
        av=av,
        kode="bosettingssak.sokt_ut",
        kommune=kommune,
        tittel=f"Søkt ut til {kommune.navn}, forventet {', '.join(uke_tekst(u) for u in ukene)}",
        felt=lambda sak: {"forventet_uke": mandager[sak.person_id]},
    )


@transaction.atomic
def bosettingssak_bosett(*, saker, bosettingsdato: date, av) -> list[Bosettingssak]:
    kommune = _kommune_for(saker)
    return _overgang(
        saker,
        til=Saksstatus.BOSATT,
        av=av,
        kode="bosettingssak.bosatt",
        kommune=kommune,
        tittel=f"Bosatt i {kommune.navn} {bosettingsdato:%d.%m.%Y}",
        felt={"bosettingsdato": bosettingsdato},
    )


def _antall_personer(liste) -> str:
    return f"{len(liste)} {'person' if len(liste) == 1 else 'personer'}"


def _husstander(saker: list[Bosettingssak]) -> str:
    """Which households, without names: «Reg-nr 911190040 (2 personer)» (issue #19 no. 15)."""
    reg_nr = sorted({s.person.husstand.reg_nr for s in saker})
    return f"Reg-nr {', '.join(reg_nr)} ({_antall_personer(saker)})"


def _varsle_berorte(saker: list[Bosettingssak], tittel: str, tekst: str = "") -> None:
    """A Varsel to the kommune and the mottak the cases concern (no names: everyone there gets it)."""
    from imdinett.organisasjoner.models import Organisasjon

    ider = {s.kommune_id for s in saker} | {s.person.mottak_id for s in saker}
    for org in Organisasjon.objects.filter(pk__in=ider - {None}):
        varsel_send(organisasjon=org, tittel=tittel, tekst=tekst)


@transaction.atomic
def bosettingssak_registrer_utflyttet(*, personer: list[Person], dato: date, av) -> list[Bosettingssak]:
    """The mottak registered the residents as moved out to their kommune (the stand-in for the MOT
    integration): bosatt on that date, and no longer residents of the mottak."""
    if dato > timezone.localdate():
        raise DomeneFeil("Utflyttingsdato kan ikke være fram i tid.", felt="dato")
    if any(p.mottak_id is None for p in personer):
        raise DomeneFeil("Personen bor ikke i mottak.")
    saker = list(Bosettingssak.objects.filter(person__in=personer))
    if len(saker) != len(personer):
        raise DomeneFeil("Personen har ingen bosettingssak.")
    bosatt = bosettingssak_bosett(saker=saker, bosettingsdato=dato, av=av)
    Person.objects.filter(pk__in=[p.pk for p in personer]).update(mottak=None, plasstype="")
    return bosatt


@transaction.atomic
def bosettingssak_registrer_nekt(*, saker, dato: date, merknad: str, av) -> list[Bosettingssak]:
    """The resident refuses the offered kommune. The kommune keeps the offer (seed 003 §2.9)."""
    kommune = _kommune_for(saker)
    laast = _overgang(
        saker,
        til=Saksstatus.BOSETTINGSNEKT,
        av=av,
        kode="bosettingssak.bosettingsnekt",
        kommune=kommune,
        tittel=f"Bosettingsnekt registrert {dato:%d.%m.%Y}",
        tekst=merknad,
    )
    _varsle_berorte(laast, f"Bosettingsnekt registrert for {_husstander(laast)} søkt ut til {kommune.navn}")
    return laast


@transaction.atomic
def bosettingssak_avslutt(*, saker, grunn: str, merknad: str = "", av) -> list[Bosettingssak]:
    if grunn not in Bosettingssak.Avslutningsgrunn.values:
        raise DomeneFeil("Velg en gyldig avslutningsgrunn.", felt="grunn")
    saker = list(saker)
    kommuner = {s.kommune_id for s in saker}
    kommune = Kommune.objects.get(pk=kommuner.pop()) if len(kommuner) == 1 and None not in kommuner else None
    grunntekst = Bosettingssak.Avslutningsgrunn(grunn).label
    laast = _overgang(
        saker,
        til=Saksstatus.AVSLUTTET,
        av=av,
        kode="bosettingssak.avsluttet",
        kommune=kommune,
        tittel=f"Bosettingssak avsluttet: {grunntekst}",
        tekst=merknad,
        felt={"avslutningsgrunn": grunn},
    )
    _varsle_berorte(laast, f"Bosettingssak avsluttet for {_husstander(laast)}: {grunntekst}")
    return laast


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


# Retention (issue #21, docs/beslutninger.md «Lagringstid for historikk»): the access log for five years, so a
# person can learn who read their folder through settlement and the introduction years after it; in-app
# notifications, which are no case record, for 13 months. Hendelser are the case record and are kept. On
# PostgreSQL the access log's trigger lets exactly the lines past INNSYNSLOGG_LAGRES go (personer 0010).
INNSYNSLOGG_LAGRES = timedelta(days=5 * 365 + 1)
VARSLER_LAGRES = timedelta(days=396)


@transaction.atomic
def historikk_rydd(*, naa=None) -> dict[str, int]:
    """Delete the access-log lines and notifications past their retention, and record what was deleted."""
    naa = naa or timezone.now()
    grense_innsyn, grense_varsel = naa - INNSYNSLOGG_LAGRES, naa - VARSLER_LAGRES
    slettet = {  # the rows themselves (a notification's reads go with it)
        "innsynslogg": Innsynslogg.objects.filter(tidspunkt__lt=grense_innsyn).delete()[0],
        "varsler": Varsel.objects.filter(opprettet__lt=grense_varsel).delete()[1].get("hendelser.Varsel", 0),
    }
    if any(slettet.values()):
        hendelse_registrer(
            omraade=Omraade.BRUKERADMINISTRASJON,
            kode="historikk.ryddet",
            tittel="Historikk slettet etter lagringstid",
            tekst=(
                f"Innsynslogg eldre enn {grense_innsyn:%d.%m.%Y} og varsler eldre enn {grense_varsel:%d.%m.%Y} "
                f"er slettet."
            ),
            data=slettet,
        )
    return slettet
