"""OpenID Connect login (issue #10), against a small but real provider on 127.0.0.1: it issues codes,
checks PKCE (S256) at the token endpoint, signs ID tokens with RS256 and publishes its JWKS. Accounts are
matched by verified e-mail and never created; IMDi and administrators still give their one-time code."""

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

import imdinett.urls  # noqa: F401 — imported here with OIDC off; the fixture switches it on for tests/…/oidc_urls
from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner import services
from imdinett.organisasjoner.management.commands.totp_kode import gyldig_kode
from imdinett.organisasjoner.models import Bruker
from imdinett.organisasjoner.roller import Rolle as R

from ..factories import TESTPASSORD

KLIENT = "imdinett-test"


class Leverandor:
    """The provider: codes handed out by `gi_kode`, exchanged once at /token if the verifier matches."""

    def __init__(self):
        self.nokkel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.koder: dict[str, dict] = {}
        self.aud = KLIENT
        leverandor = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, data):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(leverandor.nokkel.public_key()))
                    self._json(200, {"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]})
                elif self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    krav = next((k["info"] for k in leverandor.koder.values() if k.get("at") == token), None)
                    self._json(200 if krav else 401, krav or {})
                else:
                    self._json(404, {})

            def do_POST(self):
                data = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                kode = leverandor.koder.get(data["code"][0])
                verifier = data.get("code_verifier", [""])[0]
                utfordring = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                if not kode or kode.get("at") or utfordring.decode() != kode["challenge"]:
                    self._json(400, {"error": "invalid_grant"})
                    return
                kode["at"] = f"at-{data['code'][0]}"
                naa = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": leverandor.url,
                        "aud": leverandor.aud,
                        "iat": naa,
                        "exp": naa + 120,
                        "nonce": kode["nonce"],
                        **kode["krav"],
                    },
                    leverandor.nokkel,
                    algorithm="RS256",
                    headers={"kid": "k1"},
                )
                self._json(200, {"access_token": kode["at"], "id_token": id_token, "token_type": "Bearer"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def gi_kode(self, autorisering_url: str, krav: dict, info: dict | None = None) -> dict:
        """What the provider does after the user logged in there: a code for the redirect back. The ID token
        carries `krav`, the userinfo endpoint answers `info` (the same unless given)."""
        spm = {k: v[0] for k, v in parse_qs(urlparse(autorisering_url).query).items()}
        assert spm["code_challenge_method"] == "S256" and spm["client_id"] == KLIENT
        kode = f"kode{len(self.koder)}"
        self.koder[kode] = {
            "challenge": spm["code_challenge"],
            "nonce": spm["nonce"],
            "krav": krav,
            "info": info or krav,
        }
        return {"code": kode, "state": spm["state"]}


@pytest.fixture
def leverandor(settings):
    lev = Leverandor()
    settings.ROOT_URLCONF = "tests.organisasjoner.oidc_urls"
    settings.AUTHENTICATION_BACKENDS = [
        *django_settings.AUTHENTICATION_BACKENDS,
        "imdinett.organisasjoner.oidc.OIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = KLIENT
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{lev.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{lev.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{lev.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{lev.url}/jwks"
    settings.OIDC_OP_ISSUER = lev.url
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/?oidc=avvist"
    yield lev
    lev.server.shutdown()


def logg_inn_hos_leverandor(client, leverandor, krav, info=None):
    krav = {"email_verified": True, **krav}
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start["Location"].startswith(f"{leverandor.url}/authorize")
    return client.get(
        reverse("oidc_authentication_callback"), leverandor.gi_kode(start["Location"], krav, info)
    )


def test_innlogging_med_oidc_finner_eksisterende_bruker(client, leverandor, kommune, lag_bruker):
    assert "Logg inn med ID-porten" in client.get(reverse("login")).content.decode()
    bruker = lag_bruker(kommune, R.KOMMUNE_BOSETTER_SKRIV, email="Kari@Example.org")
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s1", "email": "kari@example.org"})
    assert svar.status_code == 302 and svar["Location"] == reverse("arbeidsflate")
    assert int(client.session["_auth_user_id"]) == bruker.pk
    assert client.get("/").status_code == 200


def test_forste_innlogging_binder_kontoen_til_innloggingen(client, leverandor, kommune, lag_bruker):
    """The first login binds the provider's id (sub); later the account is found by it, also when the
    e-mail changed at the provider, and the address given to another login there reaches nothing."""
    bruker = lag_bruker(kommune, R.KOMMUNE_BOSETTER_SKRIV, email="kari@example.org")
    logg_inn_hos_leverandor(client, leverandor, {"sub": "s1", "email": "kari@example.org"})
    bruker.refresh_from_db()
    assert bruker.oidc_sub == "s1"

    client.logout()
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s1", "email": "kari.ny@example.org"})
    assert svar["Location"] == reverse("arbeidsflate") and int(client.session["_auth_user_id"]) == bruker.pk

    client.logout()
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s2", "email": "kari@example.org"})
    assert svar["Location"] == "/logg-inn/?oidc=avvist" and "_auth_user_id" not in client.session
    bruker.refresh_from_db()
    assert bruker.oidc_sub == "s1"


def test_deaktivert_bundet_konto_erstattes_ikke_av_en_med_samme_epost(
    client, leverandor, kommune, lag_bruker
):
    """The login's account is deactivated: refused, not bound to another account with that e-mail (a
    returning employee's new account is bound once IMDi removes the old binding)."""
    gammel = lag_bruker(
        kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org", oidc_sub="s7", is_active=False
    )
    ny = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s7", "email": "k@example.org"})
    assert svar["Location"] == "/logg-inn/?oidc=avvist" and "_auth_user_id" not in client.session
    ny.refresh_from_db()
    assert ny.oidc_sub is None

    services.oidc_kobling_fjern(av=lag_bruker(kommune, R.KOMMUNEADMINISTRATOR), bruker=gammel)
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s7", "email": "k@example.org"})
    assert int(client.session["_auth_user_id"]) == ny.pk
    assert Hendelse.objects.filter(kode="bruker.oidc_kobling_fjernet", organisasjon=kommune).count() == 1


def test_deaktivert_bruker_mister_oidc_okten(client, leverandor, kommune, lag_bruker):
    bruker = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    logg_inn_hos_leverandor(client, leverandor, {"sub": "s8", "email": "k@example.org"})
    assert client.get("/").status_code == 200
    Bruker.objects.filter(pk=bruker.pk).update(is_active=False)
    svar = client.get("/")
    assert svar.status_code == 302 and svar["Location"].startswith(reverse("login"))


def test_for_lang_sub_avvises_uten_feil(client, leverandor, kommune, lag_bruker):
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s" * 300, "email": "k@example.org"})
    assert svar["Location"] == "/logg-inn/?oidc=avvist" and "_auth_user_id" not in client.session


def test_brukerinformasjon_om_en_annen_innlogging_avvises(client, leverandor, kommune, lag_bruker):
    """The userinfo answer must be about the ID token's user (the same sub)."""
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    krav = {"sub": "s5", "email": "annen@example.org", "email_verified": True}
    svar = logg_inn_hos_leverandor(
        client, leverandor, krav, info={"sub": "s6", "email": "k@example.org", "email_verified": True}
    )
    assert svar["Location"] == "/logg-inn/?oidc=avvist" and "_auth_user_id" not in client.session


def test_oidc_erstatter_passordet_ikke_engangskoden(client, leverandor, imdi_org, lag_bruker):
    bruker = lag_bruker(imdi_org, R.IMDI_SAKSBEHANDLER, email="ingrid@example.org")
    enhet = TOTPDevice.objects.create(user=bruker, name="App", confirmed=True)
    logg_inn_hos_leverandor(client, leverandor, {"sub": "s9", "email": "ingrid@example.org"})
    svar = client.get("/")
    assert svar.status_code == 302 and svar["Location"].startswith(reverse("tofaktor"))
    assert client.post(reverse("tofaktor"), {"kode": gyldig_kode(enhet)}).status_code == 302
    assert client.get("/").status_code == 200


def test_uverifisert_epost_gir_ikke_tilgang(client, leverandor, kommune, lag_bruker):
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    krav = {"sub": "s4", "email": "k@example.org", "email_verified": False}
    svar = logg_inn_hos_leverandor(client, leverandor, krav)
    assert svar["Location"] == "/logg-inn/?oidc=avvist" and "_auth_user_id" not in client.session


def test_passordinnlogging_med_kode_i_adressen_gaar_ikke_til_leverandoren(
    client, leverandor, kommune, lag_bruker
):
    bruker = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    svar = client.post("/logg-inn/?code=x&state=y", {"username": bruker.username, "password": TESTPASSORD})
    assert svar.status_code == 302 and int(client.session["_auth_user_id"]) == bruker.pk
    assert leverandor.koder == {}


def test_ukjent_bruker_opprettes_ikke(client, leverandor, db):
    for_ = Bruker.objects.count()
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s2", "email": "ukjent@example.org"})
    assert svar.status_code == 302 and svar["Location"] == "/logg-inn/?oidc=avvist"
    assert Bruker.objects.count() == for_ and "_auth_user_id" not in client.session
    side = client.get(svar["Location"]).content.decode()
    assert "ga ikke tilgang" in side


def test_deaktivert_eller_tvetydig_bruker_slipper_ikke_inn(client, leverandor, kommune, lag_bruker):
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="av@example.org", is_active=False)
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="to@example.org")
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="TO@example.org")
    for epost in ("av@example.org", "to@example.org"):
        svar = logg_inn_hos_leverandor(client, leverandor, {"sub": epost, "email": epost})
        assert svar["Location"] == "/logg-inn/?oidc=avvist", epost


def test_token_til_en_annen_klient_avvises(client, leverandor, kommune, lag_bruker):
    lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, email="k@example.org")
    leverandor.aud = "en-annen-tjeneste"
    svar = logg_inn_hos_leverandor(client, leverandor, {"sub": "s3", "email": "k@example.org"})
    assert svar.status_code == 400 and "_auth_user_id" not in client.session


def test_uten_konfigurasjon_finnes_ikke_oidc(client, db):
    assert "Logg inn med" not in client.get(reverse("login")).content.decode()
    assert client.get("/oidc/logg-inn/").status_code in (
        302,
        404,
    )  # anonymous: login page, never the provider


def test_miljovariabler_slaar_paa_oidc_med_pkce():
    miljo = {
        **os.environ,
        "OIDC_RP_CLIENT_ID": "imdinett",
        "OIDC_RP_CLIENT_SECRET": "s",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://login.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://login.example/jwks",
        "OIDC_OP_ISSUER": "https://login.example/",
        "OIDC_NAVN": "Ansattporten",
        "DJANGO_SETTINGS_MODULE": "imdinett.settings",
    }
    kode = (
        "import django; django.setup(); from django.conf import settings as s; from django.urls import reverse; "
        "print(reverse('oidc_authentication_init'), s.OIDC_USE_PKCE, s.OIDC_CREATE_USER, s.OIDC_NAVN, "
        "'imdinett.organisasjoner.oidc.OIDCBackend' in s.AUTHENTICATION_BACKENDS)"
    )
    ut = subprocess.run([sys.executable, "-c", kode], env=miljo, capture_output=True, text=True, check=True)
    assert ut.stdout.split() == ["/oidc/logg-inn/", "True", "False", "Ansattporten", "True"]
