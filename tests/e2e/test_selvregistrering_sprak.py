"""The self-registration in the resident's language (#19 no. 6), in a browser: the language is chosen on
the page (Arabic and Dari: right to left), the resident logs in and answers in Ukrainian, switches to English
half-way without losing what was typed, and gets the receipt in English; the kartlegger then reads the
same answers in bokmål. Every page passes axe-core (the `lang` values are valid BCP 47)."""

import pytest
from playwright.sync_api import expect

from imdinett.kompetanse import services
from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.kompetanse.selectors import kartleggingsoppgaver
from imdinett.organisasjoner.models import Bruker

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_beboeren_velger_spraak_paa_siden_og_kartleggeren_leser_svarene_paa_bokmaal(
    page, logg_inn, live_server, demo
):
    beboer = kartleggingsoppgaver(Bruker.objects.get(username="kartlegger")).filter(engangskode__isnull=True)[
        0
    ]
    kode = services.engangskode_generer(
        person=beboer, mottak=beboer.mottak, av=Bruker.objects.get(username="kompass")
    )

    page.goto(f"{live_server.url}/kompetanse/selvregistrering/")
    sprakvalg = page.get_by_role("navigation", name="Velg språk")
    sprakvalg.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("سجّل مهاراتك")
    expect(page.get_by_label("رقم DUF")).to_be_visible()
    expect(page.get_by_role("link", name="العربية")).to_have_attribute("aria-current", "page")
    sjekk_side(page, "selvreg-sprak-arabisk")

    page.get_by_role("navigation", name="اختر اللغة").get_by_role("link", name="دری").click()
    expect(page.locator("html")).to_have_attribute("lang", "prs")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("نمبر DUF")).to_be_visible()
    sjekk_side(page, "selvreg-sprak-dari")

    # Tigrinya is drawn in the vendored Ethiopic font, whatever fonts the machine has: no boxes.
    page.get_by_role("link", name="ትግርኛ").click()
    expect(page.locator("html")).to_have_attribute("lang", "ti")
    lastet = page.evaluate(
        """async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('Noto Sans Ethiopic') && f.status === 'loaded')
            .map(f => f.weight); }"""
    )
    assert "400" in lastet, lastet
    sjekk_side(page, "selvreg-sprak-tigrinja")

    page.get_by_role("link", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_label("Номер DUF").fill(beboer.duf_nummer)
    page.get_by_label("Одноразовий код").fill(kode)
    page.get_by_role("button", name="Увійти").click()
    expect(page.get_by_text(f"Ви увійшли як {beboer.navn}")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    sjekk_side(page, "selvreg-sprak-skjema-ukrainsk")

    mova = page.get_by_role("group", name="Мова 1")
    mova.get_by_label("Яка мова?").fill("Ukrainsk")
    mova.get_by_label("Як добре ви розмовляєте цією мовою?").select_option(label="Дуже добре")
    page.get_by_label("Як добре ви рахуєте?").select_option(label="Добре")

    # Arabic, then English half-way: what was typed stays, nothing is saved yet.
    page.get_by_role("navigation", name="Оберіть мову").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("ما مدى إجادتك للحساب؟")).to_have_value("godt")
    sjekk_side(page, "selvreg-sprak-skjema-arabisk")
    page.get_by_role("navigation", name="اختر اللغة").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sprak = page.get_by_role("group", name="Language 1")
    expect(sprak.get_by_label("Which language?")).to_have_value("Ukrainsk")
    expect(page.get_by_label("How well can you do maths?")).to_have_value("godt")
    assert not Kompetanseregistrering.objects.filter(person=beboer, kilde=Kilde.SELVREG).exists()
    page.get_by_role("group", name="Do you have a driving licence?").get_by_label("Yes").check()
    sjekk_side(page, "selvreg-sprak-skjema-engelsk")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    kvittering = page.get_by_role("region", name="What you registered")
    expect(kvittering).to_contain_text("Ukrainsk (mother tongue)Speaks: Very good.")
    expect(kvittering).to_contain_text("How well can you do maths?Good")
    sjekk_side(page, "selvreg-sprak-takk-engelsk")
    reg = Kompetanseregistrering.objects.get(person=beboer, kilde=Kilde.SELVREG)
    assert (reg.regneferdigheter, reg.forerkort) == ("godt", True)

    # The kartlegger reads the resident's answers as asked, in bokmål.
    logg_inn("kartlegger")
    page.goto(f"{live_server.url}/kompetanse/kartlegging/{beboer.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kompetansekartlegging:")
    for navn in ("Vis detaljer om andre ferdigheter", "Vis grunndata fra Selvreg om andre ferdigheter"):
        page.locator("summary").filter(has_text=navn).first.click()
    grunndata = page.locator("details.vis-detaljer details.vis-detaljer[open]")
    expect(grunndata).to_contain_text("Hvor godt kan du regne?")
    expect(grunndata).to_contain_text("Godt")
    expect(grunndata).to_contain_text("Har du førerkort?")
    expect(grunndata).not_to_contain_text("Good")
    sjekk_side(page, "selvreg-sprak-kartlegger-grunndata")
