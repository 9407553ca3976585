"""Innmeldinger: the kommune sends and cancels; IMDi or Bufetat takes, answers, finishes or rejects.
Each step is one transaction, records a Hendelse on the kommune and notifies the other side."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import hendelse_registrer, varsel_send
from imdinett.organisasjoner.models import Kommune, Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import organisasjoner_med_rolle
from imdinett.organisasjoner.tilgang import kan
from imdinett.personer.models import Person
from imdinett.uker import mandag

from .models import Innmelding

Innmeldingsstatus = Innmelding.Status
BEHANDLER_TILLATELSE = {Innmelding.Mottaker.IMDI: "admin.imdi", Innmelding.Mottaker.BUFETAT: "admin.bufetat"}


def _mottaker(data: dict) -> str:
    """EM under 15 goes to Bufetat; everything else to IMDi (seed 002)."""
    if (
        data.get("boligtype") == Innmelding.Boligtype.EM_TILTAK
        and data.get("em_alder") == Innmelding.EmAlder.UNDER_15
    ):
        return Innmelding.Mottaker.BUFETAT
    person = data.get("person")
    if (
        person is not None
        and person.persontype in (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON)
        and person.alder() < 15
    ):
        return Innmelding.Mottaker.BUFETAT
    return Innmelding.Mottaker.IMDI


def _varsle_behandler(innmelding: Innmelding, tittel: str) -> None:
    type_ = (
        Organisasjon.Type.BUFETAT
        if innmelding.mottaker == Innmelding.Mottaker.BUFETAT
        else Organisasjon.Type.IMDI
    )
    for org in Organisasjon.objects.filter(type=type_):
        varsel_send(
            organisasjon=org,
            tittel=tittel,
            lenke=reverse("admin:innmelding_innmelding_change", args=[innmelding.pk]),
        )


def _varsle_kommune(innmelding: Innmelding, tittel: str, tekst: str = "") -> None:
    varsel_send(
        organisasjon=innmelding.kommune,
        tittel=tittel,
        tekst=tekst,
        lenke=reverse("innmelding:aktive", args=[innmelding.kommune_id]),
    )


def _logg(innmelding: Innmelding, *, kode: str, tittel: str, tekst: str = "", av=None) -> None:
    hendelse_registrer(
        omraade=Omraade.INNMELDING,
        kode=kode,
        tittel=tittel,
        tekst=tekst,
        av=av,
        organisasjon=innmelding.kommune,
        personer=[innmelding.person] if innmelding.person else [],
        data={"innmelding": innmelding.pk},
    )


def _krev_bosetter(av, kommune: Kommune) -> None:
    if kommune.pk not in organisasjoner_med_rolle(av, Rolle.KOMMUNE_BOSETTER_SKRIV):
        raise DomeneFeil("Du har ikke tilgang til å sende innmeldinger for kommunen.")


@transaction.atomic
def innmelding_send(*, kommune: Kommune, type: str, forventet_uke: date, av, **felt) -> Innmelding:
    """Send one notice. Særlig hensyn belongs to a free dwelling and needs a description; EM-tiltak «Annet»
    needs a description."""
    _krev_bosetter(av, kommune)
    if type != Innmelding.Type.LEDIG_BOLIG and (
        felt.get("saerlig_hensyn") or felt.get("saerlig_hensyn_beskrivelse")
    ):
        raise DomeneFeil("Bare en ledig bolig kan meldes inn som tilpasset særlig hensyn.")
    if felt.get("saerlig_hensyn") and not felt.get("saerlig_hensyn_beskrivelse", "").strip():
        raise DomeneFeil(
            "Beskriv hvilke særlige hensyn boligen er tilpasset.", felt="saerlig_hensyn_beskrivelse"
        )
    if felt.get("em_tiltak") == Innmelding.EmTiltak.ANNET and not felt.get("merknad", "").strip():
        raise DomeneFeil("Beskriv tiltaket i merknadsfeltet når du velger «Annet».", felt="merknad")
    innmelding = Innmelding(
        kommune=kommune,
        type=type,
        forventet_uke=mandag(forventet_uke),
        sendt_av=av,
        mottaker=_mottaker(felt),
        **felt,
    )
    innmelding.full_clean()
    innmelding.save()
    _logg(
        innmelding,
        kode="innmelding.sendt",
        tittel=f"Innmelding sendt: {innmelding.get_type_display()}, {innmelding.uke_tekst}",
        tekst=innmelding.merknad,
        av=av,
    )
    _varsle_behandler(innmelding, f"Ny innmelding fra {kommune.navn}: {innmelding.get_type_display()}")
    return innmelding


def _laas(innmelding: Innmelding) -> Innmelding:
    # No nullable join under FOR UPDATE (PostgreSQL refuses it): the person is loaded lazily.
    return Innmelding.objects.select_for_update().select_related("kommune").get(pk=innmelding.pk)


@transaction.atomic
def innmelding_kanseller(*, innmelding: Innmelding, begrunnelse: str, av) -> Innmelding:
    """Only while Venter på behandling, with a reason (seed 002)."""
    innmelding = _laas(innmelding)
    _krev_bosetter(av, innmelding.kommune)
    if not innmelding.venter:
        raise DomeneFeil("Bare innmeldinger som venter på behandling kan kanselleres.")
    if not begrunnelse.strip():
        raise DomeneFeil("Skriv en begrunnelse for kanselleringen.", felt="begrunnelse")
    innmelding.status, innmelding.begrunnelse = Innmeldingsstatus.KANSELLERT, begrunnelse.strip()
    innmelding.avsluttet, innmelding.avsluttet_av = timezone.now(), av
    innmelding.save()
    _logg(innmelding, kode="innmelding.kansellert", tittel="Innmelding kansellert", tekst=begrunnelse, av=av)
    _varsle_behandler(innmelding, f"Innmelding {innmelding.pk} fra {innmelding.kommune.navn} er kansellert")
    return innmelding


def _krev_behandler(av, innmelding: Innmelding) -> None:
    if not (av.is_superuser or kan(av, BEHANDLER_TILLATELSE[innmelding.mottaker])):
        raise DomeneFeil(f"Innmeldingen behandles av {innmelding.get_mottaker_display()}.")


@transaction.atomic
def innmelding_ta(*, innmelding: Innmelding, av) -> Innmelding:
    innmelding = _laas(innmelding)
    _krev_behandler(av, innmelding)
    if not innmelding.venter:
        raise DomeneFeil("Innmeldingen er allerede tatt til behandling eller avsluttet.")
    innmelding.status, innmelding.saksbehandler = Innmeldingsstatus.SAKSBEHANDLES, av
    innmelding.save()
    _logg(
        innmelding,
        kode="innmelding.saksbehandles",
        tittel=f"Innmelding saksbehandles av {av.visningsnavn}",
        av=av,
    )
    _varsle_kommune(innmelding, f"Innmelding {innmelding.pk} saksbehandles")
    return innmelding


@transaction.atomic
def innmelding_svar(*, innmelding: Innmelding, svar: str, av) -> Innmelding:
    innmelding = _laas(innmelding)
    _krev_behandler(av, innmelding)
    if innmelding.status != Innmeldingsstatus.SAKSBEHANDLES or not svar.strip():
        raise DomeneFeil("Et svar kan gis når innmeldingen saksbehandles, og må ha tekst.")
    innmelding.svar = svar.strip()
    innmelding.save()
    _logg(innmelding, kode="innmelding.svar", tittel="Svar på innmelding", tekst=svar, av=av)
    _varsle_kommune(innmelding, f"Svar på innmelding {innmelding.pk}", svar)
    return innmelding


@transaction.atomic
def innmelding_avslutt(*, innmelding: Innmelding, behandlet: bool, begrunnelse: str = "", av) -> Innmelding:
    """Behandlet, or Avslått with a reason. From Venter or Saksbehandles."""
    innmelding = _laas(innmelding)
    _krev_behandler(av, innmelding)
    if not innmelding.er_aktiv:
        raise DomeneFeil("Innmeldingen er allerede avsluttet.")
    if not behandlet and not begrunnelse.strip():
        raise DomeneFeil("Skriv en begrunnelse for avslaget.", felt="begrunnelse")
    innmelding.status = Innmeldingsstatus.BEHANDLET if behandlet else Innmeldingsstatus.AVSLAATT
    innmelding.begrunnelse = "" if behandlet else begrunnelse.strip()
    innmelding.saksbehandler = innmelding.saksbehandler or av
    innmelding.avsluttet, innmelding.avsluttet_av = timezone.now(), av
    innmelding.save()
    tittel = f"Innmelding {innmelding.pk} er {'behandlet' if behandlet else 'avslått'}"
    _logg(innmelding, kode=f"innmelding.{innmelding.status}", tittel=tittel, tekst=begrunnelse, av=av)
    _varsle_kommune(innmelding, tittel, begrunnelse)
    return innmelding
