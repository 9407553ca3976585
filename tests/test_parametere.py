"""Bad query parameters never give a 500 (issue «Tilgang», defect 12): the page is drawn with the default in
place of the bad value and a Norwegian message naming it (at the top of the page, `data-color="danger"`); a
download is never handed out for a value not understood. Years and dates are accepted from 2000 to this
year + 5 (`imdinett.skjema.AAR_FORSTE`, `AAR_FREMOVER`). The page answers 200 — it is shown, and what it
shows is logged like any other page's (InnsynsloggMiddleware logs 2xx)."""

import re

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Innsynslogg
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


def _meldinger(svar) -> list[str]:
    """The page's error messages (a page, never a file, for a bad value)."""
    assert svar.status_code == 200
    assert svar["Content-Type"].startswith("text/html"), "en fil ble levert for en ugyldig verdi"
    html = svar.content.decode()
    assert '<html lang="nb"' in html
    return re.findall(r'<div class="ds-alert" data-color="danger" role="status">([^<]*)</div>', html)


@pytest.mark.parametrize("adresse", RAPPORTER)
@pytest.mark.parametrize("aar", ["0", "-1", "10000", str(10**30)])
def test_ugyldig_aar_gir_norsk_melding_ikke_500(client, imdi_bruker, kommune, adresse, aar):
    client.force_login(imdi_bruker)
    url = adresse.format(k=kommune.pk)
    svar = client.get(url + ("&" if "?" in url else "?") + f"aar={aar}")
    assert _meldinger(svar) == [
        f"År: «{aar[:40]}{'…' if len(aar) > 40 else ''}» er ikke et gyldig år. "
        f"Velg et år fra 2000 til {SISTE}."
    ]
    assert svar.context["aar"] == AAR  # the page shows this year instead


@pytest.mark.parametrize(
    ("aar", "gyldig"), [("1999", False), ("2000", True), (str(SISTE), True), (str(SISTE + 1), False)]
)
def test_aarsgrensene(client, imdi_bruker, kommune, aar, gyldig):
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/oversikt/?aar={aar}")
    assert svar.context["aar"] == (int(aar) if gyldig else AAR) and bool(_meldinger(svar)) != gyldig
    svar = client.get(f"/kommuner/rapporter/bosetting/?aar={aar}&format=xlsx")
    assert svar.status_code == 200 and svar["Content-Type"].startswith("text/html") != gyldig


def test_kapasitet_med_dato_langt_frem_gir_norsk_melding(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/innmeldinger/kapasitet/?fra=31.12.9999")
    assert _meldinger(svar) == [
        f"Fra dato: «31.12.9999» er ikke en gyldig dato. Skriv datoen som dd.mm.åååå, fra 01.01.2000 til 31.12.{SISTE}."
    ]
    assert "Kapasitet per uke" in svar.content.decode()
    assert (
        svar.context["fra"] == svar.context["rader"][0].uke <= timezone.localdate()
    )  # from this week instead


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
    meldinger = _meldinger(client.get(adresse.format(k=kommune.pk, d=dato)))
    assert meldinger and all(f"«{escape(dato)}» er ikke en gyldig dato" in m for m in meldinger)


def test_innmeldingslisten_beholder_det_som_ble_skrevet(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    html = client.get(f"/kommuner/{kommune.pk}/innmeldinger/?fra=32.01.2026").content.decode()
    assert 'name="fra" id="fra" placeholder="dd.mm.åååå" value="32.01.2026"' in html


def test_gyldige_verdier_gir_ingen_melding(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    for adresse in ("innmeldinger/kapasitet/", "innmeldinger/", "anmodninger/historikk/"):
        assert _meldinger(client.get(f"/kommuner/{kommune.pk}/{adresse}?fra=07.12.{AAR}")) == [], adresse
    assert _meldinger(client.get(f"/kommuner/rapporter/bosetting/?aar={AAR}&kategori=em_15_18")) == []


def test_ugyldig_kategori_og_format_gir_siden_ikke_en_fil(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    meldinger = _meldinger(client.get("/kommuner/rapporter/bosetting/?kategori=tull&format=pdf"))
    assert meldinger == [
        "Kategori: «tull» er ikke et av valgene. Velg fra listen.",
        "Format: «pdf» er ikke et av valgene. Velg fra listen.",
    ]
    assert _meldinger(client.get(f"/kommuner/{kommune.pk}/rapporter/bosatte/?kategori=tull&format=csv"))


def test_bosatte_med_ugyldig_kategori_logges_som_innsyn(client, imdi_bruker, kommune, mottak):
    """The page is shown (with every category) and its names are logged, as on any page."""
    person = PersonFactory(husstand=HusstandFactory(), mottak=mottak)
    saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    from imdinett.personer.models import Bosettingssak

    Bosettingssak.objects.filter(person=person).update(
        status=Bosettingssak.Status.BOSATT, kommune=kommune, bosettingsdato=timezone.localdate()
    )
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/rapporter/bosatte/?kategori=tull")
    assert _meldinger(svar) and person.etternavn in svar.content.decode()
    assert Innsynslogg.objects.filter(person=person, bruker=imdi_bruker).exists()


def test_personsok_og_mottakets_lister(client, imdi_bruker, lag_bruker, mottak):
    client.force_login(imdi_bruker)
    assert _meldinger(client.get("/personer/", {"q": "Hei\x00"})) == [
        "Søk: «Hei» kan ikke brukes. Skriv høyst 200 vanlige tegn."
    ]
    assert _meldinger(client.get("/personer/", {"q": "x" * 201}))
    assert _meldinger(client.get("/personer/", {"q": "Haddad", "side": "x"}))
    assert not _meldinger(client.get("/personer/", {"q": "Haddad", "side": "9" * 30}))  # the last page
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    for side in ("oppgaveliste", "beboere"):
        assert not _meldinger(client.get(f"/mottak/{mottak.pk}/{side}/", {"vis": "²"}))  # opens no row
        meldinger = _meldinger(client.get(f"/mottak/{mottak.pk}/{side}/", {"side": "0", "vis": "9" * 5000}))
        assert "Side: «0» er ikke et gyldig sidetall." in meldinger
        assert any(m.startswith("Vis: «99999") for m in meldinger)
    meldinger = _meldinger(
        client.get(f"/mottak/{mottak.pk}/beboere/", {"persontype": "tull", "med_sak": "\x00"})
    )
    assert meldinger[0] == "Persontype: «tull» er ikke et av valgene. Velg fra listen."
    assert meldinger[1].startswith("Med/uten bosettingssak: «")


def test_htmx_faar_delen_uten_melding_som_dukker_opp_senere(client, imdi_bruker, kommune):
    """A swapped part has no place for the message: it is not stored to pop up on a later page."""
    client.force_login(imdi_bruker)
    svar = client.get(f"/kommuner/{kommune.pk}/oversikt/?aar=0", headers={"HX-Request": "true"})
    assert svar.status_code == 200 and f"Vedtak og bosetting i {AAR}" in svar.content.decode()
    assert not _meldinger(client.get(f"/kommuner/{kommune.pk}/oversikt/"))


def test_leseren_gir_standardverdien_og_en_melding_per_parameter():
    request = RequestFactory().get("/", {"aar": "tull", "fra": "31.12.9999", "side": "2", "q": "Kari"})
    p = parametere(request)
    assert parametere(request) is p and isinstance(p, Parametere)
    assert p.aar(standard=AAR) == AAR and p.aar(standard=AAR) == AAR
    assert p.dato("fra") is None and p.dato("til") is None
    assert p.side() == 2 and p.tekst("q") == "Kari" and p.heltall("vis") is None
    assert set(p.feil) == {"aar", "fra"}
    assert not Parametere(RequestFactory().get("/", {"aar": str(AAR), "vis": "12"})).feil


@pytest.mark.parametrize(
    ("bruker", "adresse"),
    [
        ("kartlegger", "/kompetanse/oppgaveliste/?q=" + "x" * 100_000),
        ("imdi", "/admin/fordeling/fordelingsliste/add/?kommune=abc"),
        ("admin", "/brukeradministrasjon/?organisasjon=" + "9" * 5000),
    ],
)
def test_sider_som_leser_selv(client, imdi_bruker, lag_bruker, mottak, bruker, adresse):
    """Pages that read their GET themselves (the 100 kB search once hit SQLite's LIKE limit; text for the
    kommune id once reached the database)."""
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
