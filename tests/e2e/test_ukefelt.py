"""The week field in a real browser, on the kommune's «Antall plasser» innmelding: what is typed shows its
week and dates as it is typed (Chromium), and the same form works without JavaScript, the server showing
the week and its dates; either way the innmelding is stored for the week typed and listed as «uke … …»."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from imdinett.organisasjoner.roller import Rolle
from imdinett.uker import mandag, uke_med_datoer, uke_tekst
from innmelding.models import Innmelding

from ..factories import TESTPASSORD
from .conftest import SKJERMBILDER, sjekk_side

pytestmark = pytest.mark.e2e

LEDETEKST = "Klar for bosetting (uke)"


def om_uker(n: int) -> date:
    return mandag(timezone.localdate()) + timedelta(weeks=n)


@pytest.fixture
def skjema_url(live_server, kommune, lag_bruker):
    """Log a page in as the kommune's bosetter: open(page) goes to «Antall plasser»."""
    bosetter = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)

    def open_(page):
        page.goto(f"{live_server.url}{reverse('login')}")
        page.get_by_label("Brukernavn").fill(bosetter.username)
        page.get_by_label("Passord").fill(TESTPASSORD)
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_role("heading", name="Arbeidsflate", exact=True)).to_be_visible()
        page.goto(f"{live_server.url}{reverse('innmelding:antall_plasser', args=[kommune.pk])}")
        expect(page.get_by_role("heading", name="Antall plasser")).to_be_visible()
        return page

    return open_


def datoene(page):
    """The line under the week field, the week and its dates, found as the field's description."""
    return page.locator(f"#{page.get_by_label(LEDETEKST).get_attribute('data-uke')}")


def send(page, antall: str):
    page.get_by_label("Maks antall personer").fill(antall)
    page.get_by_role("button", name="Send").click()


def test_uka_og_datoene_vises_mens_man_skriver(skjema_url, page):
    page = skjema_url(page)
    felt = page.get_by_label(LEDETEKST)
    neste = om_uker(1)
    expect(page.get_by_text(f"f.eks. «{neste.isocalendar()[1]}» eller «{uke_tekst(neste)}»")).to_be_visible()
    expect(felt).to_have_attribute("type", "text")

    senere = om_uker(30)  # most of a year ahead: often a lower number than this week's, so next year's
    aar, nr, _ = senere.isocalendar()
    felt.press_sequentially(str(nr), delay=50)
    expect(datoene(page)).to_have_text(uke_med_datoer(senere))
    sjekk_side(page, "ukefelt-datoer")
    for skrevet, uka in [
        (f"uke {nr}", senere),
        (f"{nr}/{aar}", senere),
        (f"uke {nr} {aar}", senere),
        (f"{aar}-W{nr:02d}", senere),
        (str(om_uker(0).isocalendar()[1]), om_uker(0)),  # this week's number: this week
    ]:
        felt.fill(skrevet)
        expect(datoene(page)).to_have_text(uke_med_datoer(uka))
    felt.fill("uke femti")
    expect(datoene(page)).to_have_text("")

    felt.fill(f"uke {nr} {aar}")
    send(page, "")  # the number of places missing: the week is kept, as the week it is
    expect(page.locator("#antall-feil")).to_contain_text("Skriv maks antall personer.")
    expect(felt).to_have_value(uke_tekst(senere))
    expect(datoene(page)).to_have_text(uke_med_datoer(senere))
    sjekk_side(page, "ukefelt-feil")
    send(page, "6")
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")
    expect(page.locator("#innmeldinger")).to_contain_text(uke_tekst(senere))
    assert Innmelding.objects.get().forventet_uke == senere


def test_uten_javascript_sendes_uka_slik_den_er_skrevet(skjema_url, browser, browser_context_args):
    kontekst = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = skjema_url(kontekst.new_page())
    uka = om_uker(3)
    aar, nr, _ = uka.isocalendar()
    felt = page.get_by_label(LEDETEKST)
    felt.fill(str(nr))
    expect(datoene(page)).to_have_text("")  # nothing follows the typing without the script
    send(page, "")
    expect(felt).to_have_value(uke_tekst(uka))  # the server read «nr» as the next such week
    expect(datoene(page)).to_have_text(uke_med_datoer(uka))
    # axe-core needs JavaScript (evaluate never returns here); this page is checked with it above
    page.screenshot(path=SKJERMBILDER / "ukefelt-uten-javascript.png", full_page=True)
    felt.fill(f"{nr}/{aar}")
    send(page, "4")
    expect(page.locator("#innmeldinger")).to_contain_text(uke_tekst(uka))
    assert Innmelding.objects.get().forventet_uke == uka
    kontekst.close()
