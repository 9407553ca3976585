"""Which persons a user may reach. The one place access to persons is decided (DOMAIN.md):
every view, export and PDF asks `access_person` or filters with `persons_visible_to`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner.models import Kommune, Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.tilgang import er_imdi, kan, organisasjoner_med, roller_for, roller_med

from .innsyn import les as innsyn_les
from .models import Bosettingssak, Person

Saksstatus = Bosettingssak.Status

# The kommune reaches a person's folder once it has accepted (søkt ut) and afterwards.
KOMMUNE_MAPPE_STATUSER = (Saksstatus.SOKT_UT, Saksstatus.BOSATT, Saksstatus.BOSETTINGSNEKT)


# What the mottak (and everyone but IMDi) is told while IMDi looks for a kommune (seed 003 §2.6–2.7): «Asylmottak og
# akuttinnkvarteringer vil bare få informasjon om at IMDi jobber med bosettingssaken. Beboeren får ikke endret
# status i IMDinett Mottak før det er inngått avtale om bosetting med en kommune»; the kommune's name and the
# expected week once the kommune has said yes (søkt ut). A case fordelt to a kommune that has not answered is
# therefore shown to the mottak as fordelingsklar, without the kommune. Avsluttet keeps a kommune only when
# it came after søkt ut (OVERGANGER: fordelt goes back to fordelingsklar, which clears it, or on to søkt ut).
KOMMUNE_KJENT = (Saksstatus.SOKT_UT, Saksstatus.BOSATT, Saksstatus.BOSETTINGSNEKT, Saksstatus.AVSLUTTET)
IMDI_JOBBER = "IMDi jobber med bosettingssaken"


def synlig_status(status: str) -> str:
    """The status shown outside IMDi: «fordelt» (a kommune asked, no answer yet) stays «fordelingsklar»."""
    return Saksstatus.FORDELINGSKLAR if status == Saksstatus.FORDELT else status


@dataclass(frozen=True)
class Bosettingsvisning:
    """A settlement case as a page shows it — the one place that decides what the mottak, the vertskommune's
    Kartlegger and every other non-IMDi reader is told (mottak pages, the folder, the printouts)."""

    status: str  # a Bosettingssak.Status value, as the reader sees it
    status_tekst: str
    kommune: Kommune | None  # only once the kommune has said yes
    forventet_uke: str
    bosettingsdato: date | None

    @property
    def beskrivelse(self) -> str:
        """«Bosetting» in Oversikt mottaksbeboere."""
        if self.kommune is None:
            if self.status == Saksstatus.FORDELINGSKLAR:
                return f"{self.status_tekst} – {IMDI_JOBBER}"
            return self.status_tekst
        tekst = f"{self.status_tekst}: {self.kommune.navn}"
        if self.forventet_uke:
            tekst += f", forventet {self.forventet_uke}"
        if self.bosettingsdato:
            tekst += f", bosatt {self.bosettingsdato:%d.%m.%Y}"
        return tekst


def bosetting_vist(sak: Bosettingssak | None, *, for_imdi: bool = False) -> "Bosettingsvisning | None":
    """The case as the reader may see it; IMDi sees it as it is."""
    if sak is None:
        return None
    status = sak.status if for_imdi else synlig_status(sak.status)
    kjent = (for_imdi or sak.status in KOMMUNE_KJENT) and sak.kommune_id is not None
    return Bosettingsvisning(
        status=status,
        status_tekst=Saksstatus(status).label,
        kommune=sak.kommune if kjent else None,
        forventet_uke=sak.forventet_uke_tekst if kjent and sak.forventet_uke else "",
        bosettingsdato=sak.bosettingsdato if kjent else None,
    )


# The settlement case is opened from UDI's decision (seed 003 §2.1: «når en beboer har fått oppholdstillatelse»);
# the vertskommune maps «før bosetting» (seed 003 «Kompetansekartlegging»), so a case still open is the target
# group's case. Settled, refused or closed: the Kartlegger no longer reaches the person.
AAPNE_SAKSSTATUSER = tuple(
    s for s in Saksstatus if s not in (Saksstatus.BOSATT, Saksstatus.AVSLUTTET, Saksstatus.BOSETTINGSNEKT)
)


def _myndig_fodt_senest(idag: date) -> date:
    try:
        return idag.replace(year=idag.year - 18)
    except ValueError:  # 29 February
        return idag.replace(year=idag.year - 18, day=28)


def maalgruppe(idag: date | None = None) -> Q:
    """Who is to be mapped before settlement (seed 003 «Kompetansekartlegging», seed 000 «målgruppen for
    introduksjonsprogrammet»): adults (18 or over) with individual protection and a settlement case — the
    permit that gives grounds for settlement — not yet settled, refused or closed. Kollektiv beskyttelse is
    mapped after settlement (seed 003), so not here. `i_maalgruppen` is the same rule for one loaded person."""
    idag = idag or timezone.localdate()
    return Q(
        fodselsdato__lte=_myndig_fodt_senest(idag),
        beskyttelse=Person.Beskyttelse.INDIVIDUELL,
        bosettingssak__status__in=AAPNE_SAKSSTATUSER,
    )


def i_maalgruppen(person: Person, idag: date | None = None) -> bool:
    sak = getattr(person, "bosettingssak", None)
    return (
        sak is not None
        and sak.status in AAPNE_SAKSSTATUSER
        and person.beskyttelse == Person.Beskyttelse.INDIVIDUELL
        and person.fodselsdato <= _myndig_fodt_senest(idag or timezone.localdate())
    )


def kartleggers_omfang(kommune_id: int, idag: date | None = None) -> Q:
    """The persons a Kommune_Kartlegger at `kommune_id` reaches — the one rule. `_omfang` asks it for the role,
    so the competence mapping's task list, form, autosave and Ferdigstill, Personsøk and Grunndata all agree:
    residents of a mottak in the kommune (the vertskommune, seed 003: «Vertskommunen har ansvar for …
    kompetansekartlegging før bosetting») who are in the target group (`maalgruppe`)."""
    return Q(mottak__vertskommune_id=kommune_id) & maalgruppe(idag)


def _omfang(rolle: Rolle, org_id: int) -> Q | None:
    """The persons one role at one organisation reaches; None for roles that reach nobody."""
    match rolle:
        case Rolle.IMDI_SAKSBEHANDLER:
            return Q()
        case Rolle.MOTTAK_BOSETTINGSANSVARLIG | Rolle.MOTTAK_KOMPASS:
            return Q(mottak_id=org_id, bosettingssak__isnull=False)
        case Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG | Rolle.INTEGRERINGSMOTTAK_KOMPASS:
            return Q(mottak_id=org_id)
        case Rolle.KOMMUNE_BOSETTER_SKRIV | Rolle.KOMMUNE_BOSETTER_LES:
            return Q(bosettingssak__kommune_id=org_id, bosettingssak__status__in=KOMMUNE_MAPPE_STATUSER)
        case Rolle.KOMMUNE_KARTLEGGER:
            # The target group among the vertskommune's residents — the one rule the mapping asks too.
            return kartleggers_omfang(org_id)
        case _:
            # Administrators, Anmoder roles (basic data by exact DUF only) and Bufetat.
            return None


def persons_visible_to(bruker, *, roller: set[Rolle] | None = None) -> QuerySet[Person]:
    """Persons the user reaches through any of their roles (or only through `roller`)."""
    vilkaar = Q(pk__in=[])
    for org_id, har in roller_for(bruker).items():
        for rolle in har:
            if roller is not None and rolle not in roller:
                continue
            omfang = _omfang(rolle, org_id)
            if omfang is not None:
                if omfang == Q():
                    return Person.objects.all()
                vilkaar |= omfang
    return Person.objects.filter(vilkaar)


def access_person(
    bruker, person_id: int, *, roller: set[Rolle] | None = None, innsyn: str | None = None
) -> Person:
    """The person if the user may reach them, else 404 — the same for missing and forbidden. The read is
    logged (`innsyn.les`, labelled `innsyn` or «Oppslag»)."""
    person = (
        persons_visible_to(bruker, roller=roller)
        .select_related(
            "husstand", "mottak", "mottak__vertskommune", "bosettingssak", "bosettingssak__kommune"
        )
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    innsyn_les([person.pk], innsyn)
    return person


def person_sok(bruker, tekst: str) -> QuerySet[Person]:
    """Search by name, DUF, fødselsnummer or Reg-nr among the persons the user reaches, by name (pk breaks
    ties, so pages neither repeat nor skip anyone). On PostgreSQL the name parts are found through a trigram
    index (migration personer 0006), not by reading every person."""
    tekst = " ".join(tekst.split())
    qs = (
        persons_visible_to(bruker)
        .select_related("bosettingssak", "husstand")
        .order_by("etternavn", "fornavn", "pk")
    )
    if not tekst:
        return qs.none()
    siffer = tekst.replace(" ", "")
    if siffer.isdecimal():
        return qs.filter(Q(duf_nummer=siffer) | Q(fodselsnummer=siffer) | Q(husstand__reg_nr=siffer))
    vilkaar = Q()
    for ord_ in tekst.split():
        vilkaar &= Q(fornavn__icontains=ord_) | Q(etternavn__icontains=ord_) | Q(mellomnavn__icontains=ord_)
    return qs.filter(vilkaar)


# Who opens the whole folder and its printouts: IMDi, the mottak's Bosettingsansvarlig roles and the
# kommune's Bosetter roles once the person is søkt ut there. Kompass and Kartlegger roles reach persons for
# other purposes and see Grunndata only.
MAPPE_ROLLER = roller_med("personmappe.les")


def _tekst(*deler) -> str:
    return "\n".join(str(d) for d in deler if d)


def mappe(person: Person, *, for_imdi: bool) -> dict:
    """Everything registered on the person, as the folder's sections and the «Kartleggingsinformasjon»
    printout show it. Internal notes and behandler are IMDi's only (DOMAIN.md): not even fetched otherwise.
    Each row is (label, text); an empty text is shown as «Ikke registrert». The competence registrations are
    drawn by imdinett/kompetanse, which sits above this app (`{% kompetansevisning person %}`)."""
    from .models import Bosettingsinformasjon, Bosettingssamtale
    from .samtale import familiebolig, samtalesvar_i_mappen

    try:
        samtale = person.samtale
    except Bosettingssamtale.DoesNotExist:
        samtale = None
    try:
        info = person.bosettingsinformasjon
    except Bosettingsinformasjon.DoesNotExist:
        info = Bosettingsinformasjon(person=person)
    s = samtale or Bosettingssamtale(person=person)
    svar = []
    if samtale is not None:
        for felt in Bosettingssamtale._meta.fields:
            if felt.name in ("id", "person", "endret", "endret_av"):
                continue
            verdi = getattr(samtale, felt.name)
            if verdi in (None, "") or (verdi is False and felt.name == "onsker_ikke_gi_info"):
                continue
            if isinstance(verdi, bool):
                verdi = "Ja" if verdi else "Nei"
            elif felt.choices:
                verdi = getattr(samtale, f"get_{felt.name}_display")()
            svar.append((felt.verbose_name, verdi))
    tilknytning = ""
    if s.tilknytning_type:
        tilknytning = f"{s.get_tilknytning_type_display()}: {s.tilknytning_navn}".rstrip(": ")
        if s.tilknytning_kommune_id:
            tilknytning += f" ({s.tilknytning_kommune.navn})"
    bindende = ""
    if info.bindende_type:
        bindende = f"{info.get_bindende_type_display()} – {info.bindende_kommune.navn}"
    return {
        "person": person,
        "sak": getattr(person, "bosettingssak", None),
        "bosetting": bosetting_vist(getattr(person, "bosettingssak", None), for_imdi=for_imdi),
        "samtale": samtale,
        "info": info,
        "svar": svar,
        "kontakt": [
            ("Kontaktadresse", info.kontaktadresse),
            ("Telefonnummer", info.telefon),
            ("E-postadresse", info.epost),
        ],
        "bosettingsinformasjon": [
            ("Bindende tilknytning til kommune", _tekst(bindende, info.bindende_merknad)),
            (
                "Veiledende tilknytning til kommune",
                _tekst(
                    info.veiledende_kommune.navn if info.veiledende_kommune_id else "",
                    info.veiledende_merknad,
                    tilknytning,
                    s.andre_forhold_merknad,
                ),
            ),
            ("Familiebolig", _tekst(familiebolig(person, s), info.familiebolig)),
            ("Familiemerknad", info.familiemerknad),
            ("Tilknyttede saker", info.tilknyttede_saker),
            (
                "Bofellesskap",
                _tekst(
                    info.bofellesskap,
                    "Kjenner noen de kunne tenke seg å dele bolig med (bosettingssamtalen)."
                    if s.bofellesskap
                    else "",
                ),
            ),
            ("Verge før bosetting", info.verge),
            ("Følgeperson", _tekst(info.folgeperson, s.folgeperson_vurdering)),
        ],
        "samtalesvar": samtalesvar_i_mappen(person, s) if samtale else [],
        "helse": [
            (
                "Bosettingsrelevant helseinfo",
                _tekst(info.helseinfo, s.saerlig_hensyn_beskrivelse if s.saerlig_hensyn else ""),
            ),
            ("Svangerskap", info.svangerskap),
            ("Helsetilstand", info.helsetilstand),
        ],
        # The interview's structured answers (kollektiv beskyttelse); the mottak's notes per theme are
        # shown with the other sources in the competence (`kompetansevisning`).
        "samtalekompetanse": [
            ("Språk", _tekst(s.engelsk and f"Engelsk: {s.get_engelsk_display()}", s.andre_sprak)),
            ("Høyeste fullførte utdanning", _tekst(s.get_hoyeste_utdanning_display(), s.utdanning_fagfelt)),
            ("Siste yrke", s.siste_yrke),
            (
                "Førerkort",
                _tekst(s.get_forerkort_display() if s.forerkort is not None else "", s.forerkort_klasser),
            ),
        ],
        "karriereveiledninger": list(person.karriereveiledninger.all()),
        "bosettingsmerknader": list(person.bosettingsmerknader.all()),
        "interne": list(person.interne_merknader.all()) if for_imdi else [],
        "behandlere": list(person.behandlere.all()) if for_imdi else [],
        "for_imdi": for_imdi,
    }


def personliste(bruker):
    """The user's Personliste, keeping only persons the user still reaches."""
    from .models import Personliste

    synlige = persons_visible_to(bruker)
    return (
        Personliste.objects.filter(bruker=bruker, person__in=synlige)
        .select_related("person", "person__bosettingssak")
        .order_by("lagt_til")
    )


def grunndata_ved_duf(bruker, tekst: str) -> Person | None:
    """A person found by exact DUF by a user who does not reach them: basic data only."""
    duf = "".join(tekst.split())
    if len(duf) != 12 or not (duf.isascii() and duf.isdecimal()):
        return None
    # Kommune roles see basic data without reaching the folder (seed 002 «Personsøk», the kommune's guide);
    # administrators hold no case data, mottak users find their own residents only.
    if not kan(bruker, "person.duf_oppslag"):
        return None
    person = Person.objects.filter(duf_nummer=duf).first()
    if person is not None:
        innsyn_les([person.pk], "Personsøk på DUF-nummer")
    return person


KOMMUNETYPER = (Organisasjon.Type.KOMMUNE, Organisasjon.Type.BYDEL)


def er_bosettingskommune(bruker, person: Person) -> bool:
    """The user works in the kommune the person is søkt ut to or settled in."""
    sak = getattr(person, "bosettingssak", None)
    return (
        sak is not None
        and sak.status in KOMMUNE_MAPPE_STATUSER
        and sak.kommune_id in organisasjoner_med(bruker, "personmappe.les")
    )


def hendelser_for_person(bruker, person: Person):
    """The person's Hendelser as this user may see them: notes only for IMDi and the settlement kommune
    (seed 002); a kommune user does not see another kommune's events (e.g. its reason for declining)."""
    qs = person.hendelser.select_related("utfort_av", "utfort_av__organisasjon", "organisasjon")
    if er_imdi(bruker):
        return qs
    qs = qs.exclude(
        Q(organisasjon__type__in=KOMMUNETYPER) & ~Q(organisasjon_id__in=roller_for(bruker).keys())
    )
    if not er_bosettingskommune(bruker, person):
        qs = qs.exclude(type=Hendelse.Type.NOTAT)
    return qs


def husstandsmedlemmer(bruker, person: Person) -> QuerySet[Person]:
    """The others with the same Reg-nr whom the user also reaches."""
    return (
        persons_visible_to(bruker)
        .filter(husstand_id=person.husstand_id)
        .exclude(pk=person.pk)
        .order_by("fodselsdato")
    )
