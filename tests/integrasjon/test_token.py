"""POST /api/token over HTTP against the live server, with keys made in the test and real signed JWTs: what is
accepted, what is refused (in OAuth's JSON shape with a Norwegian description), and that each is logged."""

import time

import pytest
import requests

from imdinett.integrasjon.models import Kall
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES
from imdinett.integrasjon.services import GRANT_TYPE
from imdinett.organisasjoner.models import Organisasjon

from .conftest import assertion

pytestmark = pytest.mark.django_db(transaction=True)


def hent_token(live_server, signert: str, grant_type: str = GRANT_TYPE) -> requests.Response:
    return requests.post(
        f"{live_server.url}/api/token", data={"grant_type": grant_type, "assertion": signert}, timeout=10
    )


@pytest.fixture
def klient(lag_klient, kommune):
    return lag_klient(kommune)


def test_gyldig_assertion_gir_et_kortlivet_token_og_logges(live_server, klient, rsa_nokkel):
    svar = hent_token(live_server, assertion(klient.klient_id, rsa_nokkel))
    assert svar.status_code == 200, svar.text
    data = svar.json()
    assert data["token_type"] == "Bearer"
    assert data["expires_in"] == 120
    assert data["scope"] == KOMMUNE_PERSONER_LES
    assert len(data["access_token"]) >= 40
    kall = Kall.objects.get()
    assert (kall.klient, kall.metode, kall.sti, kall.status, kall.feil) == (
        klient,
        "POST",
        "/api/token",
        200,
        "",
    )


def test_ec_nokkel_virker_ogsaa(live_server, lag_klient, kommune, ec_nokkel):
    klient = lag_klient(kommune, nokkel=ec_nokkel)
    svar = hent_token(live_server, assertion(klient.klient_id, ec_nokkel, algoritme="ES256"))
    assert svar.status_code == 200, svar.text


def _avvist(svar, feil: str, beskrivelse: str):
    assert svar.status_code == 400, svar.text
    assert svar.json() == {"error": feil, "error_description": svar.json()["error_description"]}
    assert beskrivelse in svar.json()["error_description"]


def test_feil_signatur(live_server, klient, ec_nokkel, rsa_nokkel):
    from cryptography.hazmat.primitives.asymmetric import rsa

    annen = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, annen)),
        "invalid_grant",
        "Signaturen stemmer ikke",
    )
    # an EC signature where the client's key is RSA: the algorithm follows the registered key
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, ec_nokkel, algoritme="ES256")),
        "invalid_grant",
        "algoritme",
    )
    kall = Kall.objects.order_by("id").first()
    assert kall.klient == klient and kall.status == 400
    assert kall.feil.startswith("invalid_grant: Signaturen stemmer ikke")


def test_utlopt_for_lang_levetid_og_feil_aud(live_server, klient, rsa_nokkel):
    naa = int(time.time())
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, iat=naa - 300, exp=naa - 60)),
        "invalid_grant",
        "utløpt",
    )
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, exp=naa + 600)),
        "invalid_grant",
        "høyst 120 sekunder",
    )
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, aud="https://maskinporten.no/")),
        "invalid_grant",
        "«aud» må være",
    )
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, jti=None)), "invalid_grant", "«jti»"
    )


def test_samme_jti_godtas_bare_en_gang(live_server, klient, rsa_nokkel):
    signert = assertion(klient.klient_id, rsa_nokkel)
    assert hent_token(live_server, signert).status_code == 200
    _avvist(hent_token(live_server, signert), "invalid_grant", "brukt før")
    # the same jti in a new assertion too
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, jti=_jti(signert))),
        "invalid_grant",
        "brukt før",
    )


def _jti(signert: str) -> str:
    import jwt

    return jwt.decode(signert, options={"verify_signature": False})["jti"]


def test_ukjent_og_deaktivert_klient(live_server, klient, lag_klient, kommune, rsa_nokkel):
    _avvist(
        hent_token(live_server, assertion("ukjent-klient", rsa_nokkel)), "invalid_client", "Ukjent klient"
    )
    kall = Kall.objects.get()
    assert kall.klient is None and kall.oppgitt_klient_id == "ukjent-klient"

    deaktivert = lag_klient(kommune, aktiv=False, navn="Gammelt fagsystem")
    _avvist(
        hent_token(live_server, assertion(deaktivert.klient_id, rsa_nokkel)), "invalid_client", "deaktivert"
    )
    assert not deaktivert.bruker.is_active


def test_omfang_klienten_ikke_har(live_server, klient, rsa_nokkel):
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, scope="imdinett:udi.vedtak")),
        "invalid_scope",
        "imdinett:udi.vedtak",
    )
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel, scope=None)),
        "invalid_scope",
        "mangler",
    )


def test_feil_grant_type_og_ikke_en_jwt(live_server, klient, rsa_nokkel):
    _avvist(
        hent_token(live_server, assertion(klient.klient_id, rsa_nokkel), grant_type="client_credentials"),
        "unsupported_grant_type",
        "grant_type",
    )
    _avvist(hent_token(live_server, "ikke-en-jwt"), "invalid_request", "assertion")
    svar = requests.post(f"{live_server.url}/api/token", timeout=10)  # no body at all: refused, no 500
    _avvist(svar, "unsupported_grant_type", "grant_type")
    assert set(Kall.objects.values_list("status", flat=True)) == {400}


def test_klient_for_imdi_kan_ikke_faa_kommunens_omfang(lag_klient):
    from django.core.exceptions import ValidationError

    imdi = Organisasjon.objects.create(navn="IMDi", type=Organisasjon.Type.IMDI)
    with pytest.raises(ValidationError, match="kan ikke gis til en klient for IMDi"):
        lag_klient(imdi)
