"""Reads for competence: who maps whom, the task list, what completion needs, and the views."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import innsyn
from imdinett.personer.models import Bosettingssak, Bosettingssamtale, Person
from imdinett.personer.selectors import i_maalgruppen, maalgruppe, persons_visible_to

from .models import Kilde, Kompetanseregistrering, Nivaa
from .sprak import NB, tekster

R = Kompetanseregistrering.Status

# The two interview sources: the vertskommune's mapping and IMDi's (overføringsflyktninger).
INTERVJUKILDER = (Kilde.KARTLEGGING, Kilde.IMDI)


INNSYN = "Kompetansekartlegging"


def kartleggbare(bruker) -> QuerySet[Person]:
    """Persons the user may map: for a Kommune_Kartlegger the target group among the residents of mottak in
    its kommune (`personer.selectors.kartleggers_omfang`, through `persons_visible_to`), for IMDi the persons outside mottak
    (overføringsflyktninger)."""
    vertskommune = persons_visible_to(bruker, roller={Rolle.KOMMUNE_KARTLEGGER})
    imdi = persons_visible_to(bruker, roller={Rolle.IMDI_SAKSBEHANDLER}).filter(mottak__isnull=True)
    return Person.objects.filter(Q(pk__in=vertskommune.values("pk")) | Q(pk__in=imdi.values("pk")))


def access_kartlegging(bruker, person_id: int, *, les: bool = True) -> tuple[Person, str, Organisasjon]:
    """The person, the source the user maps as, and the organisation that maps; 404 otherwise (missing and
    forbidden look the same). `les`: the page shows the person, so the read is logged (`innsyn`, one line
    when the response succeeds); the htmx autosave and Ferdigstill (a redirect) show nothing and pass False."""
    person = (
        kartleggbare(bruker)
        .select_related("husstand", "mottak", "mottak__vertskommune", "bosettingssak")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    if les:
        innsyn.les([person.pk], INNSYN)
    if person.mottak_id:
        return person, Kilde.KARTLEGGING, person.mottak.vertskommune
    return person, Kilde.IMDI, Organisasjon.objects.get(type=Organisasjon.Type.IMDI)


def kartleggingsoppgaver(bruker, *, sok: str = "", idag: date | None = None) -> QuerySet[Person]:
    """The interviewer's task list: persons in the target group whose mapping is not completed, the
    earliest deadline first (14 days from the decision, that is the settlement case's creation)."""
    ferdig = Kompetanseregistrering.objects.filter(
        person=OuterRef("pk"), kilde__in=INTERVJUKILDER, status=R.FERDIGSTILT
    )
    startet = Kompetanseregistrering.objects.filter(person=OuterRef("pk"), kilde__in=INTERVJUKILDER)
    qs = (
        kartleggbare(bruker)
        .filter(maalgruppe(idag))
        .annotate(ferdig=Exists(ferdig), startet=Exists(startet))
        .filter(ferdig=False)
        .select_related("bosettingssak", "mottak", "husstand")
        .order_by("bosettingssak__opprettet", "etternavn", "fornavn")
    )
    for ord_ in sok.split():
        qs = qs.filter(
            Q(fornavn__icontains=ord_) | Q(etternavn__icontains=ord_) | Q(duf_nummer__startswith=ord_)
        )
    return qs


def kartleggingsfrist(person: Person) -> date:
    return Bosettingssak.frist_for(person.bosettingssak.opprettet)


def registrering(person: Person, kilde: str) -> Kompetanseregistrering | None:
    return (
        Kompetanseregistrering.objects.filter(person=person, kilde=kilde)
        .select_related("registrert_av", "organisasjon")
        .prefetch_related("sprak", "utdanninger", "arbeidserfaringer")
        .first()
    )


def mangler(reg: Kompetanseregistrering) -> list[str]:
    """What must be registered before «Ferdigstill kompetansekartlegging», as the interviewer reads it."""
    ut = []
    if not reg.gjennomforing:
        ut.append("Hvordan kartleggingen ble gjennomført")
    if not reg.sprak.exists():
        ut.append("Minst ett språk (morsmålet)")
    if not reg.utdanninger.exists():
        ut.append("Utdanning (velg «Ingen formell utdanning» når personen ikke har gått på skole)")
    if not reg.arbeidserfaringer.exists() and not reg.ingen_arbeidserfaring:
        ut.append("Arbeidserfaring, eller kryss av for «Har ingen arbeidserfaring»")
    if reg.forerkort is None:
        ut.append("Har førerkort")
    if not reg.regneferdigheter:
        ut.append("Regneferdigheter")
    if not reg.digitale_ferdigheter:
        ut.append("Digitale ferdigheter")
    return ut


def kartleggingsstatus(person: Person) -> str:
    """The mapping's status as the mottak sees it (Oversikt mottaksbeboere), from the prefetched
    registrations (kompetanse_prefetch)."""
    intervju = [r for r in person.kompetanseregistreringer if r.kilde in INTERVJUKILDER]
    ferdig = [r.ferdigstilt for r in intervju if r.ferdigstilt]
    if ferdig:
        return f"Ferdigstilt {timezone.localdate(max(ferdig)):%d.%m.%Y}"
    if intervju:
        return "Under arbeid"
    return "Ikke startet" if i_maalgruppen(person) else "Ikke i målgruppen"


def selvregistrert(person: Person) -> str:
    """«Gjennomført selvregistrering av kompetanse» (seed 001 Oppgaveliste), from the prefetched registrations."""
    selvreg = [r for r in person.kompetanseregistreringer if r.kilde == Kilde.SELVREG and r.ferdigstilt]
    return f"Ja, {timezone.localdate(selvreg[0].ferdigstilt):%d.%m.%Y}" if selvreg else "Nei"


@dataclass
class Kompetansevisning:
    """A person's competence per theme, each entry with its source (seed 002 «Kompetanse»)."""

    registreringer: list[Kompetanseregistrering]
    samtale: Bosettingssamtale | None = None
    merknader: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self):
        rekkefolge = list(Kilde.values)
        self.registreringer.sort(key=lambda r: rekkefolge.index(r.kilde))
        s = self.samtale
        for tema, felt in TEMAMERKNADER.items():
            rader = [
                (r.get_kilde_display(), getattr(r, felt)) for r in self.registreringer if getattr(r, felt)
            ]
            mottak = getattr(s, felt, "") if s else ""
            if mottak:
                rader.append(("Mottak (bosettingssamtalen)", mottak))
            self.merknader[tema] = rader

    def _rader(self, navn: str) -> list:
        return [rad for r in self.registreringer for rad in getattr(r, navn).all()]

    @property
    def sprak(self):
        return self._rader("sprak")

    @property
    def utdanninger(self):
        return self._rader("utdanninger")

    @property
    def arbeidserfaringer(self):
        return self._rader("arbeidserfaringer")

    @property
    def selvreg(self) -> Kompetanseregistrering | None:
        return next((r for r in self.registreringer if r.kilde == Kilde.SELVREG), None)

    @property
    def temaer(self) -> dict[str, str]:
        return TEMAER

    @property
    def intervjuinteresser(self) -> bool:
        return any(r.interesser for r in self.registreringer if r.kilde != Kilde.SELVREG)

    @property
    def tom(self) -> bool:
        return not self.registreringer and not any(self.merknader.values())


# Each theme's note field, named the same on the registration and on the mottak's interview.
TEMAMERKNADER = {
    "sprak": "merknad_sprak",
    "utdanning": "merknad_utdanning",
    "yrke": "merknad_yrke",
    "andre_ferdigheter": "merknad_andre_ferdigheter",
    "interesser": "merknad_interesser",
}


def _registreringer():
    return Kompetanseregistrering.objects.select_related("registrert_av", "organisasjon").prefetch_related(
        "sprak", "utdanninger", "arbeidserfaringer"
    )


def kompetanse(person: Person) -> Kompetansevisning:
    return Kompetansevisning(list(_registreringer().filter(person=person)), getattr(person, "samtale", None))


def kompetanse_prefetch(vei: str = "") -> Prefetch:
    """For lists of persons (`vei` leads from the listed rows to the person): the registrations with
    their rows in a fixed number of queries, as `person.kompetanseregistreringer`."""
    return Prefetch(f"{vei}kompetanse", queryset=_registreringer(), to_attr="kompetanseregistreringer")


def kompetanse_fra_prefetch(person: Person) -> Kompetansevisning:
    return Kompetansevisning(list(person.kompetanseregistreringer), getattr(person, "samtale", None))


TEMAER = {
    "sprak": "Språk",
    "utdanning": "Utdanning",
    "yrke": "Yrke",
    "andre_ferdigheter": "Andre ferdigheter",
    "interesser": "Interesser",
}


def selvreg_grunndata(reg: Kompetanseregistrering, tema: str, sprak: str = NB) -> list[tuple[str, str]]:
    """«Vis grunndata fra Selvreg»: the resident's answers to one theme, under the questions they were asked
    — in bokmål for staff, in the resident's language on the receipt."""
    t = tekster(sprak)

    def nivaa(verdi: str) -> str:
        return t[f"nivaa_{verdi}"]

    def kjent(verdi: str) -> str:  # an untouched «Vet ikke» is no answer
        return "" if verdi in ("", Nivaa.UKJENT) else nivaa(verdi)

    def ja_nei(verdi) -> str:
        return "" if verdi is None else t["ja" if verdi else "nei"]

    def aar(antall) -> str:
        return t["aar"].format(antall=antall) if antall is not None else ""

    match tema:
        case "sprak":
            svar = [
                (
                    t["morsmaal_merke"].format(sprak=r.sprak) if r.morsmaal else r.sprak,
                    t["sprak_svar"].format(tale=nivaa(r.tale), lese=nivaa(r.lese), skrive=nivaa(r.skrive)),
                )
                for r in reg.sprak.all()
            ]
        case "utdanning":
            svar = [
                (
                    t["felt_nivaa"],
                    ", ".join(
                        tekst
                        for tekst in (
                            t[f"utd_{r.nivaa}"],
                            r.fagfelt,
                            aar(r.antall_aar),
                            r.land,
                            t["ferdig"].format(svar=ja_nei(r.fullfort).lower())
                            if r.fullfort is not None
                            else "",
                            t["papirer"].format(svar=t[f"dok_{r.dokumentasjon}"].lower())
                            if r.dokumentasjon
                            else "",
                        )
                        if tekst
                    ),
                )
                for r in reg.utdanninger.all()
            ]
        case "yrke":
            svar = [
                (
                    t["felt_yrke"],
                    ", ".join(x for x in (r.yrke, aar(r.antall_aar), r.land, r.beskrivelse) if x),
                )
                for r in reg.arbeidserfaringer.all()
            ] + [(t["felt_yrkesonsker"], reg.yrkesonsker)]
        case "andre_ferdigheter":
            svar = [
                (t["felt_forerkort"], ja_nei(reg.forerkort)),
                (t["felt_forerkort_klasser"], reg.forerkort_klasser),
                (t["felt_regneferdigheter"], kjent(reg.regneferdigheter)),
                (t["felt_digitale_ferdigheter"], kjent(reg.digitale_ferdigheter)),
                (t["felt_andre_ferdigheter"], reg.andre_ferdigheter),
            ]
        case _:
            svar = [(t["felt_interesser"], reg.interesser)]
    return [(sporsmal, tekst) for sporsmal, tekst in svar if tekst]
