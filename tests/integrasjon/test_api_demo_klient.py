"""`manage.py api_demo_klient`: the demo's two clients with key pairs in var/api-demo/ that only the owner reads;
a second run changes nothing; a wiped key is registered anew; the client fetches a token from /api/token."""

import io
import stat
import uuid

import jwt
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from imdinett.hendelser.models import Hendelse
from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, UDI_MELDINGER
from imdinett.integrasjon.services import GRANT_TYPE
from tests.factories import KommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path, imdi_org):
    settings.DEBUG, settings.VAR_DIR = True, tmp_path
    return KommuneFactory(nummer="1870", navn="Sortland")


def kjor() -> str:
    ut = io.StringIO()
    call_command("api_demo_klient", stdout=ut)
    return ut.getvalue()


def test_to_klienter_med_egne_nokler_som_bare_eieren_leser(demo, imdi_org, tmp_path):
    ut = kjor()
    kommunens = ApiKlient.objects.get(organisasjon=demo)
    udis = ApiKlient.objects.get(organisasjon=imdi_org)
    assert (kommunens.navn, kommunens.omfang, kommunens.aktiv) == (
        "Demo: Sortlands fagsystem",
        [KOMMUNE_PERSONER_LES],
        True,
    )
    assert (udis.navn, udis.omfang) == ("Demo: UDI", [UDI_MELDINGER])
    mappe = tmp_path / "api-demo"
    assert stat.S_IMODE(mappe.stat().st_mode) == 0o700
    for fil in ("kommune.pem", "udi.pem"):
        assert stat.S_IMODE((mappe / fil).stat().st_mode) == 0o600
    assert (mappe / "kommune.pem").read_bytes() != (mappe / "udi.pem").read_bytes()
    assert (
        f"KLIENT_ID={kommunens.klient_id} SCOPE={KOMMUNE_PERSONER_LES} NOKKEL={mappe / 'kommune.pem'}" in ut
    )
    assert f"KLIENT_ID={udis.klient_id} SCOPE={UDI_MELDINGER} NOKKEL={mappe / 'udi.pem'}" in ut
    assert Hendelse.objects.filter(kode="api_klient.registrert", utfort_av=None).count() == 2


def test_andre_gang_endres_ingenting_og_en_slettet_nokkel_registreres_paa_nytt(demo, tmp_path):
    kjor()
    mappe = tmp_path / "api-demo"
    nokkel = (mappe / "kommune.pem").read_bytes()
    (mappe / "udi.pem").chmod(0o644)  # made wider by hand: narrowed again
    foer = list(ApiKlient.objects.values_list("pk", "klient_id", "offentlig_nokkel", "endret").order_by("pk"))
    hendelser = Hendelse.objects.count()
    assert kjor().count("IMDINETT=") == 2
    assert (
        list(ApiKlient.objects.values_list("pk", "klient_id", "offentlig_nokkel", "endret").order_by("pk"))
        == foer
    )
    assert (Hendelse.objects.count(), (mappe / "kommune.pem").read_bytes()) == (hendelser, nokkel)
    assert stat.S_IMODE((mappe / "udi.pem").stat().st_mode) == 0o600

    ApiKlient.objects.filter(navn="Demo: UDI").update(omfang=[])  # what IMDi set in the admin is kept
    hendelser_siste = Hendelse.objects.latest("pk").pk
    (mappe / "kommune.pem").unlink()
    kjor()
    assert (mappe / "kommune.pem").read_bytes() != nokkel
    assert list(Hendelse.objects.filter(pk__gt=hendelser_siste).values_list("kode", flat=True)) == [
        "api_klient.nokkel_endret"
    ]
    assert ApiKlient.objects.get(navn="Demo: UDI").omfang == []
    assert ApiKlient.objects.count() == 2


def test_klienten_henter_et_token(demo, client, settings, tmp_path):
    kjor()
    klient = ApiKlient.objects.get(organisasjon=demo)
    naa = int(timezone.now().timestamp())
    assertion = jwt.encode(
        {
            "iss": klient.klient_id,
            "aud": settings.API_UTSTEDER,
            "iat": naa,
            "exp": naa + 60,
            "jti": str(uuid.uuid4()),
            "scope": KOMMUNE_PERSONER_LES,
        },
        (tmp_path / "api-demo" / "kommune.pem").read_text(),
        algorithm="RS256",
    )
    svar = client.post(reverse("api:token"), {"grant_type": GRANT_TYPE, "assertion": assertion})
    assert svar.status_code == 200, svar.content
    assert svar.json()["scope"] == KOMMUNE_PERSONER_LES
    personer = client.get(
        reverse("api:kommune_personer"), headers={"authorization": f"Bearer {svar.json()['access_token']}"}
    )
    assert personer.status_code == 200


def test_nektes_uten_debug_og_uten_demodata(settings, tmp_path, db):
    settings.VAR_DIR = tmp_path
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        kjor()
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_demo"):
        kjor()
    assert not (tmp_path / "api-demo").exists() and not ApiKlient.objects.exists()
