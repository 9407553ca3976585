"""Two-factor login (issue #10): IMDi, staff and administrators give a one-time code from an
authenticator app after the password; the first login sets the app up. Real TOTP codes, no mocks."""

import base64
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner import services
from imdinett.organisasjoner.management.commands.totp_kode import gyldig_kode
from imdinett.organisasjoner.roller import Rolle as R

from ..conftest import samtidig
from ..factories import TESTPASSORD

KODE = reverse("tofaktor")


def passord_inn(client, bruker, neste="/"):
    svar = client.post(
        reverse("login"), {"username": bruker.username, "password": TESTPASSORD, "next": neste}
    )
    assert svar.status_code == 302
    return svar


def test_imdi_maa_sette_opp_og_bruke_engangskode(client, imdi_bruker):
    passord_inn(client, imdi_bruker, neste="/personer/")
    # Every page, the admin and htmx requests included, leads to the code page until the code is given.
    for url in ("/", "/personer/", "/admin/"):
        svar = client.get(url)
        assert svar.status_code == 302 and svar["Location"].startswith(KODE), url
    htmx = client.get("/varsler/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(KODE)

    side = client.get(f"{KODE}?next=/personer/")
    html = side.content.decode()
    assert "Sett opp tofaktorinnlogging" in html and "<svg" in html  # QR code
    assert "Hovedmeny" not in html and "Brukermeny" not in html  # no menus, names or counts before the code
    nokkel = re.search(r'<code class="nokkel">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    enhet = TOTPDevice.objects.get(user=imdi_bruker)
    assert not enhet.confirmed

    feil = client.post(KODE, {"kode": "12a456", "next": "/personer/"})
    assert feil.status_code == 400
    assert "Skriv de seks sifrene fra autentiseringsappen, uten bokstaver." in feil.content.decode()
    assert 'value="12a456"' in feil.content.decode()  # what was typed is kept

    # The app computes the code from the key shown on the page.
    kode = f"{TOTP(base64.b32decode(nokkel)).token():06d}"
    svar = client.post(KODE, {"kode": kode, "next": "/personer/"})
    assert svar.status_code == 302 and svar["Location"] == "/personer/"
    assert client.get("/personer/").status_code == 200
    enhet.refresh_from_db()
    assert enhet.confirmed
    assert Hendelse.objects.filter(kode="bruker.tofaktor_aktivert", utfort_av=imdi_bruker).count() == 1

    # Next login: the code page asks only for the code; the same code cannot be used twice.
    client.logout()
    passord_inn(client, imdi_bruker)
    assert "Sett opp" not in client.get(KODE).content.decode()
    brukt = client.post(KODE, {"kode": kode})
    assert brukt.status_code == 400 and "Koden stemmer ikke" in brukt.content.decode()


def test_feil_kode_gir_melding_og_senker_tempoet(client, imdi_bruker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after a wrong code (doubles each time)
    enhet = TOTPDevice.objects.create(user=imdi_bruker, name="App", confirmed=True)
    passord_inn(client, imdi_bruker)
    riktig = gyldig_kode(enhet)
    galt = f"{(int(riktig) + 1) % 1_000_000:06d}"
    svar = client.post(KODE, {"kode": galt})
    assert svar.status_code == 400 and "Koden stemmer ikke" in svar.content.decode()
    # Right after a wrong code even the right one waits: guessing is slowed down.
    svar = client.post(KODE, {"kode": riktig})
    assert "For mange feil koder" in svar.content.decode()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "roller, kreves",
    [
        ({R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNE_ANMODER_SKRIV}, False),
        ({R.KOMMUNEADMINISTRATOR}, True),
    ],
)
def test_administratorer_men_ikke_saksbehandlere_i_kommunen(client, kommune, lag_bruker, roller, kreves):
    bruker = lag_bruker(kommune, *roller)
    passord_inn(client, bruker)
    svar = client.get("/")
    assert (svar.status_code == 302 and svar["Location"].startswith(KODE)) is kreves
    if not kreves:
        assert svar.status_code == 200
        assert client.get(KODE).status_code == 302  # nothing to do there


def test_mottaksadministrator_og_superbruker_maa_ha_kode(client, mottak, lag_bruker):
    for bruker in (lag_bruker(mottak, R.MOTTAKSADMINISTRATOR), lag_bruker(None, is_superuser=True)):
        client.logout()
        passord_inn(client, bruker)
        assert client.get("/").status_code == 302


def test_neste_lenke_til_andre_nettsteder_avvises(client, imdi_bruker):
    enhet = TOTPDevice.objects.create(user=imdi_bruker, name="App", confirmed=True)
    passord_inn(client, imdi_bruker)
    svar = client.post(KODE, {"kode": gyldig_kode(enhet), "next": "https://angriper.example/"})
    assert svar.status_code == 302 and svar["Location"] == reverse("arbeidsflate")


@pytest.mark.django_db(transaction=True)
def test_samme_kode_to_ganger_samtidig_gir_en_innlogging(imdi_org, lag_bruker):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet prøves på PostgreSQL.")
    bruker = lag_bruker(imdi_org, R.IMDI_SAKSBEHANDLER)
    enhet = TOTPDevice.objects.create(user=bruker, name="App", confirmed=True)
    kode = gyldig_kode(enhet)
    resultater = samtidig(5, lambda: services.totp_bekreft(bruker=bruker, enhet_id=enhet.pk, kode=kode))
    assert resultater.count("ok") == 1


def test_administrator_nullstiller_tofaktor_for_egen_bruker(client, kommune, annen_kommune, lag_bruker):
    admin = lag_bruker(kommune, R.KOMMUNEADMINISTRATOR)
    kollega = lag_bruker(kommune, R.KOMMUNEADMINISTRATOR)
    TOTPDevice.objects.create(user=kollega, name="App", confirmed=True)
    fremmed = lag_bruker(annen_kommune, R.KOMMUNEADMINISTRATOR)
    TOTPDevice.objects.create(user=fremmed, name="App", confirmed=True)
    client.force_login(admin)

    side = client.get(reverse("bruker", args=[kollega.pk])).content.decode()
    assert "Satt opp" in side and "Nullstill tofaktorinnlogging" in side
    svar = client.post(reverse("bruker_tofaktor_nullstill", args=[kollega.pk]), follow=True)
    assert "er nullstilt" in svar.content.decode()
    assert not TOTPDevice.objects.filter(user=kollega).exists()
    assert Hendelse.objects.filter(kode="bruker.tofaktor_nullstilt", utfort_av=admin).count() == 1

    # Another kommune's user: 404, the authenticator stays.
    assert client.post(reverse("bruker_tofaktor_nullstill", args=[fremmed.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=fremmed).exists()


def test_demokode_bare_med_debug(settings, imdi_bruker):
    TOTPDevice.objects.create(user=imdi_bruker, name="App", confirmed=True)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG er av"):
        call_command("totp_kode", imdi_bruker.username)


def test_en_vist_noekkel_gjelder_bare_i_sin_oekt(client, imdi_bruker):
    """Someone who saw the set-up page with the password keeps nothing: another session gets a new key
    and the first key stops working."""
    passord_inn(client, imdi_bruker)
    client.get(KODE)
    forste = TOTPDevice.objects.get(user=imdi_bruker)
    annen = Client()
    passord_inn(annen, imdi_bruker)
    annen.get(KODE)
    assert not TOTPDevice.objects.filter(pk=forste.pk).exists()
    svar = annen.post(KODE, {"kode": gyldig_kode(TOTPDevice.objects.get(user=imdi_bruker))})
    assert svar.status_code == 302
    svar = client.post(KODE, {"kode": gyldig_kode(forste)})
    assert svar.status_code == 400 and "Koden stemmer ikke" in svar.content.decode()
    assert client.get("/").status_code == 302  # still not past the code


def test_administrator_kan_ikke_nullstille_sin_egen(client, kommune, lag_bruker):
    admin = lag_bruker(kommune, R.KOMMUNEADMINISTRATOR)
    client.force_login(admin)  # with a confirmed authenticator (tests/conftest.py)
    svar = client.post(reverse("bruker_tofaktor_nullstill", args=[admin.pk]), follow=True)
    assert "Du kan ikke nullstille din egen" in svar.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_ventetiden_etter_feil_koder_har_et_tak(client, imdi_bruker):
    enhet = TOTPDevice.objects.create(
        user=imdi_bruker,
        name="App",
        confirmed=True,
        throttling_failure_count=20,
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=65),
    )
    passord_inn(client, imdi_bruker)
    # Twenty wrong codes would mean a wait of 2^19 seconds; capped, 65 seconds later the right code works.
    assert client.post(KODE, {"kode": gyldig_kode(enhet)}).status_code == 302
