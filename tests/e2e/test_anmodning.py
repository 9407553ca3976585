"""Anmodning og vedtak end to end: IMDi sends in the admin, the kommune answers through the wizard,
IMDi confirms, the numbers show in Oversikt bosetting; readers read, other kommuner get 404."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Kommune
from kommune.models import Anmodning

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e
AAR = timezone.localdate().year + 1


def test_anmodning_fra_imdi_til_bekreftet_vedtak(logg_inn, live_server, demo):
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/kommune/anmodning/")
    page.get_by_role("link", name="Ny anmodning til flere kommuner").click()
    page.get_by_label("Kommuner").select_option(label="Sortland (1870)")
    page.get_by_label("Fra år").fill(str(AAR))
    page.get_by_label("Til år").fill(str(AAR))
    page.get_by_label("Svarfrist").fill((timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y"))
    page.get_by_label("Enslige voksne/familier").fill("20")
    page.get_by_label("Enslige mindreårige 15–18 år").fill("5")
    page.get_by_label("Enslige mindreårige under 15 år").fill("2")
    page.get_by_role("button", name="Opprett utkast").click()
    expect(page.get_by_text("1 anmodninger er opprettet som utkast")).to_be_visible()
    Kommune.objects.filter(nummer="1870").update(epost="")  # the postmottak's address is not registered
    page.goto(f"{live_server.url}/admin/kommune/anmodning/?status__exact=utkast")
    page.locator("input[name=_selected_action]").first.check()
    page.get_by_label("Handling").select_option(label="Send valgte anmodninger til kommunene")
    page.get_by_role("button", name="Gå", exact=True).click()
    expect(page.get_by_text("Sendt: 1.")).to_be_visible()
    expect(
        page.get_by_text("Anmodningsbrevet ble ikke sendt på e-post til Sortland, som ikke har")
    ).to_be_visible()
    anmodning = Anmodning.objects.filter(kommune__nummer="1870").latest("opprettet")
    page.goto(f"{live_server.url}/admin/kommune/anmodning/{anmodning.pk}/change/")
    expect(page.get_by_text("Ikke sendt: kommunen hadde ingen e-postadresse.")).to_be_visible()
    sjekk_side(page, "admin-anmodning-uten-epost")

    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    page.get_by_role("link", name="Anmodninger", exact=True).click()
    page.get_by_role("link", name=re.compile(rf"Anmodning Sortland {AAR} \({anmodning.pk}\)")).first.click()
    expect(page.get_by_role("main")).to_contain_text("Ikke svart")
    sjekk_side(page, "kommune-anmodning")
    page.get_by_role("link", name="Registrer vedtak").click()
    page.get_by_role("button", name="Neste").click()
    page.get_by_label("Enslige voksne/familier: Antall plasser").fill("12")
    page.get_by_label("Enslige mindreårige 15–18 år: Antall plasser").fill("5")
    page.get_by_label("Enslige mindreårige under 15 år: Antall plasser").fill("2")
    page.get_by_role("button", name="Neste").click()
    expect(page.locator("#begrunnelse_voksne-feil")).to_contain_text("Begrunn avviket")
    expect(page.get_by_label("Enslige voksne/familier: Antall plasser")).to_have_value("12")
    sjekk_side(page, "kommune-vedtak-feil")
    page.get_by_label("Enslige voksne/familier: Begrunnelse").fill("Kommunen mangler familieboliger")
    page.get_by_role("button", name="Neste").click()
    expect(page.get_by_role("main")).to_contain_text("Kommunen mangler familieboliger")
    expect(page.get_by_role("row", name=re.compile("^Totalt"))).to_contain_text("19")  # 12 + 5 + 2
    sjekk_side(page, "kommune-vedtak-oppsummering")
    page.get_by_role("button", name="Forrige").click()
    expect(page.get_by_label("Enslige voksne/familier: Antall plasser")).to_have_value("12")
    page.get_by_role("button", name="Neste").click()
    page.get_by_role("button", name="Godkjenn").click()
    sjekk_side(page, "kommune-vedtak-godkjenn")
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("status").first).to_contain_text("er godkjent og sendt til IMDi")
    expect(page.get_by_role("main")).to_contain_text("Svart")

    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/kommune/anmodning/")
    page.locator(f"input[name=_selected_action][value='{anmodning.pk}']").check()
    page.get_by_label("Handling").select_option(label="Bekreft kommunens vedtak")
    page.get_by_role("button", name="Gå", exact=True).click()
    expect(page.get_by_text("Bekreftet: 1.")).to_be_visible()

    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/kommuner/{anmodning.kommune_id}/anmodninger/{anmodning.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Bekreftet")
    page.get_by_role("link", name="Oversikt bosetting").click()
    page.get_by_label("År").select_option(str(AAR))
    rad = page.get_by_role("row", name="Enslige voksne/familier")
    expect(rad).to_contain_text("12")
    expect(page.get_by_role("row", name=re.compile("Totalt"))).to_contain_text("19")
    sjekk_side(page, "kommune-oversikt-bosetting")

    page = logg_inn("kommunelese")
    page.goto(f"{live_server.url}/kommuner/{anmodning.kommune_id}/anmodninger/{anmodning.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Bekreftet")
    expect(page.get_by_role("link", name="Registrer vedtak")).to_have_count(0)
    svar = page.goto(f"{live_server.url}/kommuner/{anmodning.kommune_id}/anmodninger/{anmodning.pk}/vedtak/")
    assert svar.status == 404

    page = logg_inn("tromso")
    svar = page.goto(f"{live_server.url}/kommuner/{anmodning.kommune_id}/anmodninger/{anmodning.pk}/")
    assert svar.status == 404


def test_kommunens_sider_er_tilgjengelige(logg_inn, live_server, demo):
    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Oversikt bosetting"))).to_be_visible()
    sjekk_side(page, "kommune-oversikt")
    for lenke, navn in [
        ("Anmodninger", "kommune-anmodninger"),
        ("Historikk", "kommune-historikk"),
        ("Anmodninger og vedtak", "kommune-rapport"),
        ("Kommunesøk", "kommune-kommunesok"),
    ]:
        page.get_by_role("navigation", name="Kommune").get_by_role("link", name=lenke, exact=True).click()
        sjekk_side(page, navn)


def test_kommunen_redigerer_kontaktinformasjon(logg_inn, live_server, demo):
    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    page.get_by_role("navigation", name="Kommune").get_by_role("link", name="Kontaktinformasjon").click()
    page.get_by_role("link", name=re.compile("Rediger")).click()
    page.get_by_label("Postnummer").fill("9999")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#flyktningkontor_postnummer-feil")).to_contain_text("Ukjent postnummer")
    sjekk_side(page, "kommune-kontaktinformasjon-feil")
    page.get_by_label("Postnummer").fill("8400")
    page.get_by_label("Telefon").fill("76 10 90 01")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("main")).to_contain_text("76 10 90 01")
    expect(page.get_by_role("main")).to_contain_text("8400 Sortland")
    sjekk_side(page, "kommune-kontaktinformasjon")
