"""The kommune's pages for anmodning og vedtak: roles, the wizard without a browser, reports."""

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from imdinett.organisasjoner.roller import Rolle
from kommune import services
from kommune.models import Anmodning, Vedtak

from .conftest import AAR

pytestmark = pytest.mark.django_db


def url(a, rest=""):
    return f"/kommuner/{a.kommune_id}/anmodninger/{a.pk}/{rest}"


def test_roller_og_annen_kommune(client, lag_bruker, kommune, annen_kommune, anmodning):
    les = lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES)
    client.force_login(les)
    side = client.get(url(anmodning)).content.decode()
    assert "Registrer vedtak" not in side and "Endre svarfrist" not in side
    assert client.get(url(anmodning, "vedtak/")).status_code == 404
    assert client.get(f"/kommuner/{kommune.pk}/oversikt/").status_code == 200
    client.force_login(lag_bruker(annen_kommune, Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV))
    for adresse in (
        url(anmodning),
        url(anmodning, "vedtak/"),
        f"/kommuner/{kommune.pk}/oversikt/",
        f"/kommuner/{kommune.pk}/anmodninger/",
        f"/kommuner/{kommune.pk}/rapporter/anmodninger-og-vedtak/",
    ):
        assert client.get(adresse).status_code == 404, adresse
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    assert client.get(url(anmodning)).status_code == 404  # Bosetter roles do not answer anmodninger


def test_utkast_er_usynlig_for_kommunen(client, lag_bruker, kommune, imdi_bruker):
    utkast = services.anmodning_opprett(
        kommuner=[kommune], aar=[AAR], tall={"voksne": 1}, svarfrist=timezone.localdate(), av=imdi_bruker
    )[0]
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV))
    assert client.get(url(utkast)).status_code == 404


def test_veiviseren_uten_nettleser(client, lag_bruker, kommune, anmodning):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV))
    assert "Velg år" in client.get(url(anmodning, "vedtak/")).content.decode()
    data = {"aar": AAR, "antall_voksne": 12, "antall_em_15_18": 5, "antall_em_under_15": 2}
    svar = client.post(url(anmodning, "vedtak/"), {**data, "steg": "oppsummering"})
    html = svar.content.decode()
    assert svar.status_code == 400 and "Begrunn avviket" in html and 'value="12"' in html
    data["begrunnelse_voksne"] = "Mangler boliger"
    html = client.post(url(anmodning, "vedtak/"), {**data, "steg": "oppsummering"}).content.decode()
    assert "Godkjenn" in html and "Mangler boliger" in html and not Vedtak.objects.exists()
    totalt = re.search(r'<tr class="totalt">(.*?)</tr>', html, re.S)[
        1
    ]  # #19 no. 9: 20/5/2 asked, 12/5/2 decided
    assert re.findall(r">(-?\d+|–)<", totalt) == ["27", "0", "19", "-8"]
    assert (
        "Send svar" in client.post(url(anmodning, "vedtak/"), {**data, "steg": "godkjenn"}).content.decode()
    )
    svar = client.post(url(anmodning, "vedtak/"), {**data, "steg": "send"})
    assert svar.status_code == 302 and Vedtak.objects.get().tall.get(kategori="voksne").antall == 12
    anmodning.refresh_from_db()
    assert anmodning.status == Anmodning.Status.SVART
    svar = client.post(url(anmodning, "vedtak/"), {**data, "steg": "send"}, follow=True)  # a double submit
    assert Vedtak.objects.count() == 1 and "Vedtaket er allerede sendt" in svar.content.decode()


def test_rapporter_som_side_csv_og_excel(client, lag_bruker, kommune, anmodning, imdi_bruker):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    side = f"/kommuner/{kommune.pk}/rapporter/anmodninger-og-vedtak/?aar={AAR}"
    assert "Enslige voksne/familier" in client.get(side).content.decode()
    tekst = b"".join(client.get(side + "&format=csv").streaming_content).decode("utf-8-sig")
    rader = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert {(r["Kategori"], r["Anmodet"], r["Vedtatt"]) for r in rader} == {
        ("Enslige voksne/familier", "20", "0"),
        ("Enslige mindreårige 15–18 år", "5", "0"),
        ("Enslige mindreårige under 15 år", "2", "0"),
    }
    bok = load_workbook(io.BytesIO(client.get(side + "&format=xlsx").content))
    verdier = list(bok.active.iter_rows(values_only=True))
    assert verdier[0] == ("Kommunenummer", "Kommune", "Kategori", "Anmodet", "Vedtatt") and len(verdier) == 4
    assert client.get(f"/kommuner/rapporter/anmodninger-og-vedtak/?aar={AAR}").status_code == 404
    client.force_login(imdi_bruker)
    assert "Sortland" in client.get(f"/kommuner/rapporter/anmodninger-og-vedtak/?aar={AAR}").content.decode()


def test_kommunemenyen_gaar_til_oversikt_bosetting(client, lag_bruker, kommune, mottak):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    assert client.get("/kommuner/")["Location"] == f"/kommuner/{kommune.pk}/oversikt/"
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    assert client.get("/kommuner/")["Location"] == "/kommuner/sok/"


def test_anmodningsbrevet_lastes_ned_av_kommunen(client, lag_bruker, kommune, annen_kommune, anmodning):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    assert "Last ned anmodningsbrevet" in client.get(url(anmodning)).content.decode()
    svar = client.get(f"/dokumenter/{anmodning.brev_id}/")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    client.force_login(lag_bruker(annen_kommune, Rolle.KOMMUNE_ANMODER_LES))
    assert client.get(f"/dokumenter/{anmodning.brev_id}/").status_code == 404


def test_tallene_er_last_i_admin_etter_sending(client, imdi_bruker, anmodning):
    client.force_login(imdi_bruker)
    html = client.get(f"/admin/kommune/anmodning/{anmodning.pk}/change/").content.decode()
    assert 'name="tall-0-antall"' not in html and 'name="svarfrist"' not in html


def test_kontaktinformasjon_redigeres_av_kommuneadministrator(
    client, lag_bruker, kommune, annen_kommune, mottak
):
    from imdinett.organisasjoner.models import Postnummer

    Postnummer.objects.create(nummer="8400", poststed="Sortland", kommunenummer="1870")
    data = {
        "flyktningkontor_avdeling": "Flyktningtjenesten",
        "flyktningkontor_adresse": "Vesterålsgata 1",
        "flyktningkontor_postnummer": "8401",
        "flyktningkontor_navn": "Kari Nordmann",
        "flyktningkontor_telefon": "76109000",
        "flyktningkontor_epost": "kari@example.org",
    }
    admin = lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR)
    client.force_login(admin)
    svar = client.post(f"/kommuner/{kommune.pk}/", data)
    html = svar.content.decode()
    assert svar.status_code == 400 and "Ukjent postnummer" in html and 'value="Vesterålsgata 1"' in html
    assert (
        client.post(f"/kommuner/{kommune.pk}/", {**data, "flyktningkontor_postnummer": "8400"}).status_code
        == 302
    )
    html = client.get(f"/kommuner/{kommune.pk}/").content.decode()
    assert "8400 Sortland" in html and "Kari Nordmann" in html and "av Test" in html
    for bruker in (
        lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV),
        lag_bruker(annen_kommune, Rolle.KOMMUNEADMINISTRATOR),
    ):
        client.force_login(bruker)
        assert client.post(f"/kommuner/{kommune.pk}/", data).status_code == 404
        assert "Rediger" not in client.get(f"/kommuner/{kommune.pk}/").content.decode()
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    assert "Kari Nordmann" in client.get(f"/kommuner/{kommune.pk}/").content.decode()  # shown to mottak
