"""The mottak's writes: the settlement interview, its completion, notes, function reports,
contact cards and the reminder sweep. Each function is one transaction.

Lock order everywhere: the household's Person rows first, then their Bosettingssak rows (the
lifecycle service). A save that races with Ferdigstill therefore either lands before completion
or is refused after it — never written into a completed interview.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import epost_legg_i_utboks, forste_gang, hendelse_registrer, varsel_send
from imdinett.organisasjoner.models import Kontaktperson, Mottak
from imdinett.organisasjoner.tilgang import kan
from imdinett.personer import services as saker
from imdinett.personer.models import (
    SAMTALE_AAPEN,
    Behandler,
    Bosettingsmerknad,
    Bosettingssak,
    Bosettingssamtale,
    Funksjonsrapport,
    InternMerknad,
    Person,
)
from imdinett.personer.samtale import feltnavn, husstandens_mangler

from .selectors import SAERSKILTE_PLASSER, husstandsmedlemmer_tekst

Saksstatus = Bosettingssak.Status
LAAST = "Bosettingssamtalen er ferdigstilt og kan ikke endres. Ny informasjon legges inn som intern bosettingsmerknad."


def _laas_aapen(person: Person) -> Person:
    """Lock the person and refuse if the interview is completed."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    sak = Bosettingssak.objects.filter(person=person).first()
    if sak is not None and not sak.samtale_aapen:
        raise DomeneFeil(LAAST)
    person.sak = sak
    return person


@transaction.atomic
def samtale_lagre(*, person: Person, data: dict, av) -> Bosettingssamtale:
    """Save the given interview fields (autosave). The first save starts «Under kartlegging»."""
    person = _laas_aapen(person)
    felt = {f.name for f in Bosettingssamtale._meta.fields} - {"id", "person", "endret", "endret_av"}
    ukjente = set(data) - felt
    if ukjente:
        raise DomeneFeil(f"Ukjente felt: {', '.join(sorted(ukjente))}")
    samtale, _ = Bosettingssamtale.objects.get_or_create(person=person)
    for navn, verdi in data.items():
        setattr(samtale, navn, verdi)
    samtale.endret_av = av
    samtale.full_clean(exclude=["person"])
    samtale.save()
    if person.sak is not None and person.sak.status == Saksstatus.OPPRETTET:
        saker.bosettingssak_start_kartlegging(saker=[person.sak], av=av)
    return samtale


@transaction.atomic
def bosettingsmerknad_opprett(*, person: Person, tekst: str, av) -> Bosettingsmerknad:
    person = _laas_aapen(person)
    if not tekst.strip():
        raise DomeneFeil("Skriv en bosettingsmerknad.", felt="tekst")
    return Bosettingsmerknad.objects.create(person=person, tekst=tekst.strip(), opprettet_av=av)


@transaction.atomic
def bosettingsmerknad_slett(*, merknad: Bosettingsmerknad, av) -> None:
    _laas_aapen(merknad.person)
    merknad.delete()


@transaction.atomic
def behandler_opprett(
    *, person: Person, navn: str, virksomhet: str, adresse="", telefon="", epost="", av
) -> Behandler:
    person = _laas_aapen(person)
    behandler = Behandler(
        person=person, navn=navn, virksomhet=virksomhet, adresse=adresse, telefon=telefon, epost=epost
    )
    behandler.full_clean()
    behandler.save()
    return behandler


@transaction.atomic
def intern_merknad_opprett(*, person: Person, tittel: str, melding: str, av) -> InternMerknad:
    """Intern bosettingsmerknad: allowed before and after completion (seed 001, seed 003 §2.5.4)."""
    if not tittel.strip() or not melding.strip():
        raise DomeneFeil("Både tittel og melding må fylles ut.")
    merknad = InternMerknad.objects.create(
        person=person, tittel=tittel.strip(), melding=melding.strip(), opprettet_av=av
    )
    hendelse_registrer(
        omraade=Omraade.MOTTAK,
        kode="samtale.intern_merknad",
        tittel="Intern bosettingsmerknad registrert",
        av=av,
        organisasjon=person.mottak,
        personer=[person],
    )
    return merknad


@transaction.atomic
def intern_merknad_varsle_imdi(*, person: Person, av) -> int:
    """ "Send e-postvarsel til IMDi" for the person's internal notes not yet notified. Returns the count.

    The e-mail names the person by DUF only and links to the notes in IMDi's admin.
    """
    nye = list(InternMerknad.objects.select_for_update().filter(person=person, imdi_varslet__isnull=True))
    if not nye:
        raise DomeneFeil("Det er ingen nye interne bosettingsmerknader å varsle IMDi om.")
    naa = timezone.now()
    InternMerknad.objects.filter(pk__in=[m.pk for m in nye]).update(imdi_varslet=naa)
    lenke = f"{settings.SITE_URL}/admin/personer/internmerknad/?person__id__exact={person.pk}"
    mottak = person.mottak.navn if person.mottak else "mottaket"
    epost_legg_i_utboks(
        til=[settings.IMDI_VARSEL_EPOST],
        emne=f"IMDinett: ny intern bosettingsmerknad fra {mottak}",
        tekst=(
            f"{mottak} har registrert {len(nye)} ny(e) intern(e) bosettingsmerknad(er) for DUF "
            f"{person.duf_formatert}.\n\nLes merknaden i IMDinett: {lenke}\n"
        ),
    )
    hendelse_registrer(
        omraade=Omraade.MOTTAK,
        kode="samtale.imdi_varslet",
        tittel="E-postvarsel sendt til IMDi om intern bosettingsmerknad",
        av=av,
        organisasjon=person.mottak,
        personer=[person],
    )
    return len(nye)


@transaction.atomic
def bosettingssamtale_ferdigstill(*, person: Person, av) -> list[Bosettingssak]:
    """Complete the interview for the household's members at the person's mottak: they all become
    fordelingsklar. A household is distributed as a whole, so completion also waits for the members who
    live at another mottak (a family split across centres): refused, naming each missing field and person
    of this mottak, while any member anywhere lacks a mandatory answer — the others only counted, never
    named; the refusal's `felt` is the person's own first missing field. Their cases are their own mottak's
    to complete (this mottak never changes them)."""
    medlemmer = list(
        Person.objects.select_for_update()
        .filter(husstand_id=person.husstand_id)
        .order_by("fodselsdato", "pk")
    )
    medlemmer = list(
        Person.objects.filter(pk__in=[p.pk for p in medlemmer])
        .select_related("bosettingssak", "samtale")
        .order_by("fodselsdato", "pk")
    )
    mangler = husstandens_mangler(medlemmer)
    egne = {p: felt for p, felt in mangler.items() if p.mottak_id == person.mottak_id}
    if not egne:
        raise DomeneFeil("Det er ingen åpne bosettingssamtaler å ferdigstille i husstanden.")
    feil = [f"{p.navn}: " + ", ".join(f"«{feltnavn(f)}»" for f in felt) for p, felt in egne.items() if felt]
    andre = sum(1 for p, felt in mangler.items() if p not in egne and felt)
    deler = []
    if feil:
        deler.append("Obligatoriske felt mangler. " + "; ".join(feil) + ".")
    if andre:
        deler.append(
            f"{husstandsmedlemmer_tekst(andre)} i et annet mottak mangler obligatoriske opplysninger. "
            "Husstanden fordeles samlet, så bosettingssamtalen kan ferdigstilles først når også det andre "
            "mottaket har registrert dem."
        )
    if deler:  # the field to blame: the person's own first missing one (None when only others lack some)
        raise DomeneFeil(" ".join(deler), felt=next(iter(egne.get(person) or []), None))
    return saker.bosettingssak_ferdigstill(saker=[p.bosettingssak for p in egne], av=av)


@transaction.atomic
def funksjonsrapport_registrer(
    *, person: Person, dato: date, ingen_endring: bool, merknad: str, av
) -> Funksjonsrapport:
    """Record that the half-yearly function report was sent by post, or that nothing changed
    (seed 003 §2.5.3)."""
    if person.plasstype not in SAERSKILTE_PLASSER:
        raise DomeneFeil(
            "Funksjonsrapport gjelder bare beboere i særskilt bo- og omsorgsløsning eller pleie- og omsorgsløsning."
        )
    if dato > timezone.localdate():
        raise DomeneFeil("Datoen kan ikke være fram i tid.", felt="dato")
    rapport = Funksjonsrapport.objects.create(
        person=person, dato=dato, ingen_endring=ingen_endring, merknad=merknad, registrert_av=av
    )
    hendelse_registrer(
        omraade=Omraade.MOTTAK,
        kode="funksjonsrapport.registrert",
        tittel="Ingen endring siden forrige funksjonsrapport"
        if ingen_endring
        else "Funksjonsrapport sendt til IMDi",
        tekst=merknad,
        av=av,
        organisasjon=person.mottak,
        personer=[person],
    )
    return rapport


# The permission that edits each contact card (seed 001: the Mottaksadministrator both, Bosettingsansvarlig its own).
KONTAKT_TILLATELSE = {
    Kontaktperson.Type.MOTTAKSADMINISTRATOR: "mottak.kontakt_administrator",
    Kontaktperson.Type.BOSETTINGSANSVARLIG: "mottak.kontakt_bosetting",
}


def kan_redigere_kontakt(bruker, mottak: Mottak, type_: str) -> bool:
    return kan(bruker, KONTAKT_TILLATELSE[type_], mottak)


@transaction.atomic
def kontaktperson_lagre(
    *, mottak: Mottak, type: str, navn: str, telefon: str, epost: str, av
) -> Kontaktperson:
    """Mottaksadministrator edits both cards; Bosettingsansvarlig edits its own (seed 001)."""
    if not kan_redigere_kontakt(av, mottak, type):
        raise DomeneFeil("Du har ikke tilgang til å redigere denne kontaktinformasjonen.")
    kontakt, _ = Kontaktperson.objects.update_or_create(
        mottak=mottak, type=type, defaults={"navn": navn, "telefon": telefon, "epost": epost, "endret_av": av}
    )
    hendelse_registrer(
        omraade=Omraade.MOTTAK,
        kode="mottak.kontakt_endret",
        tittel=f"Kontaktinformasjon for {kontakt.get_type_display().lower()} endret",
        av=av,
        organisasjon=mottak,
    )
    return kontakt


def _varsle_mottak(mottak: Mottak, tittel: str, tekst: str) -> None:
    varsel_send(organisasjon=mottak, tittel=tittel, tekst=tekst)
    kontakter = Kontaktperson.objects.filter(mottak=mottak, type=Kontaktperson.Type.BOSETTINGSANSVARLIG)
    epost_legg_i_utboks(
        til=[mottak.epost, *[k.epost for k in kontakter]], emne=f"IMDinett: {tittel}", tekst=tekst
    )


@transaction.atomic
def paaminnelser_send(*, idag: date | None = None) -> int:
    """The daily sweep: interview deadline in 3 days, deadline passed, and function report due
    six months after the last one. Each reminder once; one notice per mottak and kind."""
    idag = idag or timezone.localdate()
    sendt = 0
    aapne = Bosettingssak.objects.filter(
        status__in=SAMTALE_AAPEN, person__mottak__isnull=False
    ).select_related("person__mottak")
    grupper: dict[tuple[int, str], list] = {}
    for sak in aapne.filter(frist__lte=idag + timedelta(days=3)):
        slag = "passert" if sak.frist < idag else "snart"
        if forste_gang(f"samtalefrist-{slag}:{sak.pk}"):
            grupper.setdefault((sak.person.mottak_id, slag), []).append(sak)
    for (_, slag), liste in grupper.items():
        mottak = liste[0].person.mottak
        if slag == "passert":
            tittel = f"Fristen for bosettingssamtale er passert for {len(liste)} person(er)"
        else:
            tittel = f"Fristen for bosettingssamtale går ut innen 3 dager for {len(liste)} person(er)"
        _varsle_mottak(mottak, tittel, "Se Oppgaveliste i IMDinett.")
        sendt += 1
    sendt += _funksjonsrapport_paaminnelser(idag)
    return sendt


def _funksjonsrapport_paaminnelser(idag: date) -> int:
    halvaar = timedelta(days=182)
    per_mottak: dict[int, list[Person]] = {}
    beboere = Person.objects.filter(plasstype__in=SAERSKILTE_PLASSER, mottak__isnull=False).select_related(
        "mottak", "bosettingssak"
    )
    siste = {  # the latest report per person (ordered, so the last one wins)
        person_id: (dato, pk)
        for person_id, dato, pk in Funksjonsrapport.objects.filter(person__in=beboere)
        .order_by("person_id", "dato", "pk")
        .values_list("person_id", "dato", "pk")
    }
    for person in beboere:
        sak = getattr(person, "bosettingssak", None)
        fra, rapport = siste.get(person.pk) or (
            (timezone.localdate(sak.opprettet), "sak") if sak else (None, None)
        )
        if fra and idag - fra >= halvaar and forste_gang(f"funksjonsrapport:{person.pk}:{rapport}"):
            per_mottak.setdefault(person.mottak_id, []).append(person)
    for personer in per_mottak.values():
        _varsle_mottak(
            personer[0].mottak,
            f"Funksjonsrapport skal sendes for {len(personer)} beboer(e)",
            "Det er seks måneder siden forrige funksjonsrapport. Send en oppdatert vurdering til IMDi, "
            "eller registrer at det ikke er endringer, under Oversikt mottaksbeboere.",
        )
    return len(per_mottak)
