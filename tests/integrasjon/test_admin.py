"""IMDi registers an API client in the admin: the public key is checked, the scopes come from the fixed list and
must suit the organisation, the client gets its system user; nobody else reaches these pages."""

import pytest
from django.urls import reverse

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES
from imdinett.organisasjoner.roller import Rolle

from .conftest import pem

pytestmark = pytest.mark.django_db


def _skjema(organisasjon, nokkel: str, **felt) -> dict:
    return {
        "navn": "Fagsystem X",
        "organisasjon": organisasjon.pk,
        "offentlig_nokkel": nokkel,
        "aktiv": "on",
        **felt,
    }


def test_imdi_registrerer_en_klient(client, imdi_bruker, kommune, rsa_nokkel):
    client.force_login(imdi_bruker)
    ny = reverse("admin:integrasjon_apiklient_add")
    side = client.get(ny)
    assert side.status_code == 200
    assert "Omfang (scopes)" in side.content.decode() and KOMMUNE_PERSONER_LES in side.content.decode()

    svar = client.post(ny, _skjema(kommune, pem(rsa_nokkel), omfang=[KOMMUNE_PERSONER_LES]))
    assert svar.status_code == 302, svar.content.decode()
    klient = ApiKlient.objects.get()
    assert (klient.organisasjon_id, klient.omfang, klient.aktiv) == (kommune.pk, [KOMMUNE_PERSONER_LES], True)
    assert len(klient.klient_id) == 36
    bruker = klient.bruker
    assert (bruker.username, bruker.organisasjon_id, bruker.is_active) == (
        f"api-{klient.klient_id}",
        kommune.pk,
        True,
    )
    assert not bruker.has_usable_password()

    endre = reverse("admin:integrasjon_apiklient_change", args=[klient.pk])
    assert klient.klient_id in client.get(endre).content.decode()
    svar = client.post(endre, _skjema(kommune, pem(rsa_nokkel), aktiv="", omfang=[KOMMUNE_PERSONER_LES]))
    assert svar.status_code == 302
    bruker.refresh_from_db()
    assert not bruker.is_active  # the system user follows the client

    assert client.get(reverse("admin:integrasjon_kall_changelist")).status_code == 200
    assert client.get(reverse("admin:integrasjon_kall_add")).status_code == 403  # the call log is read-only


def test_ugyldig_nokkel_og_omfang_som_ikke_passer_organisasjonen(client, imdi_bruker, imdi_org, kommune):
    client.force_login(imdi_bruker)
    ny = reverse("admin:integrasjon_apiklient_add")
    svar = client.post(ny, _skjema(kommune, "ikke en nøkkel", omfang=[KOMMUNE_PERSONER_LES]))
    assert svar.status_code == 200
    assert "Ikke en offentlig nøkkel i PEM-format" in svar.content.decode()

    from cryptography.hazmat.primitives.asymmetric import rsa

    liten = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    svar = client.post(ny, _skjema(kommune, pem(liten), omfang=[KOMMUNE_PERSONER_LES]))
    assert "minst 2048 bit" in svar.content.decode()

    svar = client.post(
        ny,
        _skjema(
            imdi_org,
            pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
            omfang=[KOMMUNE_PERSONER_LES],
        ),
    )
    assert "kan ikke gis til en klient for IMDi" in svar.content.decode()
    svar = client.post(ny, _skjema(kommune, "x", omfang=["imdinett:alt"]))
    assert "Velg et gyldig valg" in svar.content.decode()
    assert not ApiKlient.objects.exists()


def test_bare_imdi_naar_klientene(client, lag_bruker, kommune):
    for rolle in (Rolle.KOMMUNEADMINISTRATOR, Rolle.KOMMUNE_BOSETTER_SKRIV):
        client.force_login(lag_bruker(kommune, rolle))
        for navn in (
            "admin:integrasjon_apiklient_changelist",
            "admin:integrasjon_apiklient_add",
            "admin:integrasjon_kall_changelist",
        ):
            svar = client.get(reverse(navn))
            assert svar.status_code == 302 and "/admin/login/" in svar["Location"], (rolle, navn)
