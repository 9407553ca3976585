"""Tildele koder Kompass and the public self-registration: the code is kept only as a hash, works once
and for 14 days, a new one replaces the old; every failed login reads the same; failed tries are
throttled per client address (and per DUF from it) before any hash, and never void or block the code
for its owner elsewhere; only the mottak's Kompass roles reach the code page; the resident's
registration is saved as typed, once, and the session ends with it."""

import re
from datetime import timedelta
from itertools import count

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse
from imdinett.identitetsnummer import duf_formater
from imdinett.kompetanse import selvregistrering as sr
from imdinett.kompetanse import services
from imdinett.kompetanse.models import (
    Engangskode,
    Kilde,
    Kompetanseregistrering,
    Selvregistreringsforsok,
    Sprakferdighet,
)
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.tilgang import roller_med
from imdinett.personer import services as saker
from mottak.views import IKKE_FUNNET
from tests.kommune.test_aria_ider import sjekk_ider

from ..conftest import samtidig
from ..factories import KommuneFactory, PersonFactory, gyldig_duf
from .conftest import rad, skjemadata

pytestmark = pytest.mark.django_db
R = Rolle
INNLOGGING = reverse("kompetanse:selvregistrering")
SKJEMA = reverse("kompetanse:selvregistrering_skjema")
TAKK = reverse("kompetanse:selvregistrering_takk")
FEIL = (
    "DUF-nummeret eller engangskoden stemmer ikke, eller koden er brukt eller utløpt. "
    "Be mottaket om en ny kode."
)


@pytest.fixture
def kompass(lag_bruker, mottak):
    return lag_bruker(mottak, R.MOTTAK_KOMPASS)


@pytest.fixture
def beboer(far):
    return far


def koder_url(mottak) -> str:
    return reverse("mottak:koder", args=[mottak.pk])


def generer(beboer, mottak, av) -> str:
    return services.engangskode_generer(person=beboer, mottak=mottak, av=av)


def logg_inn(client, duf: str, kode: str, adresse: str = "127.0.0.1"):
    return client.post(INNLOGGING, {"duf": duf, "kode": kode}, REMOTE_ADDR=adresse)


def uten_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- The code itself ---------------------------------------------------------------------------


def test_koden_lagres_bare_som_hash(beboer, mottak, kompass):
    kode = generer(beboer, mottak, kompass)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", kode)
    rad_ = Engangskode.objects.get(person=beboer)
    lagret = " ".join(str(v) for v in Engangskode.objects.filter(pk=rad_.pk).values().first().values())
    assert kode not in lagret and kode.lower() not in lagret.lower()
    assert check_password(kode, rad_.kode_hash)
    assert rad_.utloper - rad_.opprettet == timedelta(days=14)
    hendelse = Hendelse.objects.get(kode="kompetanse.engangskode_generert")
    assert kode not in f"{hendelse.tittel} {getattr(hendelse, 'tekst', '')}"


def test_koden_virker_en_gang_og_bindestrek_og_smaa_bokstaver_gaar_fint(client, beboer, mottak, kompass):
    kode = generer(beboer, mottak, kompass)
    svar = logg_inn(client, duf_formater(beboer.duf_nummer), f"{kode[:4].lower()}-{kode[4:]}")
    assert svar.status_code == 302 and svar["Location"] == SKJEMA
    assert client.session[sr.PERSON] == beboer.pk
    assert client.session.get_expiry_age() == sr.UTLOP_SEKUNDER
    # Over 20 hours of idle time (WCAG 2.2.1) even when the last renewal was SESSION_FORNY_ETTER before it.
    assert sr.UTLOP_SEKUNDER - settings.SESSION_FORNY_ETTER > 20 * 60 * 60
    assert Engangskode.objects.get(person=beboer).brukt is not None

    client.logout()
    svar = logg_inn(client, beboer.duf_nummer, kode)
    assert svar.status_code == 400 and FEIL in svar.content.decode()
    assert sr.PERSON not in client.session


def test_utlopt_kode_virker_ikke(client, beboer, mottak, kompass):
    kode = generer(beboer, mottak, kompass)
    Engangskode.objects.filter(person=beboer).update(utloper=timezone.now() - timedelta(seconds=1))
    assert FEIL in logg_inn(client, beboer.duf_nummer, kode).content.decode()
    assert sr.PERSON not in client.session


def test_ny_kode_erstatter_den_gamle(client, beboer, mottak, kompass):
    gammel = generer(beboer, mottak, kompass)
    ny = generer(beboer, mottak, kompass)
    assert Engangskode.objects.filter(person=beboer).count() == 1
    assert FEIL in logg_inn(client, beboer.duf_nummer, gammel).content.decode()
    assert logg_inn(client, beboer.duf_nummer, ny).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_to_samtidige_innlogginger_med_samme_kode_gir_en(beboer, mottak, kompass):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet prøves på PostgreSQL.")
    kode = generer(beboer, mottak, kompass)

    def bruk():
        if services.engangskode_bruk(duf=beboer.duf_nummer, kode=kode, klient="127.0.0.1") is None:
            raise DomeneFeil("avvist")

    assert sorted(samtidig(5, bruk)) == ["avvist"] * 4 + ["ok"]


def test_alle_feil_gir_samme_svar(client, familie, mottak, kompass):
    """Unknown DUF, a person without a code, wrong code, used code, expired code: one page, one status."""
    beboer, annen, tredje, fjerde = familie
    kode = generer(beboer, mottak, kompass)
    brukt = generer(annen, mottak, kompass)
    assert logg_inn(client, annen.duf_nummer, brukt).status_code == 302
    utlopt = generer(tredje, mottak, kompass)
    Engangskode.objects.filter(person=tredje).update(utloper=timezone.now() - timedelta(days=1))
    forsok = {
        "ukjent DUF": (gyldig_duf(), kode),
        "ingen kode": (fjerde.duf_nummer, kode),
        "feil kode": (beboer.duf_nummer, "ZZZZ9999"),
        "brukt": (annen.duf_nummer, brukt),
        "utløpt": (tredje.duf_nummer, utlopt),
    }
    sider = {}
    for navn, (duf, k) in forsok.items():
        client.logout()
        svar = logg_inn(client, duf, k)
        html = svar.content.decode()
        assert svar.status_code == 400, navn
        assert FEIL in html, navn
        assert f'value="{duf}"' in html, navn  # the typed DUF is kept ...
        assert k not in html, navn  # ... the code is not
        sider[navn] = uten_token(html).replace(duf, "DUF")
    assert len(set(sider.values())) == 1


def test_tomme_felt_faar_melding_ved_feltet(client):
    svar = client.post(INNLOGGING, {"duf": "", "kode": ""})
    html = svar.content.decode()
    assert svar.status_code == 400
    assert "Skriv DUF-nummeret ditt." in html and "Skriv engangskoden." in html
    assert 'id="duf-feil"' in html and 'aria-describedby="duf-hjelp duf-feil"' in html
    sjekk_ider(html)  # each message container once, every aria-describedby target present
    html = client.post(INNLOGGING, {"duf": "", "kode": "K7PQM3XD"}).content.decode()
    assert "Skriv DUF-nummeret ditt." in html and "K7PQM3XD" not in html


# --- Throttling: a stranger cannot lock a resident out ---------------------------------------------

FREMMED = "203.0.113.66"  # a stranger's address; the owner logs in from the test client's 127.0.0.1
VENT = services.FOR_MANGE_FORSOK
_ugyldige = count()


def ugyldig_kode() -> str:
    """A code that can never match (too short): counted as a failed try, but costs no hash."""
    return f"Q{next(_ugyldige) % 100}"


@pytest.fixture
def hashing(monkeypatch) -> list:
    """Every password hash the self-registration computes (the real check, counted)."""
    kall = []
    ekte = services.check_password

    def tell(*args, **kwargs):
        kall.append(args[1])
        return ekte(*args, **kwargs)

    monkeypatch.setattr(services, "check_password", tell)
    return kall


def test_feil_koder_fra_en_fremmed_sperrer_ikke_koden_for_eieren(client, familie, mottak, kompass, hashing):
    """The old rule voided the code after five wrong tries at the DUF from anyone. Now the stranger's
    address is throttled at that DUF (even with the right code, without a hash), the code stays
    valid, and the owner — and others at the stranger's address — still log in."""
    beboer, nabo = familie[:2]
    kode, nabokode = generer(beboer, mottak, kompass), generer(nabo, mottak, kompass)
    for _ in range(services.MAKS_FEIL_PER_DUF_OG_KLIENT):
        svar = logg_inn(client, beboer.duf_nummer, "AAAAAAAA", FREMMED)
        assert svar.status_code == 400 and FEIL in svar.content.decode()
    hashing.clear()
    svar = logg_inn(client, beboer.duf_nummer, kode, FREMMED)
    assert svar.status_code == 429 and VENT in svar.content.decode() and FEIL not in svar.content.decode()
    assert hashing == [] and sr.PERSON not in client.session
    rad_ = Engangskode.objects.get(person=beboer)
    assert rad_.brukt is None  # wrong tries write nothing on the code

    assert logg_inn(client, nabo.duf_nummer, nabokode, FREMMED).status_code == 302  # one DUF, not the address
    client.logout()
    svar = logg_inn(client, duf_formater(beboer.duf_nummer), kode)
    assert svar.status_code == 302 and client.session[sr.PERSON] == beboer.pk


def test_klient_over_grensen_avvises_uten_hash_selv_med_riktig_kode(client, beboer, mottak, kompass, hashing):
    """Guessing across DUFs (they are enumerable) from one address: after MAKS_FEIL_PER_KLIENT failures
    the address is refused before the DUF is looked up or a hash made; the code still works elsewhere."""
    kode = generer(beboer, mottak, kompass)
    for i in range(services.MAKS_FEIL_PER_KLIENT):  # the first three are well-formed: a (dummy) hash each
        assert (
            logg_inn(client, gyldig_duf(), "ZZZZ9999" if i < 3 else ugyldig_kode(), FREMMED).status_code
            == 400
        )
    assert len(hashing) == 3  # an unknown DUF costs a hash like a known one
    hashing.clear()
    svar = logg_inn(client, beboer.duf_nummer, kode, FREMMED)
    html = svar.content.decode()
    assert svar.status_code == 429 and VENT in html and kode not in html
    assert f'value="{beboer.duf_nummer}"' in html  # the typed DUF is kept, as for any failure
    assert hashing == [] and sr.PERSON not in client.session
    assert Engangskode.objects.get(person=beboer).brukt is None
    assert logg_inn(client, beboer.duf_nummer, kode).status_code == 302


def test_grensen_loftes_naar_vinduet_er_over(beboer, mottak, kompass, hashing):
    kode = generer(beboer, mottak, kompass)
    start = timezone.now()

    def bruk(kode_, etter=timedelta(0), duf=None):
        return services.engangskode_bruk(
            duf=duf or gyldig_duf(), kode=kode_, klient=FREMMED, naa=start + etter
        )

    for _ in range(services.MAKS_FEIL_PER_KLIENT):
        assert bruk(ugyldig_kode()) is None  # malformed: a failed try, refused without a hash
    assert hashing == []
    with pytest.raises(services.ForMangeForsok):
        bruk(kode, services.FORSOK_VINDU - timedelta(seconds=1), beboer.duf_nummer)
    assert bruk(kode, services.FORSOK_VINDU, beboer.duf_nummer) == beboer
    assert not Selvregistreringsforsok.objects.exists()  # old tries are deleted; the right one too


def test_strupingen_sier_ikke_om_dufen_finnes(client, beboer, mottak, kompass):
    """A throttled try reads the same for a DUF with a code and one that does not exist."""
    generer(beboer, mottak, kompass)
    sider = set()
    for duf in (beboer.duf_nummer, gyldig_duf()):
        for _ in range(services.MAKS_FEIL_PER_DUF_OG_KLIENT):
            assert logg_inn(client, duf, ugyldig_kode(), FREMMED).status_code == 400
        svar = logg_inn(client, duf, "ZZZZ9999", FREMMED)
        assert svar.status_code == 429
        sider.add(uten_token(svar.content.decode()).replace(duf, "DUF"))
    assert len(sider) == 1


def test_riktige_koder_fra_et_felles_nettverk_teller_ikke(client, familie, mottak, kompass, monkeypatch):
    """A mottak's residents share one address: right codes do not use up its limit, wrong ones do."""
    monkeypatch.setattr(services, "MAKS_FEIL_PER_KLIENT", 2)
    for person in familie[:3]:
        client.logout()
        assert (
            logg_inn(client, person.duf_nummer, generer(person, mottak, kompass), FREMMED).status_code == 302
        )
    for i in range(2):
        assert logg_inn(client, familie[i].duf_nummer, ugyldig_kode(), FREMMED).status_code == 400
    assert logg_inn(client, familie[3].duf_nummer, ugyldig_kode(), FREMMED).status_code == 429


def test_ipv6_telles_per_64_nett(client, beboer, mottak, kompass):
    assert services.klient_nokkel("2001:db8::1") == services.klient_nokkel("2001:db8::ffff:1")
    assert services.klient_nokkel("2001:db8::1") != services.klient_nokkel("2001:db8:0:1::1")
    assert services.klient_nokkel("::ffff:192.0.2.1") == "192.0.2.1"
    assert services.klient_nokkel("") == services.klient_nokkel("tull") == "ukjent"
    kode = generer(beboer, mottak, kompass)
    for i in range(services.MAKS_FEIL_PER_DUF_OG_KLIENT):
        logg_inn(client, beboer.duf_nummer, ugyldig_kode(), f"2001:db8::{i + 1}")
    assert logg_inn(client, beboer.duf_nummer, kode, "2001:db8::beef").status_code == 429
    assert logg_inn(client, beboer.duf_nummer, kode, "2001:db8:0:1::1").status_code == 302


# --- Tildele koder Kompass ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rolle", "forventet"),
    [(r, 200) for r in sorted(roller_med("mottak.koder"))] + [(R.MOTTAKSADMINISTRATOR, 404)],
)
def test_bare_koderoller_ved_mottaket_naar_siden(client, lag_bruker, mottak, rolle, forventet):
    client.force_login(lag_bruker(mottak, rolle))
    assert client.get(koder_url(mottak)).status_code == forventet
    meny = client.get(reverse("mottak:mottaksinformasjon", args=[mottak.pk])).content.decode()
    assert ("Tildele koder Kompass" in meny) == (forventet == 200)


def test_annet_mottak_kommune_og_imdi_faar_404(client, lag_bruker, mottak, annet_mottak, beboer, imdi_bruker):
    for bruker in [
        lag_bruker(annet_mottak, R.MOTTAK_KOMPASS),
        lag_bruker(mottak.vertskommune, R.KOMMUNE_KARTLEGGER, R.KOMMUNEADMINISTRATOR),
        lag_bruker(KommuneFactory(), R.KOMMUNE_BOSETTER_SKRIV),
        imdi_bruker,
    ]:
        client.force_login(bruker)
        assert client.get(koder_url(mottak)).status_code == 404
        assert client.post(koder_url(mottak), {"person": beboer.pk}).status_code == 404
    assert not Engangskode.objects.exists()


def test_kompass_bruker_kommer_til_kodesiden_fra_mottak(client, kompass, mottak, ansatt):
    client.force_login(kompass)
    assert client.get(reverse("mottak:start"))["Location"] == koder_url(mottak)
    client.force_login(ansatt)  # Bosettingsansvarlig: still the Oppgaveliste first
    assert client.get(reverse("mottak:start"))["Location"] == reverse("mottak:oppgaveliste", args=[mottak.pk])


def test_sok_paa_duf_med_mellomrom_og_generer(client, kompass, mottak, beboer):
    client.force_login(kompass)
    side = client.get(koder_url(mottak), {"duf": duf_formater(beboer.duf_nummer)}).content.decode()
    assert f"{beboer.etternavn}, {beboer.fornavn}" in side and "Ingen kode er generert." in side
    assert ">Generer engangskode</button>" in side

    svar = client.post(koder_url(mottak), {"person": beboer.pk})
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "no-store" in svar["Cache-Control"]
    vist = re.search(r'class="engangskode"[^>]*>([A-Z2-9]{4})-([A-Z2-9]{4})<', html)
    assert vist, "the code is shown grouped, once"
    kode = vist.group(1) + vist.group(2)
    assert check_password(kode, Engangskode.objects.get(person=beboer).kode_hash)
    assert "http://testserver/kompetanse/selvregistrering/" in html
    utloper = timezone.localtime(Engangskode.objects.get(person=beboer).utloper)
    assert utloper.strftime("%d.%m.%Y") in html
    assert kode not in svar.get("Location", "")

    # Searching again shows the status, never the code, and the button now makes a new one.
    side = client.get(koder_url(mottak), {"duf": beboer.duf_nummer}).content.decode()
    assert vist.group(1) not in side or f"{vist.group(1)}-{vist.group(2)}" not in side
    assert "Gyldig, ikke brukt ennå." in side
    assert ">Generer ny engangskode</button>" in side and "slutter den gamle å virke" in side


def test_ukjent_duf_og_beboer_ved_annet_mottak_finnes_ikke(
    client, kompass, mottak, annet_mottak, imdi_bruker
):
    andre = PersonFactory(mottak=annet_mottak)
    saker.bosettingssak_opprett(personer=[andre], av=imdi_bruker)
    client.force_login(kompass)
    for duf in [andre.duf_nummer, gyldig_duf(), "12 34"]:
        side = client.get(koder_url(mottak), {"duf": duf}).content.decode()
        assert IKKE_FUNNET in side
        assert f'value="{duf}"' in side and 'aria-invalid="true"' in side
    assert (
        "Skriv inn DUF-nummeret til beboeren." in client.get(koder_url(mottak), {"duf": ""}).content.decode()
    )
    assert client.post(koder_url(mottak), {"person": andre.pk}).status_code == 404
    assert client.post(koder_url(mottak), {"person": "x"}).status_code == 404
    assert not Engangskode.objects.exists()


def test_kompass_naar_bare_beboere_med_bosettingssak_integreringsmottak_alle(client, lag_bruker, mottak):
    uten_sak = PersonFactory(mottak=mottak)
    client.force_login(lag_bruker(mottak, R.MOTTAK_KOMPASS))
    assert IKKE_FUNNET in client.get(koder_url(mottak), {"duf": uten_sak.duf_nummer}).content.decode()
    client.force_login(lag_bruker(mottak, R.INTEGRERINGSMOTTAK_KOMPASS))
    assert uten_sak.etternavn in client.get(koder_url(mottak), {"duf": uten_sak.duf_nummer}).content.decode()


# --- Anonymous access --------------------------------------------------------------------------


def test_anonym_naar_bare_selvregistreringen(client, mottak, beboer):
    assert client.get(INNLOGGING).status_code == 200
    assert client.get(SKJEMA)["Location"] == INNLOGGING  # no session: back to the login
    assert client.get(TAKK).status_code == 200
    offentlige = {"selvregistrering", "selvregistrering_skjema", "selvregistrering_takk"}
    kompetanse = get_resolver().namespace_dict["kompetanse"][1]
    for monster in kompetanse.url_patterns:
        assert isinstance(monster, URLPattern)
        if monster.name in offentlige:
            continue
        argumenter = {navn: ("sprak" if navn == "type_" else 1) for navn in monster.pattern.converters}
        url = reverse(f"kompetanse:{monster.name}", kwargs=argumenter)
        for metode in (client.get, client.post):
            assert metode(url).status_code == 302 and "/logg-inn/" in metode(url)["Location"], url
    for url in [koder_url(mottak), reverse("mottak:start")]:
        assert "/logg-inn/" in client.get(url)["Location"]
        assert "/logg-inn/" in client.post(url, {"person": beboer.pk})["Location"]
    assert not Engangskode.objects.exists()


def test_ansatt_blir_logget_ut_naar_beboeren_logger_inn(client, kompass, mottak, beboer):
    kode = generer(beboer, mottak, kompass)
    client.force_login(kompass)
    assert "blir du logget ut" in client.get(INNLOGGING).content.decode()
    assert logg_inn(client, beboer.duf_nummer, kode).status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(koder_url(mottak)).status_code == 302  # the staff pages need a new login


# --- The resident's form -----------------------------------------------------------------------


def innlogget(client, beboer, mottak, av):
    assert logg_inn(client, beboer.duf_nummer, generer(beboer, mottak, av)).status_code == 302


def utfylt() -> dict:
    return skjemadata(
        {
            "sprak": [
                rad(
                    "sprak", sprak="Arabisk", morsmaal="on", tale="svaert_godt", lese="godt", skrive="middels"
                ),
                rad("sprak", sprak="Engelsk", tale="middels", lese="middels", skrive="daarlig"),
                rad("sprak", sprak="", tale="ukjent", lese="ukjent", skrive="ukjent"),
            ],
            "utdanning": [
                rad("utdanning", nivaa="videregaaende", fagfelt="Elektro", antall_aar="3", land="Syria")
            ],
            "arbeid": [
                rad("arbeid", yrke="Elektriker", antall_aar="5", land="Libanon"),
                rad("arbeid", yrke=""),
            ],
        },
        yrkesonsker="Elektriker",
        forerkort="True",
        forerkort_klasser="B",
        regneferdigheter="godt",
    )


def test_skjemaet_har_tre_to_og_tre_rader_og_morsmaal_foerst(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    svar = client.get(SKJEMA)
    html = svar.content.decode()
    assert svar.status_code == 200 and beboer.navn in html
    assert [html.count(f">{n} {i}</legend>") for n, i in [("Språk", 3), ("Utdanning", 2), ("Arbeid", 3)]] == [
        1,
        1,
        1,
    ]
    assert html.count(">Språk 4</legend>") == 0
    assert len(re.findall(r'name="sprak-[0-9a-f-]+-morsmaal"[^>]*checked', html)) == 1
    assert '<html lang="nb"' in html and "Logg ut" not in html and "Hovedmeny" not in html


def test_lagret_registrering_har_kilde_selvreg_og_radene_som_skrevet(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    svar = client.post(SKJEMA, utfylt())
    assert svar.status_code == 302 and svar["Location"] == TAKK
    reg = Kompetanseregistrering.objects.get(person=beboer)
    assert reg.kilde == Kilde.SELVREG and reg.status == Kompetanseregistrering.Status.FERDIGSTILT
    assert reg.gjennomforing == Kompetanseregistrering.Gjennomforing.SELVREGISTRERING
    assert reg.organisasjon_id == mottak.pk and reg.registrert_av is None
    assert (reg.yrkesonsker, reg.forerkort, reg.forerkort_klasser, reg.regneferdigheter) == (
        "Elektriker",
        True,
        "B",
        "godt",
    )
    assert [(s.sprak, s.morsmaal, s.tale, s.lese, s.skrive) for s in reg.sprak.all()] == [
        ("Arabisk", True, "svaert_godt", "godt", "middels"),
        ("Engelsk", False, "middels", "middels", "daarlig"),
    ]
    assert [(u.nivaa, u.fagfelt, u.antall_aar, u.land) for u in reg.utdanninger.all()] == [
        ("videregaaende", "Elektro", 3, "Syria")
    ]
    assert [(a.yrke, a.antall_aar, a.land) for a in reg.arbeidserfaringer.all()] == [
        ("Elektriker", 5, "Libanon")
    ]

    # The session is gone; the thank-you page shows what was saved, once.
    assert sr.PERSON not in client.session
    takk = client.get(TAKK).content.decode()
    assert "Det du har registrert er lagret. Du er logget ut." in takk
    assert "Arabisk (morsmål)</dt><dd>Snakker: Svært godt. Leser: Godt. Skriver: Middels.</dd>" in takk
    assert "Videregående skole, Elektro, 3 år, Syria" in takk and "Elektriker, 5 år, Libanon" in takk
    assert "Arabisk" not in client.get(TAKK).content.decode()
    assert client.get(SKJEMA)["Location"] == INNLOGGING
    # The same code again: used.
    koden_er_brukt = Engangskode.objects.get(person=beboer).brukt
    assert koden_er_brukt is not None


def test_samme_kode_igjen_etter_lagring_gir_meldingen(client, beboer, mottak, kompass):
    kode = generer(beboer, mottak, kompass)
    logg_inn(client, beboer.duf_nummer, kode)
    client.post(SKJEMA, utfylt())
    assert FEIL in logg_inn(client, beboer.duf_nummer, kode).content.decode()


def test_dobbel_post_gir_ikke_doble_rader(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    data = utfylt()
    assert client.post(SKJEMA, data)["Location"] == TAKK
    assert client.post(SKJEMA, data)["Location"] == INNLOGGING  # no session: nothing saved
    assert Sprakferdighet.objects.count() == 2
    # Even two saves with the same rows (two requests that both had the session) keep one of each.
    rader = {
        "sprak": [
            (n, {"sprak": "Dari", "morsmaal": True, "tale": "godt", "lese": "godt", "skrive": "godt"})
            for n in ["6f1c2a0e-0000-4000-8000-000000000001"]
        ]
    }
    for _ in range(2):
        services.selvregistrering_lagre(person=beboer, data={}, rader=rader)
    assert list(Sprakferdighet.objects.values_list("sprak", flat=True)) == ["Dari"]
    assert Kompetanseregistrering.objects.filter(person=beboer).count() == 1


def test_feil_vises_ved_feltet_alt_beholdes_og_ingenting_lagres(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    data = utfylt()
    nokkel = data["utdanning"][0]
    data[f"utdanning-{nokkel}-antall_aar"] = "99"
    svar = client.post(SKJEMA, data)
    html = svar.content.decode()
    assert svar.status_code == 400
    assert f'id="feil-utdanning-{nokkel}-antall_aar"' in html
    assert "Ingenting er lagret ennå" in html and f'href="#id_utdanning-{nokkel}-antall_aar"' in html
    assert 'value="Arabisk"' in html and 'value="Elektriker"' in html and 'value="99"' in html
    assert not Kompetanseregistrering.objects.exists()
    assert client.session[sr.PERSON] == beboer.pk  # still logged in: fix and save
    data[f"utdanning-{nokkel}-antall_aar"] = "3"
    assert client.post(SKJEMA, data)["Location"] == TAKK


def test_rad_med_innhold_men_uten_hovedfelt_faar_melding(client, beboer, mottak, kompass):
    """A job with a country but no occupation is not dropped silently: the resident is asked for it."""
    innlogget(client, beboer, mottak, kompass)
    data = utfylt()
    tom = data["arbeid"][1]
    data[f"arbeid-{tom}-land"] = "Tyrkia"
    svar = client.post(SKJEMA, data)
    html = svar.content.decode()
    assert svar.status_code == 400
    assert (
        "Arbeid 2: Hva jobbet du med?" in html
        and "Fyll ut dette feltet, eller la hele raden stå tom." in html
    )
    assert not Kompetanseregistrering.objects.exists()


def test_legg_til_gir_en_rad_til_uten_aa_lagre(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    svar = client.post(SKJEMA, {**utfylt(), "flere": "sprak"})
    html = svar.content.decode()
    assert svar.status_code == 200 and ">Språk 4</legend>" in html and 'value="Engelsk"' in html
    assert not Kompetanseregistrering.objects.exists()


def test_avbryt_logger_ut_uten_aa_lagre(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    svar = client.post(SKJEMA, {**utfylt(), "avbryt": "1"}, follow=True)
    assert "Ingenting er lagret" in svar.content.decode()
    assert sr.PERSON not in client.session and not Kompetanseregistrering.objects.exists()


def test_ny_kode_viser_det_som_ble_registrert_sist(client, beboer, mottak, kompass):
    innlogget(client, beboer, mottak, kompass)
    client.post(SKJEMA, utfylt())
    innlogget(client, beboer, mottak, kompass)
    html = client.get(SKJEMA).content.decode()
    assert 'value="Arabisk"' in html and 'value="Libanon"' in html and ">\nElektriker</textarea>" in html
    # Emptying a row removes it; the others are kept, with their keys. Emptying only its first field asks
    # for it (or an empty row) instead of losing what was typed.
    reg = Kompetanseregistrering.objects.get(person=beboer)
    engelsk = reg.sprak.get(sprak="Engelsk")
    data = utfylt()
    data["sprak"] = [str(s.nokkel) for s in reg.sprak.all()]
    for s in reg.sprak.all():
        data[f"sprak-{s.nokkel}-sprak"] = "" if s == engelsk else s.sprak
        for niva in ("tale", "lese", "skrive"):
            data[f"sprak-{s.nokkel}-{niva}"] = getattr(s, niva)
    svar = client.post(SKJEMA, data)
    assert svar.status_code == 400 and "la hele raden stå tom" in svar.content.decode()
    for niva in ("tale", "lese", "skrive"):
        data[f"sprak-{engelsk.nokkel}-{niva}"] = "ukjent"
    assert client.post(SKJEMA, data)["Location"] == TAKK
    assert list(reg.sprak.values_list("sprak", flat=True)) == ["Arabisk"]
