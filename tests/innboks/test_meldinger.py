"""Each inbound message applied through the lifecycle's services, once; the same id with another body refused;
invalid messages kept with their errors per field; the stand-in command on the same path."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.innboks import tasks
from imdinett.innboks.models import Innboksmelding
from imdinett.innboks.services import Konflikt, behandle_paa_nytt, ventende_behandle
from imdinett.personer.models import Bosettingssak, Husstand, Person
from tests.factories import MottakFactory, gyldig_duf
from utvikling.identiteter import Generator

from .conftest import person, send, sokt_ut, tillatelse

pytestmark = pytest.mark.django_db
S = Innboksmelding.Status
Saksstatus = Bosettingssak.Status
A, B = [n for n in (Generator(seed=i).fnr(date(1986, 2, 1)) for i in range(50)) if n][:2]  # valid D-nummer


def test_tillatelse_innvilget_gir_husstand_personer_saker_hendelse_og_varsel(mottak):
    far, barn = (
        person(persontype="familiemedlem", relasjon="far", kjonn="M"),
        person(
            persontype="familiemedlem", relasjon="sonn", kjonn="M", fodselsdato="2015-01-01", plasstype="ORD"
        ),
    )
    data = tillatelse(far, barn, mottak=mottak)
    melding, ny = send("udi", "tillatelse_innvilget", data)
    assert (melding.status, melding.feil, ny) == (S.BEHANDLET, [], True)
    personer = Person.objects.filter(husstand__reg_nr=data["reg_nr"]).order_by("fodselsdato")
    assert [(p.duf_nummer, p.mottak_id, p.plasstype, p.relasjon) for p in personer] == [
        (far["duf_nummer"], mottak.pk, "ORD", "far"),
        (barn["duf_nummer"], mottak.pk, "ORD", "sonn"),
    ]
    assert {p.bosettingssak.status for p in personer} == {Saksstatus.OPPRETTET}
    hendelse = Hendelse.objects.get(kode="bosettingssak.opprettet")
    assert (hendelse.organisasjon_id, hendelse.utfort_av, set(hendelse.personer.all())) == (
        mottak.pk,
        None,
        set(personer),
    )
    assert Varsel.objects.get(organisasjon=mottak).tittel.startswith(
        "Ny bosettingssak: Amina Warsame (Reg-nr"
    )


@pytest.mark.parametrize(
    "felt, person_felt, forventet",
    [
        ({"beskyttelse": "kollektiv"}, {}, {"beskyttelse": "kollektiv"}),
        ({}, {"persontype": "em", "plasstype": "EM", "fodselsdato": "2010-03-03"}, {"persontype": "em"}),
        (
            {
                "sakstype": "overforingsflyktning",
                "forste_mulige_uke": "2031-01-08",
                "siste_mulige_uke": "2031-03-05",
            },
            {"plasstype": None},
            {"sakstype": "overforingsflyktning", "mottak": None},
        ),
    ],
    ids=["kollektiv_beskyttelse", "enslig_mindreaarig", "overforingsflyktning"],
)
def test_tillatelsens_varianter(mottak, felt, person_felt, forventet):
    med_mottak = felt.get("sakstype") != "overforingsflyktning"
    data = tillatelse(person(**person_felt), mottak=mottak if med_mottak else None, **felt)
    melding, _ = send("udi", "tillatelse_innvilget", data)
    assert melding.status == S.BEHANDLET, melding.feil
    p = Person.objects.select_related("bosettingssak").get(duf_nummer=data["personer"][0]["duf_nummer"])
    assert {k: getattr(p, k) for k in forventet} == forventet
    if not med_mottak:  # the weeks as their Mondays
        assert (p.bosettingssak.forste_mulige_uke, p.bosettingssak.siste_mulige_uke) == (
            date(2031, 1, 6),
            date(2031, 3, 3),
        )


def test_samme_melding_to_ganger_endrer_ingenting(mottak):
    data = tillatelse(mottak=mottak)
    forste, _ = send("udi", "tillatelse_innvilget", data, melding_id="udi-1")
    andre, ny = send("udi", "tillatelse_innvilget", data, melding_id="udi-1")
    assert (andre.pk, ny) == (forste.pk, False)
    assert (
        Bosettingssak.objects.count() == Hendelse.objects.filter(kode="bosettingssak.opprettet").count() == 1
    )
    # The same id from the other sender is another message.
    assert send("mot", "utflyttet", {"duf_nummer": [gyldig_duf()], "dato": "2026-01-01"}, "udi-1")[1]


def test_samme_id_med_annet_innhold_avvises_tydelig(mottak):
    data = tillatelse(mottak=mottak)
    send("udi", "tillatelse_innvilget", data, melding_id="udi-2")
    endret = {**data, "beskyttelse": "kollektiv"}
    with pytest.raises(Konflikt, match="allerede mottatt fra UDI med et annet innhold") as feil:
        send("udi", "tillatelse_innvilget", endret, melding_id="udi-2")
    assert feil.value.felt == "melding_id"
    assert Innboksmelding.objects.count() == 1
    assert Person.objects.get().beskyttelse == "individuell"


def test_ugyldig_melding_lagres_som_avvist_med_feil_per_felt_paa_norsk_og_engelsk(mottak):
    riktig = gyldig_duf()
    feil_duf = riktig[:10] + f"{(int(riktig[10:]) + 1) % 100:02d}"  # a wrong check number
    data = tillatelse(
        person(duf=feil_duf, fodselsnummer="01019012345", kjonn="X", ukjent="?"),
        person(etternavn="", fodselsdato="31.12.1990"),
        mottak=mottak,
    )
    melding, ny = send("udi", "tillatelse_innvilget", data)
    assert (melding.status, ny) == (S.AVVIST, True)
    feil = {f["felt"]: f for f in melding.feil}
    assert feil["personer.0.duf_nummer"] == {
        "felt": "personer.0.duf_nummer",
        "nb": "DUF-nummeret er ikke gyldig (feil kontrollsiffer).",
        "en": "The DUF number is not valid (wrong check digits).",
    }
    assert feil["personer.0.fodselsnummer"]["nb"].startswith("Fødselsnummeret er ikke gyldig")
    assert feil["personer.0.fodselsnummer"]["en"].startswith("The fødselsnummer is not valid")
    assert feil["personer.0.kjonn"]["nb"] == "Ugyldig verdi. Gyldige verdier: 'K' or 'M'."
    assert feil["personer.0.ukjent"]["nb"] == "Ukjent felt."
    assert feil["personer.1.etternavn"]["nb"] == "Feltet må fylles ut."
    assert feil["personer.1.fodselsdato"]["nb"] == "Ugyldig dato (ÅÅÅÅ-MM-DD)."
    assert all(f["en"] for f in melding.feil)
    assert not Person.objects.exists() and not Husstand.objects.exists()


@pytest.mark.parametrize(
    "kilde, type, data, felt",
    [
        ("udi", "utflyttet", {"duf_nummer": ["x"], "dato": "2026-01-01"}, "type"),  # MOT's, not UDI's
        ("mot", "ukjent", {}, "type"),
        ("mot", "utflyttet", ["ikke", "et", "objekt"], ""),
        ("mot", "utflyttet", {"duf_nummer": [], "dato": "2026-01-01"}, "duf_nummer"),
        ("mot", "utflyttet", {"duf_nummer": ["1234"], "dato": "2026-01-01"}, "duf_nummer.0"),
        ("udi", "tillatelse_innvilget", {**tillatelse(), "reg_nr": "12ab"}, "reg_nr"),
        ("udi", "tillatelse_innvilget", {**tillatelse(), "mottak": None}, "mottak"),  # a resident's mottak
        (
            "udi",
            "tillatelse_innvilget",
            tillatelse(person(fodselsnummer=A), person(fodselsnummer=A)),
            "personer",
        ),
        ("udi", "sak_flyttet", {"duf_nummer": ["1"], "mottak": "M", "plasstype": "ORD"}, "dato"),
    ],
)
def test_valideringsfeil_lekker_aldri_et_unntak(kilde, type, data, felt):
    melding, _ = send(kilde, type, data)
    assert melding.status == S.AVVIST
    assert felt in {f["felt"] for f in melding.feil}, melding.feil
    assert all(f["nb"] and f["en"] for f in melding.feil)


def test_melding_uten_id_eller_med_ukjent_kilde_lagres_ikke():
    with pytest.raises(DomeneFeil, match="Meldings-ID"):
        send("udi", "tillatelse_innvilget", {}, melding_id="")
    with pytest.raises(DomeneFeil, match="Ukjent kilde"):
        send("skatt", "tillatelse_innvilget", {})
    assert not Innboksmelding.objects.exists()


def test_ukjent_mottak_feiler_og_behandles_paa_nytt_naar_mottaket_finnes(imdi_bruker):
    data = {**tillatelse(), "mottak": "MOT009999"}
    melding, _ = send("udi", "tillatelse_innvilget", data)
    assert (melding.status, melding.feil[0]["felt"]) == (S.FEILET, "mottak")
    assert "Ukjent mottak «MOT009999»" in melding.feil[0]["nb"]
    assert not Person.objects.exists()  # the savepoint took the household with it
    MottakFactory(udi_mot_id="MOT009999")
    melding = behandle_paa_nytt(melding=melding, av=imdi_bruker)
    assert (melding.status, melding.forsok, melding.behandlet_paa_nytt_av) == (S.BEHANDLET, 2, imdi_bruker)
    with pytest.raises(DomeneFeil, match="allerede behandlet"):
        behandle_paa_nytt(melding=melding, av=imdi_bruker)


def test_flytting_mellom_mottak_fra_udi_og_mot(mottak, annet_mottak, idag):
    data = tillatelse(mottak=mottak)
    send("udi", "tillatelse_innvilget", data)
    duf = [data["personer"][0]["duf_nummer"]]
    flytting = {
        "duf_nummer": duf,
        "mottak": annet_mottak.udi_mot_id,
        "plasstype": "TA",
        "dato": idag.isoformat(),
    }
    assert send("udi", "sak_flyttet", flytting)[0].status == S.BEHANDLET
    p = Person.objects.get()
    assert (p.mottak_id, p.plasstype) == (annet_mottak.pk, "TA")
    hendelse = Hendelse.objects.get(kode="person.flyttet_mottak")
    assert hendelse.tittel == f"Flyttet til {annet_mottak.navn} {idag:%d.%m.%Y} (Tilrettelagt avdeling)"
    assert hendelse.data["fra"] == [mottak.pk]
    # MOT then reports the same arrival: applied, and nothing changes (no second event).
    assert send("mot", "ankommet_mottak", flytting)[0].status == S.BEHANDLET
    assert Hendelse.objects.filter(kode="person.flyttet_mottak").count() == 1
    fram = {**flytting, "mottak": mottak.udi_mot_id, "dato": (idag + timedelta(days=1)).isoformat()}
    melding, _ = send("mot", "ankommet_mottak", fram)
    assert (melding.status, melding.feil[0]["nb"]) == (S.FEILET, "Flyttedato kan ikke være fram i tid.")


def test_tillatelse_trukket_avslutter_sakene(mottak):
    data = tillatelse(person(), person(), mottak=mottak)
    send("udi", "tillatelse_innvilget", data)
    duf = [p["duf_nummer"] for p in data["personer"]]
    melding, _ = send("udi", "tillatelse_trukket", {"duf_nummer": duf, "begrunnelse": "Opphold opphevet."})
    assert melding.status == S.BEHANDLET
    assert set(Bosettingssak.objects.values_list("status", "avslutningsgrunn")) == {
        (Saksstatus.AVSLUTTET, Bosettingssak.Avslutningsgrunn.UTENFOR_MAALGRUPPEN)
    }
    hendelse = Hendelse.objects.get(kode="bosettingssak.avsluttet")
    assert hendelse.tekst == "Tillatelsen er trukket tilbake av UDI. Opphold opphevet."
    igjen, _ = send("udi", "tillatelse_trukket", {"duf_nummer": duf})  # another id: the move is refused
    assert igjen.status == S.FEILET and "Avsluttet" in igjen.feil[0]["nb"]


def test_utflyttet_gjor_saken_bosatt_med_datoen_som_kommandoen(mottak, kommune, idag):
    to = [tillatelse(mottak=mottak), tillatelse(mottak=mottak)]
    for data in to:
        send("udi", "tillatelse_innvilget", data)
    duf = [d["personer"][0]["duf_nummer"] for d in to]
    for d in duf:
        sokt_ut([d], kommune)
    dato = idag - timedelta(days=2)
    melding, _ = send("mot", "utflyttet", {"duf_nummer": [duf[0]], "dato": dato.isoformat()})
    assert melding.status == S.BEHANDLET
    call_command("registrer_utflytting", duf[1], "--dato", dato.isoformat(), verbosity=0)
    kommandoens = Innboksmelding.objects.get(avsender="manage.py registrer_utflytting")
    assert (kommandoens.kilde, kommandoens.type, kommandoens.status) == ("mot", "utflyttet", S.BEHANDLET)
    for d in duf:
        p = Person.objects.select_related("bosettingssak").get(duf_nummer=d)
        assert (p.bosettingssak.status, p.bosettingssak.bosettingsdato, p.mottak_id) == (
            Saksstatus.BOSATT,
            dato,
            None,
        )
    titler = Hendelse.objects.filter(kode="bosettingssak.bosatt").values_list("tittel", "organisasjon_id")
    assert list(titler) == [(f"Bosatt i {kommune.navn} {dato:%d.%m.%Y}", kommune.pk)] * 2


def test_utflyttet_og_ankomst_foer_tillatelsen_venter_og_brukes_etterpaa(mottak, annet_mottak, kommune, idag):
    data = tillatelse(mottak=mottak)
    duf = [data["personer"][0]["duf_nummer"]]
    utflyttet, _ = send("mot", "utflyttet", {"duf_nummer": duf, "dato": idag.isoformat()})
    ankomst = {
        "duf_nummer": duf,
        "mottak": annet_mottak.udi_mot_id,
        "plasstype": "ORD",
        "dato": idag.isoformat(),
    }
    ankommet, _ = send("mot", "ankommet_mottak", ankomst)
    for m in (utflyttet, ankommet):
        assert (m.status, m.feil[0]["nb"]) == (S.VENTER, f"Venter på tillatelse for DUF-nummer {duf[0]}.")
    send("udi", "tillatelse_innvilget", data)  # the permit: the arrival applies at once
    ankommet.refresh_from_db()
    utflyttet.refresh_from_db()
    assert ankommet.status == S.BEHANDLET
    assert Person.objects.get().mottak_id == annet_mottak.pk
    assert utflyttet.status == S.VENTER  # still: the case is not søkt ut yet
    assert utflyttet.feil[0]["nb"] == f"Venter på at bosettingssaken til DUF-nummer {duf[0]} blir søkt ut."
    assert ventende_behandle() == {"behandlet": 0, "feilet": 0}
    sokt_ut(duf, kommune)
    sveip = tasks.ventende_behandle
    assert sveip.name == settings.CELERY_BEAT_SCHEDULE["innboks-ventende"]["task"]
    assert sveip.delay().get() == {"behandlet": 1, "feilet": 0}  # the beat sweep
    utflyttet.refresh_from_db()
    assert (utflyttet.status, utflyttet.forsok) == (S.BEHANDLET, 4)
    assert Bosettingssak.objects.get().status == Saksstatus.BOSATT


def test_fodselsnummer_som_tilhorer_en_annen_feiler_uten_unntak(mottak):
    a, b = A, B
    eier = tillatelse(person(fodselsnummer=a), person(fodselsnummer=b), mottak=mottak)
    assert send("udi", "tillatelse_innvilget", eier)[0].status == S.BEHANDLET
    annen = tillatelse(person(fodselsnummer=a), mottak=mottak)
    melding, _ = send("udi", "tillatelse_innvilget", annen)
    assert (melding.status, melding.feil[0]["felt"]) == (S.FEILET, "fodselsnummer")
    # The two swapping numbers pass that check; the database's rule refuses it, kept as «feilet», not raised.
    p1, p2 = eier["personer"]
    bytte = {**eier, "personer": [{**p1, "fodselsnummer": b}, {**p2, "fodselsnummer": a}]}
    melding, _ = send("udi", "tillatelse_innvilget", bytte)
    assert melding.status == S.FEILET
    assert melding.feil[0]["nb"].startswith("Meldingen strider mot det som er registrert: ")
    assert Person.objects.get(duf_nummer=p1["duf_nummer"]).fodselsnummer == a
