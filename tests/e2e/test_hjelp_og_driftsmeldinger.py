"""Hjelp and the arbeidsflate (#19, no. 7): IMDi writes a driftsmelding in the admin, the mottak and the kommune
see it on their arbeidsflate, only the mottak sees the bosettingsmerknad warning, and Hjelp gives IMDi's
contacts and the user guides. Every page checked by axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e

MELDING = "IMDinett er utilgjengelig lørdag kl. 08.00–10.00 på grunn av vedlikehold."
ADVARSEL = "personsensitiv informasjon ikke må legges inn"


def test_driftsmelding_fra_admin_paa_arbeidsflaten_og_hjelp(logg_inn, demo, live_server):
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/hendelser/driftsmelding/add/")
    page.get_by_label("Tekst").fill(MELDING)
    page.get_by_label("Alvorlighet").select_option(label="Advarsel")
    page.get_by_label("Gyldig til").fill(
        (timezone.localdate() + timedelta(days=2)).strftime("%d.%m.%Y 12:00")
    )
    sjekk_side(page, "admin-driftsmelding-ny")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text(MELDING[:40])
    sjekk_side(page, "admin-driftsmeldinger")

    page = logg_inn("mottak")
    melding = page.locator(".driftsmeldinger")
    expect(melding).to_contain_text(MELDING)
    expect(page.locator("#panel-informasjon")).to_contain_text(ADVARSEL)
    sjekk_side(page, "mottak-arbeidsflate-driftsmelding")

    page = logg_inn("kommune")
    expect(page.locator(".driftsmeldinger")).to_contain_text(MELDING)
    expect(page.locator("#panel-informasjon")).not_to_contain_text(ADVARSEL)
    sjekk_side(page, "kommune-arbeidsflate-driftsmelding")

    page.get_by_role("link", name="Hjelp i IMDinett").click()
    expect(page.get_by_role("heading", name="Hjelp i IMDinett")).to_be_visible()
    expect(page.get_by_role("link", name="mottak@imdi.no")).to_have_attribute("href", "mailto:mottak@imdi.no")
    expect(page.get_by_role("link", name="bosettingem@imdi.no")).to_be_visible()
    expect(page.get_by_role("link", name="40 00 19 60")).to_be_visible()
    expect(
        page.get_by_role("link", name="Brukerveiledninger for IMDinett Mottak og IMDinett Bosetting")
    ).to_have_attribute("href", "https://www.imdi.no/nir-og-bosetting/bosetting/")
    expect(page.get_by_text(MELDING)).to_be_visible()
    sjekk_side(page, "hjelp")
