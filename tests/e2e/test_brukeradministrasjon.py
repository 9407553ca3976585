"""Brukeradministrasjon in a browser: mottakadmin creates a user, a mistake is shown next to the
field with what was typed kept, and the new user logs in with the role given."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_mottaksadministrator_oppretter_bruker_som_kan_logge_inn(logg_inn, live_server, demo):
    page = logg_inn("mottakadmin")
    page.get_by_role("link", name="Brukeradministrasjon").click()
    expect(page.get_by_role("cell", name="kompass", exact=True)).to_be_visible()
    page.get_by_role("link", name="Opprett bruker").click()
    expect(page.get_by_role("heading", name="Opprett bruker i Hå asylmottak")).to_be_visible()
    expect(page.get_by_label("Kommune_Bosetter_Skriv")).to_have_count(0)  # only the mottak's own roles

    page.get_by_label("Brukernavn").fill("ny.mottak")
    page.get_by_label("Fornavn").fill("Nils")
    page.get_by_label("Etternavn").fill("Nyansatt")
    page.get_by_label("E-postadresse").fill("ikke-en-adresse")
    page.get_by_label("Startpassord").fill("Et-langt-passord-2026")
    page.get_by_label("MottakBosettingsansvarlig", exact=True).check()
    page.get_by_role("button", name="Opprett").click()

    feltet = page.get_by_label("E-postadresse")
    expect(feltet).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-feil")).to_have_text("Skriv en gyldig e-postadresse.")
    expect(page.get_by_label("Brukernavn")).to_have_value("ny.mottak")
    expect(page.get_by_label("MottakBosettingsansvarlig", exact=True)).to_be_checked()
    sjekk_side(page, "mottakadmin-opprett-bruker-feil")

    feltet.fill("nils@example.org")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_role("status")).to_contain_text("Brukeren ny.mottak er opprettet.")
    expect(page.get_by_label("MottakBosettingsansvarlig", exact=True)).to_be_checked()
    sjekk_side(page, "mottakadmin-bruker")

    page.get_by_role("button", name="Logg ut").click()
    page.get_by_label("Brukernavn").fill("ny.mottak")
    page.get_by_label("Passord").fill("Et-langt-passord-2026")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator(".din-bruker")).to_contain_text("Nils Nyansatt")
    expect(page.get_by_role("navigation", name="Hovedmeny").get_by_role("link")).to_have_text(
        ["Arbeidsflate", "Mottak", "Kommuner"]
    )


def test_varsler_filtreres_og_merkes_som_lest(logg_inn, live_server, demo):
    page = logg_inn("mottak")
    page.get_by_role("link", name=re.compile("^Varsler")).click()
    expect(page.locator("#varsler tbody tr").first).to_be_visible()
    page.get_by_role("button", name="Merk alle som lest").click()
    expect(page.locator(".teller")).to_have_count(0)
    page.get_by_label("Vis bare uleste varsler").check()  # htmx swaps the list in place
    expect(page.locator("#varsler")).to_contain_text("Du har ingen uleste varsler.")
    expect(page).to_have_url(re.compile(r"uleste=1"))
    sjekk_side(page, "mottak-varsler-uleste")
