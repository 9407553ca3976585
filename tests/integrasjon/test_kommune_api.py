"""The kommune's read API over HTTP against the live server, with a token fetched by a signed assertion: the
persons the kommune has accepted or settled (no one else's, no one before acceptance), each read in the
Innsynslogg under the client, each call in the call log; refusals as JSON, never a 500."""

import pytest
import requests
from django.test import Client

from imdinett.integrasjon.models import Kall
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES
from imdinett.integrasjon.services import GRANT_TYPE, token_utsted
from imdinett.kompetanse.models import Kilde, Kompetanseregistrering, Nivaa, Sprakferdighet
from imdinett.personer.models import Bosettingsinformasjon, Bosettingsmerknad, Innsynslogg

from .conftest import Saksstatus, assertion, person_med_sak

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def klient(lag_klient, kommune):
    return lag_klient(kommune)


@pytest.fixture
def token(live_server, klient, rsa_nokkel):
    svar = requests.post(
        f"{live_server.url}/api/token",
        data={"grant_type": GRANT_TYPE, "assertion": assertion(klient.klient_id, rsa_nokkel)},
        timeout=10,
    )
    assert svar.status_code == 200, svar.text
    return svar.json()["access_token"]


def hent(live_server, sti: str, token: str | None = None, **params) -> requests.Response:
    hoder = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(f"{live_server.url}{sti}", headers=hoder, params=params, timeout=10)


@pytest.fixture
def verden(kommune, annen_kommune):
    return {
        "sokt_ut": person_med_sak(Saksstatus.SOKT_UT, kommune, fornavn="Sara", etternavn="Aa"),
        "bosatt": person_med_sak(Saksstatus.BOSATT, kommune, fornavn="Bilal", etternavn="Bb"),
        "fordelt": person_med_sak(Saksstatus.FORDELT, kommune, fornavn="Før", etternavn="Svar"),
        "annen": person_med_sak(Saksstatus.SOKT_UT, annen_kommune, fornavn="Andre", etternavn="Kommune"),
    }


def test_listen_viser_kommunens_soekt_ut_og_bosatte_og_logger_hver_person(live_server, token, klient, verden):
    svar = hent(live_server, "/api/kommune/personer", token)
    assert svar.status_code == 200, svar.text
    data = svar.json()
    assert data["antall"] == 2 and data["side"] == 1
    assert [p["id"] for p in data["personer"]] == [verden["sokt_ut"].pk, verden["bosatt"].pk]
    bosatt = data["personer"][1]["bosetting"]
    assert bosatt == {
        "status": "bosatt",
        "status_tekst": "Bosatt",
        "kommunenummer": "1870",
        "kommune": "Sortland",
        "forventet_uke": "",
        "bosettingsdato": "2026-03-02",
    }
    linjer = Innsynslogg.objects.filter(bruker=klient.bruker)
    assert sorted(linjer.values_list("person_id", flat=True)) == sorted(
        [verden["sokt_ut"].pk, verden["bosatt"].pk]
    )
    assert {(linje.organisasjon_id, linje.seksjon) for linje in linjer} == {
        (klient.organisasjon_id, "API: personliste")
    }
    kall = Kall.objects.filter(sti="/api/kommune/personer").get()
    assert (kall.klient, kall.metode, kall.status) == (klient, "GET", 200)

    tom = hent(live_server, "/api/kommune/personer", token, side=2).json()
    assert (tom["antall"], tom["personer"]) == (2, [])


def test_en_person_med_det_personmappen_viser_kommunen(live_server, token, klient, verden):
    person = verden["sokt_ut"]
    Bosettingsinformasjon.objects.create(person=person, helseinfo="Trenger rullestol", telefon="99887766")
    Bosettingsmerknad.objects.create(person=person, tekst="Ønsker å bo nær familie")
    registrering = Kompetanseregistrering.objects.create(
        person=person, kilde=Kilde.SELVREG, yrkesonsker="Sykepleier", regneferdigheter=Nivaa.GODT
    )
    Sprakferdighet.objects.create(registrering=registrering, sprak="Arabisk", morsmaal=True)
    svar = hent(live_server, f"/api/kommune/personer/{person.pk}", token)
    assert svar.status_code == 200, svar.text
    data = svar.json()
    assert (data["duf_nummer"], data["fornavn"], data["reg_nr"]) == (
        person.duf_nummer,
        "Sara",
        person.husstand.reg_nr,
    )
    assert {"felt": "Telefonnummer", "verdi": "99887766"} in data["kontakt"]
    assert {"felt": "Bosettingsrelevant helseinfo", "verdi": "Trenger rullestol"} in data["helse"]
    assert [m["tekst"] for m in data["bosettingsmerknader"]] == ["Ønsker å bo nær familie"]
    [selvreg] = data["kompetanse"]
    assert selvreg["kilde"] == Kilde.SELVREG.label
    assert {"felt": "Yrkesønsker", "verdi": "Sykepleier"} in selvreg["felt"]
    assert {"felt": "Regneferdigheter", "verdi": Nivaa.GODT.label} in selvreg["felt"]
    assert {"felt": "Språk", "verdi": "Arabisk"} in selvreg["sprak"][0]
    assert {"felt": "Morsmål", "verdi": "Ja"} in selvreg["sprak"][0]
    linje = Innsynslogg.objects.get(person=person)
    assert (linje.bruker, linje.organisasjon_id, linje.seksjon) == (
        klient.bruker,
        klient.organisasjon_id,
        "API: personmappe",
    )


def test_annen_kommunes_person_og_person_foer_aksept_er_404(live_server, token, verden):
    for navn in ("annen", "fordelt"):
        svar = hent(live_server, f"/api/kommune/personer/{verden[navn].pk}", token)
        assert svar.status_code == 404, (navn, svar.text)
        assert svar.json() == {"detail": "Finnes ikke (Not Found)."}
    assert hent(live_server, "/api/kommune/personer/999999", token).status_code == 404
    assert not Innsynslogg.objects.exists()
    assert list(Kall.objects.filter(status=404).values_list("sti", flat=True).order_by("id")) == [
        f"/api/kommune/personer/{verden['annen'].pk}",
        f"/api/kommune/personer/{verden['fordelt'].pk}",
        "/api/kommune/personer/999999",
    ]


def test_uten_token_med_soppeltoken_og_uten_omfang(live_server, token, klient, verden):
    for svar in (
        hent(live_server, "/api/kommune/personer"),
        hent(live_server, "/api/kommune/personer", "søppel"),
        requests.get(
            f"{live_server.url}/api/kommune/personer", headers={"Authorization": "Basic eDp5"}, timeout=10
        ),
    ):
        assert svar.status_code == 401, svar.text
        assert svar.json()["error"] == "invalid_token"
        assert svar.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    # IMDi takes the scope away: the token given before no longer reaches the endpoint
    klient.omfang = []
    klient.save()
    svar = hent(live_server, "/api/kommune/personer", token)
    assert svar.status_code == 403, svar.text
    assert svar.json()["error"] == "insufficient_scope"
    assert KOMMUNE_PERSONER_LES in svar.json()["error_description"]
    # deactivated: the token dies with the client
    klient.omfang, klient.aktiv = [KOMMUNE_PERSONER_LES], False
    klient.save()
    assert hent(live_server, "/api/kommune/personer", token).status_code == 401
    assert not Innsynslogg.objects.exists()
    assert Kall.objects.filter(status=403, klient=klient).count() == 1


def test_ugyldig_parameter_er_en_feltfeil(live_server, token):
    for side in ("abc", "0"):
        svar = hent(live_server, "/api/kommune/personer", token, side=side)
        assert svar.status_code == 422, svar.text
        [feil] = svar.json()["detail"]
        assert feil["felt"] == "query.side"
        assert feil["melding"] in ("Må være et heltall.", "Verdien er for liten.")
        assert feil["message"]


def test_listen_koster_like_mange_sporringer_uansett_lengde(
    kommune, lag_klient, rsa_nokkel, django_assert_max_num_queries
):
    """Token lookup, count, one page, the call log's insert and the Innsynslogg's
    (one bulk insert in its own BEGIN … COMMIT): seven, for 3 persons or 30."""
    klient = lag_klient(kommune)
    c = Client()
    for antall in (3, 30):
        while kommune.bosettingssaker.count() < antall:
            person_med_sak(Saksstatus.BOSATT, kommune)
        verdi, _ = token_utsted(grant_type=GRANT_TYPE, assertion=assertion(klient.klient_id, rsa_nokkel))
        with django_assert_max_num_queries(7):
            svar = c.get("/api/kommune/personer", headers={"Authorization": f"Bearer {verdi}"})
        assert svar.status_code == 200
        assert len(svar.json()["personer"]) == antall
