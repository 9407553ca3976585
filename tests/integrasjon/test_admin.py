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


def test_registrering_og_hver_endring_av_tilgang_er_en_hendelse(
    client, imdi_bruker, kommune, annen_kommune, rsa_nokkel, ec_nokkel
):
    from imdinett.hendelser.models import Hendelse
    from imdinett.integrasjon.services import nokkel_fingeravtrykk

    def nye():
        hendelser = list(Hendelse.objects.filter(kode__startswith="api_klient.").exclude(pk__in=sett))
        sett.update(h.pk for h in hendelser)
        return sorted(hendelser, key=lambda h: (h.kode, h.organisasjon_id))

    sett: set[int] = set()
    client.force_login(imdi_bruker)
    rsa_pem, ec_pem = pem(rsa_nokkel), pem(ec_nokkel)
    client.post(
        reverse("admin:integrasjon_apiklient_add"), _skjema(kommune, rsa_pem, omfang=[KOMMUNE_PERSONER_LES])
    )
    klient = ApiKlient.objects.get()
    (registrert,) = nye()
    assert (registrert.kode, registrert.tittel) == (
        "api_klient.registrert",
        f"API-klienten «Fagsystem X» registrert med omfang {KOMMUNE_PERSONER_LES}",
    )
    assert (registrert.utfort_av, registrert.organisasjon_id, registrert.omraade) == (
        imdi_bruker,
        kommune.pk,
        "brukeradministrasjon",
    )
    assert registrert.data == {
        "klient": klient.pk,
        "klient_id": klient.klient_id,
        "omfang": [KOMMUNE_PERSONER_LES],
        "nokkel": nokkel_fingeravtrykk(rsa_pem),
    }

    endre = reverse("admin:integrasjon_apiklient_change", args=[klient.pk])
    client.post(endre, _skjema(kommune, rsa_pem, navn="Fagsystem Y", omfang=[KOMMUNE_PERSONER_LES]))
    assert nye() == []  # a new name changes nothing the client reaches

    client.post(endre, _skjema(kommune, ec_pem, navn="Fagsystem Y", omfang=[]))
    nokkel, omfang = nye()
    assert (nokkel.kode, nokkel.tittel) == (
        "api_klient.nokkel_endret",
        "Ny offentlig nøkkel for API-klienten «Fagsystem Y»",
    )
    assert (nokkel.data["fra"], nokkel.data["nokkel"]) == (
        nokkel_fingeravtrykk(rsa_pem),
        nokkel_fingeravtrykk(ec_pem),
    )
    assert (omfang.kode, omfang.tittel) == (
        "api_klient.omfang_endret",
        "Omfang for API-klienten «Fagsystem Y» endret til ingen",
    )
    assert (omfang.data["fra"], omfang.data["omfang"], omfang.utfort_av) == (
        [KOMMUNE_PERSONER_LES],
        [],
        imdi_bruker,
    )

    client.post(
        endre, _skjema(annen_kommune, ec_pem, navn="Fagsystem Y", aktiv="", omfang=[KOMMUNE_PERSONER_LES])
    )
    deaktivert, omfang, flyttet_fra, flyttet_til = nye()
    assert (deaktivert.kode, deaktivert.tittel, deaktivert.organisasjon_id) == (
        "api_klient.deaktivert",
        "API-klienten «Fagsystem Y» deaktivert",
        annen_kommune.pk,
    )
    assert {flyttet_fra.organisasjon_id, flyttet_til.organisasjon_id} == {kommune.pk, annen_kommune.pk}
    assert (
        flyttet_fra.tittel
        == f"API-klienten «Fagsystem Y» flyttet fra {kommune.navn} til {annen_kommune.navn}"
    )
    assert omfang.data["omfang"] == [KOMMUNE_PERSONER_LES]
    client.post(endre, _skjema(annen_kommune, ec_pem, navn="Fagsystem Y", omfang=[KOMMUNE_PERSONER_LES]))
    assert [h.kode for h in nye()] == ["api_klient.aktivert"]
