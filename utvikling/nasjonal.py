"""National volume for the benchmarks (`manage.py seed_demo --scale national`, `manage.py bench`): ~100 mottak
and ~40,000 persons with cases in every status, spread by kommune size (Oslo largest), written in bulk; this
year's anmodning and vedtak for every kommune (kommune.demo); interviews, competence mappings and a year of history
(utvikling.historikk)."""

import random
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from imdinett.organisasjoner.models import Kommune, Mottak, Postnummer
from imdinett.personer.models import Bosettingssak, Husstand, Person
from kommune.demo import nasjonale_anmodninger

from .historikk import seed_historikk, seed_kompetanse, seed_samtaler
from .identiteter import NAVN, Generator, husstand_plan

P = Person
Saksstatus = Bosettingssak.Status


NASJONAL_STATUS = [  # (status, weight): a year's flow, most cases already settled
    (None, 8),
    (Saksstatus.OPPRETTET, 6),
    (Saksstatus.UNDER_KARTLEGGING, 6),
    (Saksstatus.FORDELINGSKLAR, 12),
    (Saksstatus.FORDELT, 4),
    (Saksstatus.SOKT_UT, 8),
    (Saksstatus.BOSATT, 50),
    (Saksstatus.BOSETTINGSNEKT, 1),
    (Saksstatus.AVSLUTTET, 5),
]
NASJONAL_SLAG = [("familie", 40), ("enslig", 45), ("em", 10), ("em_folgeperson", 5)]


def vektet(rnd: random.Random, valg: list[tuple]) -> object:
    """One of `valg`'s values, drawn by its weight ([(value, weight)]); the national seed and the import use it."""
    return rnd.choices([v for v, _ in valg], weights=[w for _, w in valg])[0]


def _storrelse(kommuner: list[Kommune]) -> list[int]:
    """Each kommune's weight: its number of postnumre, the reference data's stand-in for its population
    (Oslo 633, Bergen 220, Trondheim 176, Tromsø 90 … most kommuner 1–10)."""
    antall = Counter(Postnummer.objects.values_list("kommunenummer", flat=True))
    return [max(1, antall[k.nummer]) for k in kommuner]


@transaction.atomic
def seed_national(antall_mottak: int = 100, antall_personer: int = 40_000) -> str:
    """National volume for benchmarks: ~100 mottak and ~40,000 persons with cases in every status,
    written in bulk, with a year of history."""
    if Mottak.objects.filter(imdi_kode__startswith="N").count() >= antall_mottak:
        return "Nasjonale data finnes allerede."
    gen = Generator(seed=2024, duf_start=100_000)
    rnd = gen.rnd
    kommuner = list(Kommune.objects.filter(overordnet__isnull=True).order_by("nummer"))
    vekter = _storrelse(kommuner)
    postnr = {}
    for pn in Postnummer.objects.order_by("nummer"):
        postnr.setdefault(pn.kommunenummer, pn)
    kategorier = [
        (Mottak.Kategori.ORDINAERT, 70),
        (Mottak.Kategori.EM, 10),
        (Mottak.Kategori.INTEGRERING, 8),
        (Mottak.Kategori.AKUTT, 6),
        (Mottak.Kategori.TILRETTELAGT, 3),
        (Mottak.Kategori.SAERSKILT_BO, 2),
        (Mottak.Kategori.SAERSKILT_PLEIE, 1),
    ]
    alle_mottak = []
    for i, kommune in enumerate(rnd.choices(kommuner, weights=vekter, k=antall_mottak)):
        alle_mottak.append(
            Mottak.objects.create(
                navn=f"{kommune.navn} mottak {i + 1}",
                imdi_kode=f"N{i + 1:04d}",
                udi_mot_id=f"MOTN{i + 1:05d}",
                kategori=vektet(rnd, kategorier),
                vertskommune=kommune,
                epost=f"mottak{i + 1}@example.org",
                postadresse="Mottaksveien 1",
                postnummer=postnr.get(kommune.nummer),
            )
        )
    planer = []
    totalt = 0
    while totalt < antall_personer:
        plan = husstand_plan(gen, vektet(rnd, NASJONAL_SLAG), rnd.choice(list(NAVN)))
        planer.append(plan)
        totalt += len(plan)
    husstander = Husstand.objects.bulk_create([Husstand(reg_nr=f"8{i:08d}") for i in range(len(planer))])
    personer, husstand_av = [], []
    for plan, husstand in zip(planer, husstander, strict=True):
        mottak = rnd.choice(alle_mottak)
        for m in plan:
            personer.append(
                Person(
                    duf_nummer=gen.duf(rnd.choice([2024, 2025, 2026])),
                    husstand=husstand,
                    mottak=mottak,
                    sakstype=P.Sakstype.MOTTAKSBEBOER,
                    **m,
                )
            )
            husstand_av.append(husstand.pk)
    Person.objects.bulk_create(personer, batch_size=5000)
    naa = timezone.now()
    idag = timezone.localdate()
    saker_ = []
    status_for = {h.pk: vektet(rnd, NASJONAL_STATUS) for h in husstander}
    kommune_for = dict(
        zip([h.pk for h in husstander], rnd.choices(kommuner, weights=vekter, k=len(husstander)), strict=True)
    )
    for person, husstand_id in zip(personer, husstand_av, strict=True):
        status = status_for[husstand_id]
        if status is None:
            continue
        opprettet = naa - timedelta(days=rnd.randint(1, 300))
        sak = Bosettingssak(
            person=person, status=status, opprettet=opprettet, frist=Bosettingssak.frist_for(opprettet)
        )
        if status not in (Saksstatus.OPPRETTET, Saksstatus.UNDER_KARTLEGGING):
            sak.fordelingsklar_fra = opprettet + timedelta(days=10)
        if status in (Saksstatus.FORDELT, Saksstatus.SOKT_UT, Saksstatus.BOSATT, Saksstatus.BOSETTINGSNEKT):
            sak.kommune = kommune_for[husstand_id]
        if status in (Saksstatus.SOKT_UT, Saksstatus.BOSETTINGSNEKT):
            sak.forventet_uke = idag + timedelta(days=7 * rnd.randint(1, 8) - idag.weekday())
        if status == Saksstatus.BOSATT:
            sak.bosettingsdato = idag - timedelta(days=rnd.randint(0, 300))
            person.mottak = None
        if status == Saksstatus.AVSLUTTET:
            sak.avslutningsgrunn = Bosettingssak.Avslutningsgrunn.UTREIST
        saker_.append(sak)
    Bosettingssak.objects.bulk_create(saker_, batch_size=5000)
    Person.objects.bulk_update([p for p in personer if p.mottak is None], ["mottak"], batch_size=5000)
    Person.objects.filter(mottak__isnull=True, husstand__reg_nr__startswith="8").update(plasstype="")
    nasjonale_anmodninger(kommuner, rnd, naa)
    med_saker = list(
        Person.objects.filter(husstand__reg_nr__startswith="8").select_related("bosettingssak").order_by("pk")
    )
    samtaler = seed_samtaler(med_saker, rnd)
    kartlagte = seed_kompetanse(med_saker, gen)
    historikk = seed_historikk(med_saker, rnd)
    return (
        f"Nasjonale data: {antall_mottak} mottak, {len(personer)} personer, {len(saker_)} bosettingssaker, "
        f"anmodning og vedtak for {len(kommuner)} kommuner, {samtaler} bosettingssamtaler, "
        f"{kartlagte} kompetansekartlegginger; ett års historikk: "
        f"{historikk['hendelser']} hendelser, {historikk['innsyn']} innsynslogglinjer, "
        f"{historikk['varsler']} varsler."
    )
