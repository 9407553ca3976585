"""Forslag til fordeling end to end on the demo data: IMDi opens the suggestions from the list of
fordelingslister, computes them for all fordelingsklare households and kommuner with free places, keeps one
kommune's part only, turns it into a draft list, and sends that list through the normal flow."""

import re

import pytest
from playwright.sync_api import expect

from fordeling.forslag.beregning import forslag_kjor
from fordeling.models import Fordelingsliste, Forslagsberegning
from imdinett.personer.models import Bosettingssak

from .conftest import send_til_kommunen, sjekk_side

pytestmark = pytest.mark.e2e
Saksstatus = Bosettingssak.Status


def test_forslag_til_fordeling_blir_utkast_og_sendes(logg_inn, live_server, demo):
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/fordeling/fordelingsliste/")
    page.get_by_role("link", name="Forslag til fordeling").click()
    expect(page.get_by_role("heading", name="Forslag til fordeling")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(re.compile(r"Forslaget tar med alle \d+ fordelingsklare husstander"))
    expect(main.get_by_role("row").filter(has_text="Sortland (1870)")).to_have_count(1)
    sjekk_side(page, "imdi-forslag-utvalg")

    page.get_by_role("button", name="Beregn forslag").click()
    expect(page.get_by_role("heading", name="Oppsummering")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Optimal løsning")
    sjekk_side(page, "imdi-forslag-resultat")
    # The first kommune in the suggestion (by name); the others are unticked.
    seksjoner = page.locator("section.forslag-kommune").filter(has=page.locator("input[name=kommune]"))
    expect(seksjoner.first).to_contain_text("Jevn fordeling:")
    expect(seksjoner.first).to_contain_text("Prioritet:")
    valgt = seksjoner.first
    tittel = valgt.get_by_role("heading").first.inner_text()
    kommunenavn, kommunenummer = re.match(r"^(.+) \((\d{4})\):", tittel).groups()
    reg_nr = [t.removeprefix("Reg-nr ") for t in valgt.locator("tbody tr td strong").all_inner_texts()]
    reg_nr = [t for t in reg_nr if t.isdigit()]
    assert reg_nr, "forslaget gir kommunen ingen husstander"
    for boks in page.locator("input[name=kommune]").all()[1:]:
        boks.uncheck()
    page.get_by_role("button", name="Lag utkast til fordelingslister").click()
    expect(page.get_by_text(re.compile(rf"Laget eller utvidet 1 utkast: .*{kommunenavn}"))).to_be_visible()
    expect(page.get_by_role("link", name=f"Utkastet for {kommunenavn} er laget")).to_be_visible()
    sjekk_side(page, "imdi-forslag-utkast-laget")
    liste = Fordelingsliste.objects.get(status=Fordelingsliste.Status.UTKAST)
    assert liste.kommune.nummer == kommunenummer
    assert sorted(set(liste.linjer.values_list("person__husstand__reg_nr", flat=True))) == sorted(reg_nr)

    # The normal flow: open the draft in the builder and send it.
    page.get_by_role("link", name=liste.navn).first.click()
    overskrift = f"Fordeling til {kommunenavn} ({kommunenummer}) – utkast «{liste.navn}»"
    expect(page.get_by_role("heading", name=overskrift)).to_be_visible()
    send_til_kommunen(page, "Forslag til fordeling")
    expect(page.get_by_text(f"Fordelingslisten «{liste.navn}» er sendt til {kommunenavn}.")).to_be_visible()
    liste.refresh_from_db()
    assert liste.status == Fordelingsliste.Status.SENDT
    saker = Bosettingssak.objects.filter(person__fordelingslinjer__liste=liste)
    assert saker.exists() and {s.status for s in saker} == {Saksstatus.FORDELT}
    assert {s.kommune.nummer for s in saker} == {kommunenummer}


def test_siden_venter_paa_arbeideren_og_viser_forslaget_naar_det_er_klart(
    logg_inn, live_server, demo, megler
):
    """With a broker and no worker yet the page says the suggestion waits, and asks again by itself; when the
    worker has computed it, the page shows the result without the caseworker doing anything."""
    megler("memory://localhost/")  # queued, not run: the test plays the worker
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/fordeling/fordelingsliste/forslag/")
    page.get_by_label("Kommuner som ikke skal være med").fill("Atlantis")
    page.get_by_role("button", name="Beregn forslag").click()
    expect(
        page.get_by_text("Finner ingen kommune med vedtak som heter eller har nummer Atlantis.")
    ).to_be_visible()
    expect(page.get_by_label("Kommuner som ikke skal være med")).to_have_value("Atlantis")
    sjekk_side(page, "imdi-forslag-utvalg-feil")
    page.get_by_label("Kommuner som ikke skal være med").fill("")
    page.get_by_role("button", name="Beregn forslag").click()
    expect(page.get_by_role("status")).to_have_text("Forslaget venter på å bli beregnet.")
    sjekk_side(page, "imdi-forslag-venter")
    forslag_kjor(Forslagsberegning.objects.get().pk)
    expect(page.get_by_role("heading", name="Oppsummering")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("main")).to_contain_text("Optimal løsning")
