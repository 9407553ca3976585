"""IMDi's admin as IMDi and Bufetat use it, each through its single-role demo user: every list the admin's
index offers, the first object of each, every «Legg til» page, a search and a filter on the big lists — each
page checked by axe-core (#19: «0 violations»). Also: IMDi sees what it confirms on an anmodning (no. 1),
adds a settlement case from Bosettingssaker (no. 16), and the mottak's Oppgaveliste fits 1366 px (no. 16)."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Mottak
from imdinett.personer.models import Bosettingssak, Person
from kommune.models import Anmodning

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e

STORE_LISTER = {  # list → (a search, a filter) as IMDi would use them
    "/admin/personer/person/": ("?q=Amiri", "?persontype__exact=enslig_voksen"),
    "/admin/personer/bosettingssak/": ("?q=Amiri", "?status__exact=ny"),
    "/admin/innmelding/innmelding/": ("?q=Sortland", "?status__exact=sendt"),
    "/admin/fordeling/tilbakemelding/": ("?q=Hå", "?behandlet__isempty=1"),
}


def _navn(sti: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", sti.removeprefix("/admin/").lower()).strip("-")


def _lenker(page, velger: str) -> list[str]:
    return page.locator(velger).evaluate_all("(lenker) => lenker.map((a) => a.getAttribute('href'))")


def _gaa_gjennom_admin(page, live_server, bruker: str) -> set[str]:
    """Visit and check every admin page the user's index leads to; the paths visited."""
    page.goto(f"{live_server.url}/admin/")
    sjekk_side(page, f"admin-{bruker}-forside")
    lister = _lenker(page, "#content-main th[scope=row] a")
    legg_til = _lenker(page, "#content-main a.addlink")
    assert lister, f"{bruker}: ingen lister i admin"
    besokt = set()
    for liste in lister:
        page.goto(f"{live_server.url}{liste}")
        expect(page.locator("#content h1")).to_be_visible()
        sjekk_side(page, f"admin-{bruker}-{_navn(liste)}")
        besokt.add(liste)
        forste = page.locator("#result_list tbody tr").first.locator("th a, td a").first
        if forste.count():
            forste.click()
            page.wait_for_load_state()
            sjekk_side(page, f"admin-{bruker}-{_navn(liste)}-endre")
        for tillegg in STORE_LISTER.get(liste, ()):
            page.goto(f"{live_server.url}{liste}{tillegg}")
            expect(page.locator("#content h1")).to_be_visible()
            sjekk_side(page, f"admin-{bruker}-{_navn(liste)}-{_navn(tillegg)}")
    for ny in legg_til:
        page.goto(f"{live_server.url}{ny}")
        expect(page.locator("#content h1")).to_be_visible()
        sjekk_side(page, f"admin-{bruker}-{_navn(ny)}")
    return besokt


def test_imdis_admin_uten_brudd_paa_universell_utforming(logg_inn, live_server, demo):
    page = logg_inn("imdi_saksbehandler")
    besokt = _gaa_gjennom_admin(page, live_server, "imdi")
    assert set(STORE_LISTER) <= besokt
    assert "/admin/kommune/anmodning/" in besokt


def test_bufetats_admin_uten_brudd_paa_universell_utforming(logg_inn, live_server, demo):
    page = logg_inn("bufetat_saksbehandler")
    assert _gaa_gjennom_admin(page, live_server, "bufetat") == {"/admin/innmelding/innmelding/"}


def test_imdi_ser_tallene_den_bekrefter_paa_anmodningen(logg_inn, live_server, demo):
    """The role (not a superuser) sees the anmodet numbers, the kommune's vedtak and svarfrist changes."""
    anmodning = Anmodning.objects.filter(vedtak__isnull=False).select_related("kommune").first()
    vedtak = anmodning.vedtak.first()
    page = logg_inn("imdi_saksbehandler")
    page.goto(f"{live_server.url}/admin/kommune/anmodning/{anmodning.pk}/change/")
    anmodet = page.locator("#tall-group")
    expect(anmodet.get_by_role("heading", name="Antall i anmodning")).to_be_visible()
    for rad in anmodning.tall.all():
        expect(anmodet).to_contain_text(f"{rad.get_kategori_display()}: {rad.antall}")
    vedtatt = page.locator("#vedtak-group")
    for rad in vedtak.tall.all():
        expect(vedtatt).to_contain_text(f"{rad.get_kategori_display()}: {rad.antall}")
    expect(page.locator("#svarfristendringer-group")).to_be_visible()
    sjekk_side(page, "admin-anmodning-med-vedtak")


def test_imdi_legger_til_bosettingssak(logg_inn, live_server, demo):
    person = Person.objects.filter(bosettingssak__isnull=True, mottak__isnull=False).first()
    page = logg_inn("imdi_saksbehandler")
    page.goto(f"{live_server.url}/admin/personer/bosettingssak/")
    page.get_by_role("link", name="Legg til ny bosettingssak").click()
    page.get_by_role("button", name="Opprett bosettingssak").click()
    expect(page.get_by_text("Velg personen som skal ha bosettingssak.")).to_be_visible()
    sjekk_side(page, "admin-bosettingssak-ny-feil")
    page.get_by_role("combobox", name="Person").click()
    page.locator(".select2-search__field").fill(person.duf_nummer)
    page.get_by_role("option", name=str(person)).click()
    page.get_by_label("Også husstandens øvrige personer").uncheck()
    page.get_by_role("button", name="Opprett bosettingssak").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Bosettingssak opprettet for {person}.")
    assert Bosettingssak.objects.filter(person=person).exists()
    sjekk_side(page, "admin-bosettingssak-opprettet")


def test_oppgavelisten_ruller_ikke_sidelengs_paa_1366_px(logg_inn, live_server, demo):
    page = logg_inn("mottakbosettingsansvarlig")
    page.set_viewport_size({"width": 1366, "height": 768})
    mottak = Mottak.objects.get(navn="Hå asylmottak")
    page.goto(f"{live_server.url}/mottak/{mottak.pk}/oppgaveliste/")
    expect(page.locator("h1")).to_be_visible()
    for boks in ("document.documentElement", "document.querySelector('.tabellrulle')"):  # the page, the table
        bredde, synlig = page.evaluate(f"[{boks}.scrollWidth, {boks}.clientWidth]")
        assert bredde <= synlig, f"{boks}: {bredde} px innhold på {synlig} px"
    sjekk_side(page, "mottak-oppgaveliste-1366")
