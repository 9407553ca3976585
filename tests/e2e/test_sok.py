"""Searching in a browser: kommuner and bydeler (everyone), persons (only those the role reaches)."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.personer.models import Bosettingssak

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_kommunesok_viser_kontaktinformasjon(logg_inn, live_server, demo):
    page = logg_inn("mottak")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    page.get_by_label(re.compile("Søk etter kommune")).fill("Sortland")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#kommuner tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Sortland").click()
    expect(page.get_by_role("heading", name="Sortland kommune")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Flyktningtjenesten")
    sjekk_side(page, "mottak-kommune-sortland")
    page.go_back()  # the browser's back button returns to the search as it was
    expect(page.locator("#kommuner tbody tr")).to_have_count(1)
    page.get_by_label(re.compile("Søk etter kommune")).fill("Oslo")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#kommuner")).to_contain_text("Gamle Oslo")  # bydeler are found too


def test_kommunen_finner_personer_sokt_ut_dit_og_ingen_andre(logg_inn, live_server, demo):
    sak = (
        Bosettingssak.objects.filter(status="sokt_ut", kommune__nummer="1870")
        .select_related("person")
        .first()
    )
    annen = (
        Bosettingssak.objects.filter(status="sokt_ut", kommune__nummer="5501")
        .select_related("person")
        .first()
    )
    page = logg_inn("kommune")
    page.get_by_role("link", name="Personer", exact=True).click()
    sok = page.get_by_label(re.compile("Søk på navn"))
    sok.fill(sak.person.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#treff")).to_contain_text("Antall personer: 1")
    page.get_by_role("link", name=sak.person.duf_formatert).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grunndata")
    expect(page.get_by_role("main")).to_contain_text(sak.person.navn)
    expect(page.get_by_role("main")).to_contain_text("Søkt ut: Sortland")
    sjekk_side(page, "kommune-person-grunndata")
    page.get_by_role("button", name="Legg til i personliste").click()
    expect(page.get_by_role("status").first).to_contain_text("lagt til i personlisten")
    page.get_by_role("link", name="Arbeidsflate", exact=True).click()
    panel = page.get_by_role("region", name="Personliste")
    expect(panel).to_contain_text(sak.person.etternavn)
    sjekk_side(page, "kommune-arbeidsflate-personliste")
    panel.get_by_role("button", name=re.compile("Fjern")).click()
    expect(page.get_by_role("region", name="Personliste")).to_contain_text("Personlisten er tom")
    page.goto(f"{live_server.url}/personer/?q={sak.person.duf_nummer}")

    # Tromsø's person: by name nothing; by exact DUF basic data only, with no link to the folder.
    page.goto(f"{live_server.url}/personer/?q={annen.person.etternavn}")
    expect(page.locator("#treff")).not_to_contain_text(annen.person.duf_formatert)
    page.goto(f"{live_server.url}/personer/?q={annen.person.duf_nummer}")
    expect(page.locator("#treff")).to_contain_text("ser bare grunndata")
    expect(page.locator("#treff").get_by_role("link")).to_have_count(0)
    sjekk_side(page, "kommune-personsok-duf-grunndata")
    svar = page.goto(f"{live_server.url}/personer/{annen.person.pk}/")
    assert svar.status == 404


def test_imdi_blar_i_et_stort_sok(logg_inn, live_server, demo):
    """A search with many hits: 50 a page, «Neste» and the page numbers keep the search (htmx swaps the
    hits and updates the address; the links work without it)."""
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/personer/?q=a")
    treff = page.locator("#treff")
    expect(treff).to_contain_text(re.compile(r"Viser 1–50 av [\d\s\u00a0]+ treff"))
    expect(treff.locator("tbody tr")).to_have_count(50)
    forste = treff.locator("tbody tr").first.inner_text()
    sider = page.get_by_role("navigation", name="Sider i søkeresultatet")
    expect(sider.get_by_role("link", name="Side 1")).to_have_attribute("aria-current", "true")
    sider.get_by_role("link", name="Neste").click()
    expect(treff).to_contain_text(re.compile(r"Viser 51–\d+ av"))
    expect(page).to_have_url(re.compile(r"q=a&side=2"))
    assert treff.locator("tbody tr").first.inner_text() != forste
    expect(page.get_by_label(re.compile("Søk på navn"))).to_have_value("a")
    sjekk_side(page, "imdi-personsok-side-2")
    page.go_back()
    expect(treff).to_contain_text("Viser 1–50 av")
