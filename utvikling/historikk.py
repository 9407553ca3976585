"""A year of history for the national volume (issue #21): what the lists, the admin and the unread count
grow with in real use. At 40,000 persons about 600,000 Hendelser, 1,000,000 Innsynslogg lines and 88,000
Varsler (most of them read), spread over the last 365 days, each day at its own moment; one caseworker per
organisation with cases writes them. Bulk writes; the clock is moved per day, since the models stamp their
own time."""

import random
from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone

from imdinett.hendelser.models import Hendelse, Omraade, Varsel, VarselLest
from imdinett.hendelser.services import hendelser_registrer
from imdinett.kompetanse.models import (
    Arbeidserfaring,
    Kilde,
    Kompetanseregistrering,
    Sprakferdighet,
    Utdanning,
)
from imdinett.organisasjoner.models import Bruker
from imdinett.personer.models import Bosettingssak, Bosettingssamtale, Innsynslogg, Person
from imdinett.personer.views import SEKSJONER

from .bakgrunn import bakgrunn, kompetanserader, morsmaal
from .identiteter import Generator

PER_PERSON = {"hendelser": 15, "innsyn": 25, "varsler": 2.2}
ANDEL_LEST = 0.9
DAGER = 365

HENDELSER = [  # (kode, saksområde, tittel): the year's events, the most frequent first
    ("bosettingssak.opprettet", Omraade.BOSETTING, "Bosettingssak opprettet"),
    ("bosettingssak.under_kartlegging", Omraade.BOSETTING, "Bosettingssamtale startet"),
    ("bosettingssak.fordelingsklar", Omraade.BOSETTING, "Bosettingssamtale ferdigstilt – fordelingsklar"),
    ("fordelingsliste.sendt", Omraade.FORDELING, "Fordelingsliste sendt"),
    ("fordelingsliste.besvart", Omraade.FORDELING, "Fordelingsliste besvart"),
    ("bosettingssak.bosatt", Omraade.BOSETTING, "Bosatt"),
    ("kompetanse.lagret", Omraade.KOMPETANSE, "Kompetansekartlegging lagret"),
    ("innmelding.sendt", Omraade.INNMELDING, "Innmelding sendt"),
]
VARSLER = [
    "Ny bosettingssak",
    "Ny fordelingsliste fra IMDi",
    "Påminnelse: bosettingssamtalen skal gjennomføres innen fristen",
    "Innmeldingen er behandlet",
]


def _saksbehandlere(personer: list[Person]) -> dict[int, Bruker]:
    """{organisasjon id: its caseworker}: one per mottak and kommune the persons belong to (no roles: they
    only sign the history)."""
    org_ider = {p.mottak_id for p in personer} | {p.bosettingssak.kommune_id for p in personer}
    org_ider.discard(None)
    finnes = set(Bruker.objects.filter(username__startswith="historikk_").values_list("username", flat=True))
    Bruker.objects.bulk_create(
        [
            Bruker(username=f"historikk_{o}", first_name="Saks", last_name="Behandler", organisasjon_id=o)
            for o in sorted(org_ider)
            if f"historikk_{o}" not in finnes
        ],
        batch_size=2000,
    )
    return {b.organisasjon_id: b for b in Bruker.objects.filter(username__startswith="historikk_")}


def _fordel(antall: int, rnd: random.Random) -> list[int]:
    """`antall` spread over the days, weekdays three times as busy as weekends, today last."""
    idag = timezone.localdate()
    vekter = [3 if (idag - timedelta(days=d)).weekday() < 5 else 1 for d in range(DAGER)]
    per_dag = [0] * DAGER
    for d in rnd.choices(range(DAGER), weights=vekter, k=antall):
        per_dag[d] += 1
    return per_dag


def seed_historikk(personer: list[Person], rnd: random.Random) -> dict[str, int]:
    """A year of Hendelser, Innsynslogg and Varsler about `personer` (with their cases loaded)."""
    personer = [p for p in personer if hasattr(p, "bosettingssak")]
    brukere = _saksbehandlere(personer)
    org_av = {p.pk: p.bosettingssak.kommune_id or p.mottak_id for p in personer}
    personer = [p for p in personer if org_av[p.pk] is not None]
    n = len(personer)
    dager = {navn: _fordel(round(n * faktor), rnd) for navn, faktor in PER_PERSON.items()}
    orgs = sorted(brukere)
    idag = timezone.localdate()
    for d in range(DAGER - 1, -1, -1):
        start = timezone.make_aware(datetime.combine(idag - timedelta(days=d), time(8)))
        if start > timezone.now():
            continue
        with time_machine.travel(start, tick=True):
            hendelser_registrer(
                [
                    (
                        Hendelse(
                            kode=kode,
                            omraade=omraade,
                            tittel=tittel,
                            utfort_av=brukere[org_av[p.pk]],
                            organisasjon_id=org_av[p.pk],
                        ),
                        [p],
                    )
                    for p in rnd.choices(personer, k=dager["hendelser"][d])
                    for kode, omraade, tittel in [rnd.choice(HENDELSER)]
                ]
            )
            Innsynslogg.objects.bulk_create(
                [
                    Innsynslogg(
                        person=p,
                        bruker=brukere[org_av[p.pk]],
                        organisasjon_id=org_av[p.pk],
                        seksjon=rnd.choice(list(SEKSJONER.values())),
                    )
                    for p in rnd.choices(personer, k=dager["innsyn"][d])
                ],
                batch_size=5000,
            )
            varsler = Varsel.objects.bulk_create(
                [
                    Varsel(organisasjon_id=rnd.choice(orgs), tittel=rnd.choice(VARSLER))
                    for _ in range(dager["varsler"][d])
                ],
                batch_size=5000,
            )
            VarselLest.objects.bulk_create(
                [
                    VarselLest(varsel=v, bruker=brukere[v.organisasjon_id])
                    for v in varsler
                    if rnd.random() < ANDEL_LEST
                ],
                batch_size=5000,
            )
    return {navn: sum(per_dag) for navn, per_dag in dager.items()}


def seed_samtaler(personer: list[Person], rnd: random.Random) -> int:
    """An interview for every adult whose case got past «Opprettet» (the answers the lists and folders show)."""
    idag = timezone.localdate()
    ferdige = [
        p
        for p in personer
        if hasattr(p, "bosettingssak")
        and p.bosettingssak.status != Bosettingssak.Status.OPPRETTET
        and p.alder(idag) >= 18
    ]
    Bosettingssamtale.objects.bulk_create(
        [
            Bosettingssamtale(
                person=p,
                har_venner_familie=rnd.random() < 0.4,
                kjaeledyr=rnd.random() < 0.1,
                forerkort=rnd.random() < 0.35,
                bil_i_norge=False,
                saerlig_hensyn=rnd.random() < 0.08,
            )
            for p in ferdige
        ],
        batch_size=5000,
    )
    return len(ferdige)


KARTLAGT = (Bosettingssak.Status.SOKT_UT, Bosettingssak.Status.BOSATT)  # the kommune maps after its decision
RADER = {"sprak": Sprakferdighet, "utdanning": Utdanning, "arbeid": Arbeidserfaring}


def seed_kompetanse(personer: list[Person], gen: Generator) -> int:
    """A finished competence mapping (seed 003: the kommune maps within 14 days of its decision) for every adult
    the kommune has decided to settle, with the rows the pages show: languages, education and work."""
    idag = timezone.localdate()
    kartlagte = [
        p
        for p in personer
        if hasattr(p, "bosettingssak") and p.bosettingssak.status in KARTLAGT and p.alder(idag) >= 18
    ]
    naa = timezone.now()
    rader_for = [
        kompetanserader(bakgrunn(gen, p, morsmaal(gen, p.statsborgerskap), p.alder(idag)), p.statsborgerskap)
        for p in kartlagte
    ]
    registreringer = Kompetanseregistrering.objects.bulk_create(
        [
            Kompetanseregistrering(
                person=p,
                kilde=Kilde.KARTLEGGING,
                status=Kompetanseregistrering.Status.FERDIGSTILT,
                gjennomforing=Kompetanseregistrering.Gjennomforing.INTERVJU_TOLK,
                ferdigstilt=naa - timedelta(days=gen.rnd.randint(0, 300)),
                organisasjon_id=p.bosettingssak.kommune_id,
            )
            for p in kartlagte
        ],
        batch_size=5000,
    )
    for navn, modell in RADER.items():
        modell.objects.bulk_create(
            [
                modell(registrering=r, **rad)
                for r, rader in zip(registreringer, rader_for, strict=True)
                for rad in rader.get(navn, [])
            ],
            batch_size=5000,
        )
    return len(registreringer)
