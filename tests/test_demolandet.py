"""The demo is a believable country (issue #20): free text varies, ages agree with work and schooling, names and
mother tongues fit the nationality, every kind of person, case and innmelding is there, and the history is
spread over time in the order it could have happened. Each test seeds the demo (`seed_demo`)."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from fordeling.models import Fordelingslinje
from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.kompetanse.models import Arbeidserfaring, Kompetanseregistrering, Sprakferdighet, Utdanning
from imdinett.organisasjoner.models import Bruker
from imdinett.personer.models import (
    Behandler,
    Bosettingsinformasjon,
    Bosettingsmerknad,
    Bosettingssak,
    Bosettingssamtale,
    Funksjonsrapport,
    InternMerknad,
    Karriereveiledning,
    Person,
)
from innmelding.models import Innmelding
from kommune.models import Anmodning

pytestmark = pytest.mark.django_db
P = Person
Saksstatus = Bosettingssak.Status

# Written here, not taken from the generator: what a reader would accept as a mother tongue of each nationality.
MORSMAAL = {
    "Syria": {"Arabisk", "Kurdisk"},
    "Afghanistan": {"Dari", "Pashto"},
    "Eritrea": {"Tigrinja"},
    "Ukraina": {"Ukrainsk", "Russisk"},
    "Somalia": {"Somali"},
    "Sudan": {"Arabisk"},
    "Den demokratiske republikken Kongo": {"Swahili", "Lingala", "Fransk"},
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_referansedata", verbosity=0)
    call_command("seed_demo", verbosity=0)


def hvem(p: Person) -> str:
    return f"{p.navn} ({p.duf_formatert}, {p.alder()} år)"


def test_fritekst_gjentas_hoyst_fire_ganger(demo):
    """Every free-text field of the interview, notes, folder, innmeldinger and competence varies."""
    modeller = [
        Bosettingssamtale,
        Bosettingsmerknad,
        InternMerknad,
        Bosettingsinformasjon,
        Karriereveiledning,
    ]
    gjentatt = {}
    for modell in [*modeller, Innmelding, Arbeidserfaring]:
        for felt in modell._meta.fields:
            if isinstance(felt, models.TextField) or felt.name == "beskrivelse":
                verdier = Counter(v for v in modell.objects.values_list(felt.name, flat=True) if v)
                gjentatt |= {(modell.__name__, felt.name, v): n for v, n in verdier.items() if n > 4}
    assert (
        Bosettingsmerknad.objects.count() >= 40
        and Bosettingssamtale.objects.exclude(merknad_yrke="").count() >= 30
    )
    assert not gjentatt, gjentatt


def test_alder_arbeid_og_utdanning_henger_sammen(demo):
    feil = []
    for s in Bosettingssamtale.objects.select_related("person"):
        p, alder = s.person, s.person.alder()
        if s.siste_yrke and alder < 16:
            feil.append(f"{hvem(p)} har yrke {s.siste_yrke}")
        if (
            s.hoyeste_utdanning == "hoyere"
            and alder < 21
            or s.hoyeste_utdanning == "videregaaende"
            and alder < 17
        ):
            feil.append(f"{hvem(p)} har {s.get_hoyeste_utdanning_display()}")
        if s.siste_yrke and s.merknad_yrke and s.siste_yrke.lower()[:5] not in s.merknad_yrke.lower():
            feil.append(f"{hvem(p)}: siste yrke {s.siste_yrke}, men «{s.merknad_yrke}»")
    aar_i_arbeid = defaultdict(int)
    for a in Arbeidserfaring.objects.select_related("registrering__person"):
        aar_i_arbeid[a.registrering.person] += a.antall_aar or 0
        samtale = Bosettingssamtale.objects.filter(person=a.registrering.person).first()
        if samtale and samtale.siste_yrke and samtale.siste_yrke != a.yrke:
            feil.append(
                f"{hvem(a.registrering.person)}: kartlagt som {a.yrke}, samtalen sier {samtale.siste_yrke}"
            )
    feil += [f"{hvem(p)} har {n} år i arbeid" for p, n in aar_i_arbeid.items() if n > p.alder() - 14]
    for u in Utdanning.objects.select_related("registrering__person"):
        if (u.antall_aar or 0) > u.registrering.person.alder() - 5:
            feil.append(f"{hvem(u.registrering.person)} har {u.antall_aar} år {u.get_nivaa_display()}")
    for p in P.objects.filter(persontype=P.Persontype.FAMILIEMEDLEM, relasjon__in=["sonn", "datter"]):
        for forelder in P.objects.filter(husstand=p.husstand, relasjon__in=["far", "mor"]):
            if (p.fodselsdato - forelder.fodselsdato).days < 15 * 365:
                feil.append(f"{hvem(p)} er barn av {hvem(forelder)}")
    for sak in Bosettingssak.objects.filter(person__persontype__in=["em", "em_folgeperson"]).select_related(
        "person"
    ):
        if sak.person.alder(timezone.localdate(sak.opprettet)) >= 18:
            feil.append(f"{hvem(sak.person)} var voksen da saken ble opprettet")
    assert not feil, "\n".join(feil)


def test_navn_og_morsmaal_passer_nasjonaliteten(demo):
    feil = []
    fornavn = defaultdict(list)
    for p in P.objects.all():
        fornavn[p.husstand_id].append(p.fornavn)
        if p.statsborgerskap not in MORSMAAL:
            feil.append(f"{hvem(p)}: ukjent nasjonalitet {p.statsborgerskap}")
    feil += [f"Husstand {h}: {navn}" for h, navn in fornavn.items() if len(set(navn)) < len(navn)]
    morsmaal = Sprakferdighet.objects.filter(morsmaal=True).select_related("registrering__person")
    assert morsmaal.count() >= 10
    for s in morsmaal:
        p = s.registrering.person
        if s.sprak not in MORSMAAL.get(p.statsborgerskap, ()):
            feil.append(f"{hvem(p)} fra {p.statsborgerskap} har morsmål {s.sprak}")
    for s in Bosettingssamtale.objects.exclude(merknad_sprak="").select_related("person"):
        if not any(sprak in s.merknad_sprak for sprak in MORSMAAL[s.person.statsborgerskap]):
            feil.append(f"{hvem(s.person)}: «{s.merknad_sprak}»")
    assert not feil, "\n".join(feil)


def test_alle_slags_personer_saker_og_innmeldinger_finnes(demo):
    assert set(P.objects.values_list("persontype", flat=True)) == set(P.Persontype.values)
    assert set(P.objects.values_list("sakstype", flat=True)) == set(P.Sakstype.values)
    assert set(P.objects.values_list("beskyttelse", flat=True)) == set(P.Beskyttelse.values)
    assert set(Bosettingssak.objects.values_list("status", flat=True)) == set(Saksstatus.values)
    assert set(Innmelding.objects.values_list("status", flat=True)) == set(Innmelding.Status.values)
    assert set(Innmelding.objects.values_list("type", flat=True)) == set(Innmelding.Type.values)
    assert set(Innmelding.objects.values_list("mottaker", flat=True)) == set(Innmelding.Mottaker.values)
    assert Behandler.objects.exists() and Funksjonsrapport.objects.exists() and InternMerknad.objects.exists()
    assert any(a.venter_paa_svar for a in Anmodning.objects.filter(tilleggsanmodning=True))
    assert Bosettingsinformasjon.objects.exclude(sosial_informasjon="").exclude(tilknyttede_saker="").exists()
    assert Kompetanseregistrering.objects.filter(status="ferdigstilt").count() >= 5
    overforte = Bosettingssak.objects.filter(person__sakstype=P.Sakstype.OVERFORINGSFLYKTNING)
    assert overforte.filter(forste_mulige_uke__isnull=False, siste_mulige_uke__isnull=False).exists()
    assert Bosettingssamtale.objects.filter(
        person__sakstype=P.Sakstype.OVERFORINGSFLYKTNING, endret_av__username="imdi"
    )
    utenfor = P.objects.exclude(sakstype__in=[P.Sakstype.MOTTAKSBEBOER, P.Sakstype.OVERFORINGSFLYKTNING])
    assert not utenfor.filter(mottak__isnull=False).exists() and not utenfor.filter(adresse="").exists()


def test_historien_er_spredt_over_tid_og_i_riktig_rekkefolge(demo):
    naa = timezone.now()
    tider = list(Hendelse.objects.values_list("tidspunkt", flat=True))
    assert max(tider) - min(tider) > timedelta(days=120)
    assert sum(t > naa - timedelta(hours=1) for t in tider) < len(tider) / 5
    assert len({s.opprettet.date() for s in Bosettingssak.objects.all()}) >= 10
    feil = []
    for sak in Bosettingssak.objects.select_related("person"):
        if sak.fordelingsklar_fra and not sak.opprettet <= sak.fordelingsklar_fra <= naa:
            feil.append(
                f"{hvem(sak.person)}: fordelingsklar {sak.fordelingsklar_fra}, opprettet {sak.opprettet}"
            )
        for h in Hendelse.objects.filter(
            personer=sak.person, tidspunkt__lt=sak.opprettet - timedelta(days=1)
        ):
            if h.kode.startswith(("bosettingssak", "fordelingsliste", "samtale")):
                feil.append(
                    f"{hvem(sak.person)}: «{h.tittel}» {h.tidspunkt} før saken ble opprettet {sak.opprettet}"
                )
        if sak.status == Saksstatus.BOSATT:
            sokt_ut = Hendelse.objects.filter(personer=sak.person, kode="bosettingssak.sokt_ut").get()
            if not timezone.localdate(sokt_ut.tidspunkt) <= sak.bosettingsdato <= timezone.localdate():
                feil.append(f"{hvem(sak.person)}: bosatt {sak.bosettingsdato}, søkt ut {sokt_ut.tidspunkt}")
    for linje in Fordelingslinje.objects.select_related("liste", "person__bosettingssak"):
        if linje.liste.sendt and linje.liste.sendt < linje.person.bosettingssak.opprettet:
            feil.append(f"{hvem(linje.person)} står på {linje.liste} sendt før saken ble opprettet")
    assert not feil, "\n".join(feil)


def test_demobrukerne_har_ikke_maaneder_med_uleste_varsler(demo):
    mottak = Bruker.objects.get(username="mottak")
    uleste = Varsel.objects.filter(organisasjon=mottak.organisasjon).exclude(lest__bruker=mottak)
    assert 0 < uleste.count() <= 10
    assert not uleste.filter(opprettet__lt=timezone.now() - timedelta(days=30)).exists()
    assert Karriereveiledning.objects.exists()
