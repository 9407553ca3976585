"""Arbeidsflate (issue #7): a kommune user rearranges the dashboard with the keyboard and by drag
and drop; the order is kept after logging in again, and both modes pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def overskrifter(page):
    return page.locator(".paneler > section h2")


def test_tastatur_flytt_fjern_og_behold_etter_ny_innlogging(logg_inn, demo):
    page = logg_inn("kommune")
    expect(overskrifter(page)).to_have_text(
        ["Personsøk", "Varsler", "Personliste", "Informasjon", "Snarveier"]
    )
    expect(page.get_by_label("Søk på navn, DUF-nummer, fødselsnummer eller Reg-nummer")).to_be_visible()
    snarveier = page.locator("#panel-snarveier")
    for navn in ("Oversikt bosetting", "Anmodninger", "Fordelinger", "Opprett ny bruker"):
        expect(snarveier.get_by_role("link", name=navn, exact=True)).to_be_visible()
    sjekk_side(page, "kommune-arbeidsflate-vis")

    page.get_by_role("link", name="Rediger arbeidsflaten").click()
    expect(page).to_have_url(re.compile(r"rediger=1"))
    expect(page.get_by_role("heading", name="Legg til panel")).to_be_visible()
    sjekk_side(page, "kommune-arbeidsflate-rediger")

    # Keyboard only: focus «Flytt opp» on Personliste and press Enter; focus stays on that button.
    flytt_opp = page.get_by_role("button", name="Flytt opp Personliste")
    flytt_opp.focus()
    page.keyboard.press("Enter")
    expect(overskrifter(page)).to_have_text(
        ["Personsøk", "Personliste", "Varsler", "Informasjon", "Snarveier"]
    )
    expect(page.get_by_role("button", name="Flytt opp Personliste")).to_be_focused()

    page.get_by_role("button", name="Fjern Varsler").focus()
    page.keyboard.press("Enter")
    expect(overskrifter(page)).to_have_text(["Personsøk", "Personliste", "Informasjon", "Snarveier"])
    # the removed panel waits under «Legg til panel», with the focus, so it can be put back at once
    expect(page.get_by_role("button", name="Legg til Varsler")).to_be_focused()
    sjekk_side(page, "kommune-arbeidsflate-rediger-endret")

    page.get_by_role("link", name="Ferdig").click()
    expect(page.get_by_role("link", name="Rediger arbeidsflaten")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Flytt"))).to_have_count(0)

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/"))
    page = logg_inn("kommune")
    expect(overskrifter(page)).to_have_text(["Personsøk", "Personliste", "Informasjon", "Snarveier"])
    sjekk_side(page, "kommune-arbeidsflate-etter-innlogging")


def test_dra_og_slipp_lagrer_rekkefolgen(logg_inn, live_server, demo):
    from imdinett.organisasjoner.models import Bruker

    page = logg_inn("kommune")
    # Tall enough for the whole dashboard: a drag that must scroll the page meanwhile is the
    # browser's business (it autoscrolls for a person), not something Playwright's mouse does.
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{live_server.url}/?rediger=1")
    expect(overskrifter(page)).to_have_text(
        ["Personsøk", "Varsler", "Personliste", "Informasjon", "Snarveier"]
    )

    # Snarveier up onto Personsøk: it lands before it.
    page.locator("#snarveier-tittel").drag_to(page.locator("#personsok-tittel"))
    expect(page.get_by_role("status")).to_contain_text("Snarveier er flyttet til plass 1 av 5")
    ny = ["Snarveier", "Personsøk", "Varsler", "Personliste", "Informasjon"]
    expect(overskrifter(page)).to_have_text(ny)
    # the buttons follow: the new first panel cannot move up, the old first can
    expect(page.get_by_role("button", name="Flytt opp Snarveier")).to_be_hidden()
    expect(page.get_by_role("button", name="Flytt opp Personsøk")).to_be_visible()
    sjekk_side(page, "kommune-arbeidsflate-dratt")

    # Varsler down onto Informasjon: it lands after it.
    page.locator("#varsler-tittel").drag_to(page.locator("#informasjon-tittel"))
    ny = ["Snarveier", "Personsøk", "Personliste", "Informasjon", "Varsler"]
    expect(overskrifter(page)).to_have_text(ny)
    expect(page.get_by_role("button", name="Flytt ned Varsler")).to_be_hidden()

    page.reload()
    expect(overskrifter(page)).to_have_text(ny)
    assert Bruker.objects.get(username="kommune").arbeidsflate == [
        "snarveier",
        "personsok",
        "personliste",
        "informasjon",
        "varsler",
    ]
