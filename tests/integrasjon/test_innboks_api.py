"""UDI and MOT deliver messages over HTTP against the live server, each with a token fetched by its own signed
assertion: every message type, the same message twice, out of order, an invalid message (kept as «avvist», field
errors in bokmål and English), a malformed body, another sender's endpoint, a batch; never a 500, every call in
the call log."""

import pytest
import requests

from imdinett.hendelser.models import Hendelse
from imdinett.innboks.models import Innboksmelding
from imdinett.integrasjon.models import Kall
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, MOT_MELDINGER, UDI_MELDINGER
from imdinett.integrasjon.services import GRANT_TYPE
from imdinett.personer.models import Bosettingssak, Person
from tests.factories import gyldig_duf
from tests.innboks.conftest import person, sokt_ut, tillatelse

from .conftest import assertion

pytestmark = pytest.mark.django_db(transaction=True)
S = Innboksmelding.Status
Saksstatus = Bosettingssak.Status


@pytest.fixture
def token(live_server, lag_klient, rsa_nokkel):
    """token(organisasjon, omfang) -> an access token of a client registered for that scope."""

    def hent(organisasjon, omfang: str) -> str:
        klient = lag_klient(organisasjon, omfang=[omfang], navn=f"Klient {omfang}")
        svar = requests.post(
            f"{live_server.url}/api/token",
            data={
                "grant_type": GRANT_TYPE,
                "assertion": assertion(klient.klient_id, rsa_nokkel, scope=omfang),
            },
            timeout=10,
        )
        assert svar.status_code == 200, svar.text
        return svar.json()["access_token"]

    return hent


@pytest.fixture
def udi(token, imdi_org):
    return token(imdi_org, UDI_MELDINGER)


@pytest.fixture
def mot(token, imdi_org):
    return token(imdi_org, MOT_MELDINGER)


def lever(live_server, kilde: str, token: str | None, body=None, *, sti="", **kwargs) -> requests.Response:
    hoder = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(
        f"{live_server.url}/api/innboks/{kilde}{sti}", json=body, headers=hoder, timeout=30, **kwargs
    )


def test_tillatelse_innvilget_to_ganger_og_med_annet_innhold(live_server, udi, mottak):
    data = tillatelse(person(), person(fornavn="Yusuf", kjonn="M"), mottak=mottak)
    melding = {"melding_id": "udi-2026-0001", "type": "tillatelse_innvilget", "data": data}

    svar = lever(live_server, "udi", udi, melding)
    assert svar.status_code == 201, svar.text
    assert svar.json() == {
        "melding_id": "udi-2026-0001",
        "status": "behandlet",
        "status_tekst": "Behandlet",
        "feil": [],
    }
    assert Bosettingssak.objects.filter(person__mottak=mottak).count() == 2

    igjen = lever(live_server, "udi", udi, melding)
    assert (igjen.status_code, igjen.json()["status"]) == (200, "behandlet")
    assert Bosettingssak.objects.count() == 2
    assert Hendelse.objects.filter(kode="bosettingssak.opprettet").count() == 1

    endret = {**melding, "data": {**data, "beskyttelse": "kollektiv"}}
    konflikt = lever(live_server, "udi", udi, endret)
    assert konflikt.status_code == 409
    assert konflikt.json()["feil"][0]["felt"] == "melding_id"
    assert "med et annet innhold" in konflikt.json()["feil"][0]["nb"]
    assert set(Person.objects.values_list("beskyttelse", flat=True)) == {"individuell"}
    kall = Kall.objects.filter(sti="/api/innboks/udi").order_by("pk")
    assert [k.status for k in kall] == [201, 200, 409]
    assert all(k.klient.navn == f"Klient {UDI_MELDINGER}" for k in kall)
    assert Innboksmelding.objects.get().avsender.startswith(f"Klient {UDI_MELDINGER}")


def test_mot_foer_udi_venter_og_brukes_naar_tillatelsen_kommer(
    live_server, udi, mot, mottak, annet_mottak, kommune
):
    data = tillatelse(mottak=mottak)
    duf = [data["personer"][0]["duf_nummer"]]
    ankomst = {"duf_nummer": duf, "mottak": annet_mottak.udi_mot_id, "plasstype": "ORD", "dato": "2026-12-01"}
    svar = lever(live_server, "mot", mot, {"melding_id": "mot-1", "type": "ankommet_mottak", "data": ankomst})
    assert (svar.status_code, svar.json()["status"]) == (201, "venter")
    assert svar.json()["feil"][0]["nb"] == f"Venter på tillatelse for DUF-nummer {duf[0]}."

    lever(live_server, "udi", udi, {"melding_id": "udi-1", "type": "tillatelse_innvilget", "data": data})
    assert Innboksmelding.objects.get(melding_id="mot-1").status == S.BEHANDLET
    assert Person.objects.get().mottak_id == annet_mottak.pk

    sokt_ut(duf, kommune)
    utflyttet = {
        "melding_id": "mot-2",
        "type": "utflyttet",
        "data": {"duf_nummer": duf, "dato": "2026-12-03"},
    }
    svar = lever(live_server, "mot", mot, utflyttet)
    assert (svar.status_code, svar.json()["status"]) == (201, "behandlet")
    sak = Bosettingssak.objects.get()
    assert (sak.status, sak.bosettingsdato.isoformat()) == (Saksstatus.BOSATT, "2026-12-03")


def test_tillatelse_trukket_og_sak_flyttet(live_server, udi, mottak, annet_mottak):
    data = tillatelse(mottak=mottak)
    duf = [data["personer"][0]["duf_nummer"]]
    lever(live_server, "udi", udi, {"melding_id": "u-1", "type": "tillatelse_innvilget", "data": data})
    flytt = {"duf_nummer": duf, "mottak": annet_mottak.udi_mot_id, "plasstype": "ORD", "dato": "2026-12-02"}
    svar = lever(live_server, "udi", udi, {"melding_id": "u-2", "type": "sak_flyttet", "data": flytt})
    assert (svar.status_code, svar.json()["status"]) == (201, "behandlet")
    assert Person.objects.get().mottak_id == annet_mottak.pk

    trukket = {"duf_nummer": duf, "begrunnelse": "Tilbakekalt."}
    svar = lever(
        live_server, "udi", udi, {"melding_id": "u-3", "type": "tillatelse_trukket", "data": trukket}
    )
    assert (svar.status_code, svar.json()["status"]) == (201, "behandlet")
    sak = Bosettingssak.objects.get()
    assert (sak.status, sak.avslutningsgrunn) == (
        Saksstatus.AVSLUTTET,
        Bosettingssak.Avslutningsgrunn.UTENFOR_MAALGRUPPEN,
    )


def test_ugyldig_melding_er_422_med_feil_per_felt_og_lagres_som_avvist(live_server, udi, mottak):
    riktig = gyldig_duf()
    feil_duf = riktig[:10] + f"{(int(riktig[10:]) + 1) % 100:02d}"
    data = tillatelse(person(duf=feil_duf), person(etternavn=""), mottak=mottak)
    svar = lever(
        live_server, "udi", udi, {"melding_id": "udi-feil", "type": "tillatelse_innvilget", "data": data}
    )
    assert svar.status_code == 422
    feil = {f["felt"]: f for f in svar.json()["feil"]}
    assert feil["personer.0.duf_nummer"]["nb"] == "DUF-nummeret er ikke gyldig (feil kontrollsiffer)."
    assert feil["personer.0.duf_nummer"]["en"] == "The DUF number is not valid (wrong check digits)."
    assert feil["personer.1.etternavn"]["nb"] == "Feltet må fylles ut."
    assert Innboksmelding.objects.get(melding_id="udi-feil").status == S.AVVIST  # IMDi sees it in the admin
    assert not Person.objects.exists()

    ukjent_type = lever(live_server, "udi", udi, {"melding_id": "udi-x", "type": "utflyttet", "data": {}})
    assert ukjent_type.status_code == 422
    assert ukjent_type.json()["feil"][0]["felt"] == "type"


@pytest.mark.parametrize(
    "body, felt",
    [
        ({"type": "tillatelse_innvilget", "data": {}}, "body.melding.melding_id"),
        ({"melding_id": "", "type": "tillatelse_innvilget", "data": {}}, "body.melding.melding_id"),
        ({"melding_id": "m", "type": "tillatelse_innvilget", "data": "tekst"}, "body.melding.data"),
        ({"melding_id": "m" * 101, "type": "x", "data": {}}, "body.melding.melding_id"),
        ({"melding_id": "m", "type": "x" * 31, "data": {}}, "body.melding.type"),
    ],
)
def test_feilformet_kropp_gir_feltfeil_aldri_500(live_server, udi, body, felt):
    svar = lever(live_server, "udi", udi, body)
    assert svar.status_code == 422, svar.text
    detalj = svar.json()["detail"]
    assert felt in [d["felt"] for d in detalj]
    assert all(d["melding"] and d["message"] for d in detalj)  # bokmål and English
    assert not Innboksmelding.objects.exists()


def test_kropp_som_ikke_er_json_gir_feil_aldri_500(live_server, udi):
    svar = requests.post(
        f"{live_server.url}/api/innboks/udi",
        data=b"{ikke json",
        headers={"Authorization": f"Bearer {udi}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert svar.status_code in (400, 422), svar.text
    assert svar.json()


def test_en_avsender_naar_ikke_den_andres_innboks(live_server, udi, mot, token, kommune):
    melding = {
        "melding_id": "m",
        "type": "utflyttet",
        "data": {"duf_nummer": [gyldig_duf()], "dato": "2026-12-01"},
    }
    assert lever(live_server, "mot", udi, melding).status_code == 403
    assert lever(live_server, "udi", mot, melding).status_code == 403
    kommunens = token(kommune, KOMMUNE_PERSONER_LES)
    for kilde in ("udi", "mot"):
        assert lever(live_server, kilde, kommunens, melding).status_code == 403
        assert lever(live_server, kilde, None, melding).status_code == 401
        assert lever(live_server, kilde, "tull", melding).status_code == 401
    assert not Innboksmelding.objects.exists()
    assert Kall.objects.filter(sti__startswith="/api/innboks/", status=403).count() == 4


def test_parti_fra_udi_i_ett_kall(live_server, udi, mottak):
    meldinger = [
        {"melding_id": f"p-{i}", "type": "tillatelse_innvilget", "data": tillatelse(mottak=mottak)}
        for i in range(3)
    ]
    svar = lever(live_server, "udi", udi, {"meldinger": meldinger}, sti="/parti")
    assert svar.status_code == 200, svar.text
    assert svar.json() == {"antall": {"behandlet": 3}}
    assert Bosettingssak.objects.count() == 3

    igjen = lever(live_server, "udi", udi, {"meldinger": meldinger[:1]}, sti="/parti")
    assert igjen.json() == {"antall": {"allerede_mottatt": 1}}
    tom = lever(live_server, "udi", udi, {"meldinger": []}, sti="/parti")
    assert tom.status_code == 422
