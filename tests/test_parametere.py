"""Bad query parameters never give a 500 (issue «Tilgang», defect 12): the page answers 400 with a Norwegian
message naming the value, shows the default instead, and never hands out a file for a year not asked for.
Years and dates are accepted from 2000 to this year + 5 (`imdinett.skjema.AAR_FORSTE`, `AAR_FREMOVER`)."""

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.skjema import Parametere, parametere

from .factories import HusstandFactory, PersonFactory

pytestmark = pytest.mark.django_db
AAR = timezone.localdate().year
SISTE = AAR + 5
RAPPORTER = [
    "/kommuner/{k}/oversikt/",
    "/kommuner/{k}/rapporter/anmodninger-og-vedtak/",
    "/kommuner/{k}/rapporter/anmodninger-og-vedtak/?format=xlsx",
    "/kommuner/{k}/rapporter/bosatte/",
    "/kommuner/{k}/rapporter/bosatte/?format=xlsx",
    "/kommuner/rapporter/anmodninger-og-vedtak/",
    "/kommuner/rapporter/anmodninger-og-vedtak/?format=xlsx",
    "/kommuner/rapporter/bosetting/",
    "/kommuner/rapporter/bosetting/?format=csv",
    "/kommuner/rapporter/bosetting/?format=xlsx",
]


def _melding(svar) -> str:
    assert svar["Content-Type"].startswith("text/html"), "en fil ble levert for en ugyldig verdi"
    html = svar.content.decode()
    assert 'lang="nb"' in html
    return html


@pytest.mark.parametrize("adresse", RAPPORTER)
@pytest.mark.parametrize("aar", ["0", "-1", "10000", str(10**30)])
def test_ugyldig_aar_gir_norsk_melding_ikke_500(client, imdi_bruker, kommune, adresse, aar):
    client.force_login(imdi_bruker)
    url = adresse.format(k=kommune.pk)
    svar = client.get(url + ("&" if "?" in url else "?") + f"aar={aar}")
    assert svar.status_code == 400
    html = _melding(svar)
    assert f"År: «{aar[:40]}" in html and f"Velg et år fra 2000 til {SISTE}." in html
    assert svar.context["aar"] == AAR  # the page shows this year instead


@pytest.mark.parametrize(
    ("aar", "status"), [("1999", 400), ("2000", 200), (str(SISTE), 200), (str(SISTE + 1), 400)]
)
def test_aarsgrensene(client, imdi_bruker, kommune, aar, status):
    client.force_login(imdi_bruker)
    assert client.get(f"/kommuner/{kommune.pk}/oversikt/?aar={aar}").status_code == status
    svar = client.get(f"/kommuner/rapporter/bosetting/?aar={aar}&format=xlsx")
    assert svar.status_code == status
    assert svar["Content-Type"].startswith("text/html") == (status == 400)


def test_kapasitet_med_dato_langt_frem_gir_norsk_melding(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/innmeldinger/kapasitet/?fra=31.12.9999")
    assert svar.status_code == 400
    html = _melding(svar)
    assert "Fra dato: «31.12.9999» er ikke en gyldig dato. Skriv datoen som dd.mm.åååå" in html
    assert "Kapasitet per uke" in html and len(svar.context["rader"]) == 12  # from this week instead


@pytest.mark.parametrize(
    "adresse",
    [
        "/kommuner/{k}/innmeldinger/kapasitet/?fra={d}",
        "/kommuner/{k}/innmeldinger/?fra={d}",
        "/kommuner/{k}/innmeldinger/ferdigbehandlede/?til={d}",
        "/kommuner/{k}/anmodninger/historikk/?fra={d}&til={d}",
    ],
)
@pytest.mark.parametrize(
    "dato", ["31.12.9999", "00.00.0000", "01.01.0001", "9999-12-31", "32.01.2026", "i går"]
)
def test_ugyldige_datoer(client, imdi_bruker, kommune, adresse, dato):
    client.force_login(imdi_bruker)
    svar = client.get(adresse.format(k=kommune.pk, d=dato))
    assert svar.status_code == 400
    assert f"«{escape(dato)}» er ikke en gyldig dato" in _melding(svar)


def test_gyldig_dato_gir_200(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    for adresse in ("innmeldinger/kapasitet/", "innmeldinger/", "anmodninger/historikk/"):
        assert client.get(f"/kommuner/{kommune.pk}/{adresse}?fra=07.12.{AAR}").status_code == 200, adresse


def test_ugyldig_kategori_og_format(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    svar = client.get("/kommuner/rapporter/bosetting/?kategori=tull&format=pdf")
    assert svar.status_code == 400
    html = _melding(svar)
    assert (
        "Kategori: «tull» er ikke et av valgene." in html and "Format: «pdf» er ikke et av valgene." in html
    )


def test_personsok_og_sider(client, imdi_bruker, lag_bruker, mottak):
    client.force_login(imdi_bruker)
    svar = client.get("/personer/", {"q": "Hei\x00"})
    assert svar.status_code == 400 and "Søk: «Hei» kan ikke brukes" in _melding(svar)
    assert client.get("/personer/", {"q": "x" * 201}).status_code == 400
    assert client.get("/personer/", {"q": "Haddad", "side": "x"}).status_code == 400
    assert client.get("/personer/", {"q": "Haddad", "side": "9" * 30}).status_code == 200  # the last page
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    for side in ("oppgaveliste", "beboere"):
        assert client.get(f"/mottak/{mottak.pk}/{side}/", {"vis": "²"}).status_code == 200  # opens no row
        svar = client.get(f"/mottak/{mottak.pk}/{side}/", {"side": "0", "vis": "9" * 5000})
        assert svar.status_code == 400
        html = _melding(svar)
        assert "Side: «0» er ikke et gyldig sidetall." in html and "Vis: «99999" in html
    svar = client.get(f"/mottak/{mottak.pk}/beboere/", {"persontype": "tull", "med_sak": "\x00"})
    assert svar.status_code == 400 and "Persontype: «tull» er ikke et av valgene." in _melding(svar)


def test_htmx_faar_400_uten_melding_paa_neste_side(client, imdi_bruker, kommune):
    """An htmx swap is not drawn on a 400, so the message is not stored to pop up on a later page."""
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/oversikt/?aar=0", headers={"HX-Request": "true"})
    assert svar.status_code == 400
    assert "er ikke et gyldig år" not in client.get(f"/kommuner/{kommune.pk}/oversikt/").content.decode()


def test_leseren_gir_standardverdien_og_en_melding_per_parameter():
    request = RequestFactory().get("/", {"aar": "tull", "fra": "31.12.9999", "side": "2", "q": "Kari"})
    p = parametere(request)
    assert parametere(request) is p and isinstance(p, Parametere)
    assert p.aar(standard=AAR) == AAR and p.aar(standard=AAR) == AAR
    assert p.dato("fra") is None and p.dato("til") is None
    assert p.side() == 2 and p.tekst("q") == "Kari" and p.heltall("vis") is None
    assert set(p.feil) == {"aar", "fra"} and p.status == 400
    assert Parametere(RequestFactory().get("/", {"aar": str(AAR)})).status == 200


# Outside this change: these views read GET themselves. Strict, so the mark goes when they read through
# `imdinett.skjema.parametere` (`heltall` for the ids, `tekst` for the search).
@pytest.mark.xfail(
    strict=True,
    reason="organisasjoner/views.py: int() of 5000 digits; kompetanse/views.py: "
    "100 kB LIKE; fordeling/admin.py: Kommune.objects.filter(pk='abc')",
)
@pytest.mark.parametrize(
    ("bruker", "adresse"),
    [
        ("admin", "/brukeradministrasjon/?organisasjon=" + "9" * 5000),
        ("kartlegger", "/kompetanse/oppgaveliste/?q=" + "x" * 100_000),
        ("imdi", "/admin/fordeling/fordelingsliste/add/?kommune=abc"),
    ],
)
def test_sider_utenfor_denne_endringen(client, imdi_bruker, lag_bruker, mottak, bruker, adresse):
    saker.bosettingssak_opprett(
        personer=[PersonFactory(husstand=HusstandFactory(), mottak=mottak)], av=imdi_bruker
    )
    brukere = {
        "imdi": imdi_bruker,
        "admin": lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR),
        "kartlegger": lag_bruker(mottak.vertskommune, Rolle.KOMMUNE_KARTLEGGER),
    }
    client.force_login(brukere[bruker])
    assert client.get(adresse).status_code in (200, 400, 404)
