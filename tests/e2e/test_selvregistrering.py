"""Kompass in a browser: `kompass` generates a one-time code for a Hå resident; the resident then
self-registers on a phone (375×667) — two languages, one education, one job —, first with a mistake,
then saved; the same code again and a wrong DUF both get the one message. Every page passes axe-core
and has no horizontal scrolling (screenshots under var/skjermbilder/)."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.personer.models import Person

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e
FEIL = (
    "DUF-nummeret eller engangskoden stemmer ikke, eller koden er brukt eller utløpt. "
    "Be mottaket om en ny kode."
)
MOBIL = {
    "viewport": {"width": 375, "height": 667},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "nb-NO",
    "timezone_id": "Europe/Oslo",
}


def uten_sidelengs_rulling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_kompass_gir_kode_og_beboeren_registrerer_paa_mobilen(logg_inn, live_server, demo, browser):
    beboer = (
        Person.objects.filter(mottak__navn="Hå asylmottak", bosettingssak__status="opprettet")
        .exclude(engangskode__isnull=False)
        .order_by("etternavn")
        .first()
    )
    page = logg_inn("kompass")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Mottak", exact=True).click()
    expect(page.get_by_role("heading", name="Tildele koder Kompass", level=1)).to_be_visible()
    meny = page.get_by_role("navigation", name="Mottak")
    expect(meny.get_by_role("link", name="Tildele koder Kompass")).to_have_attribute("aria-current", "page")
    expect(meny.get_by_role("link", name="Oppgaveliste")).to_have_count(0)  # no interview role
    sjekk_side(page, "kompass-koder")

    page.get_by_label("DUF-nummer").fill("2099 000000 00")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_text("Fant ingen beboer med dette DUF-nummeret ved mottaket.")).to_be_visible()
    expect(page.get_by_label("DUF-nummer")).to_have_value("2099 000000 00")
    sjekk_side(page, "kompass-koder-ikke-funnet")

    page.get_by_label("DUF-nummer").fill(beboer.duf_formatert)  # with spaces, as printed
    page.get_by_role("button", name="Søk").click()
    kort = page.get_by_role("region", name=f"{beboer.etternavn}, {beboer.fornavn}")
    expect(kort).to_contain_text("Ingen kode er generert.")
    sjekk_side(page, "kompass-koder-beboer")
    kort.get_by_role("button", name="Generer engangskode").click()

    kodefelt = page.locator(".engangskode")
    expect(kodefelt).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    kode = kodefelt.inner_text()
    veiledning = page.get_by_role("region", name=f"Engangskode for {beboer.navn}")
    expect(veiledning).to_contain_text("Koden vises bare nå")
    expect(veiledning).to_contain_text("Svarene er beboerens egne")
    adresse = veiledning.locator(".adresse").inner_text()
    assert adresse.endswith("/kompetanse/selvregistrering/")
    expect(page.get_by_role("region", name=f"{beboer.etternavn}, {beboer.fornavn}")).to_contain_text(
        "Gyldig, ikke brukt"
    )
    sjekk_side(page, "kompass-kode-generert")
    uten_sidelengs_rulling(page)

    # The resident, on a phone, with no account.
    kontekst = browser.new_context(**MOBIL)
    mobil = kontekst.new_page()
    try:
        mobil.goto(adresse)
        expect(mobil.get_by_role("heading", name="Registrer kompetansen din")).to_be_visible()
        expect(mobil.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
        assert mobil.evaluate("document.documentElement.lang") == "nb"
        sjekk_side(mobil, "selvreg-innlogging")
        uten_sidelengs_rulling(mobil)

        mobil.get_by_label("DUF-nummer").fill(beboer.duf_nummer)
        mobil.get_by_label("Engangskode").fill(kode.lower())
        mobil.get_by_role("button", name="Logg inn").click()
        expect(mobil.get_by_text(f"Du er logget inn som {beboer.navn}")).to_be_visible()
        expect(mobil).to_have_title(re.compile("Registrer kompetansen din"))
        sjekk_side(mobil, "selvreg-skjema")
        uten_sidelengs_rulling(mobil)

        sprak1 = mobil.get_by_role("group", name="Språk 1")
        expect(sprak1.get_by_label("Dette er morsmålet mitt")).to_be_checked()
        sprak1.get_by_label("Hvilket språk?").fill("Arabisk")
        sprak1.get_by_label("Hvor godt snakker du språket?").select_option(label="Svært godt")
        sprak1.get_by_label("Hvor godt leser du språket?").select_option(label="Godt")
        sprak1.get_by_label("Hvor godt skriver du språket?").select_option(label="Godt")
        sprak2 = mobil.get_by_role("group", name="Språk 2")
        sprak2.get_by_label("Hvilket språk?").fill("Engelsk")
        sprak2.get_by_label("Hvor godt snakker du språket?").select_option(label="Middels")
        sprak2.get_by_label("Hvor godt leser du språket?").select_option(label="Middels")
        sprak2.get_by_label("Hvor godt skriver du språket?").select_option(label="Dårlig")
        utdanning = mobil.get_by_role("group", name="Utdanning 1")
        utdanning.get_by_label("Hvilken skole eller utdanning?").select_option(label="Videregående skole")
        utdanning.get_by_label("Hva lærte du? (fag)").fill("Elektro")
        utdanning.get_by_label("Hvor mange år?").fill("33")  # a slip: at most 30
        utdanning.get_by_label("I hvilket land?").fill("Syria")
        arbeid = mobil.get_by_role("group", name="Arbeid 1")
        arbeid.get_by_label("Hva jobbet du med?").fill("Elektriker")
        arbeid.get_by_label("Hvor mange år?").fill("5")
        arbeid.get_by_label("I hvilket land?").fill("Libanon")
        mobil.get_by_label("Hva vil du jobbe med i Norge?").fill("Elektriker")
        mobil.get_by_role("group", name="Har du førerkort?").get_by_label("Ja").check()
        mobil.get_by_role("button", name="Lagre", exact=True).click()

        oppsummering = mobil.get_by_role("alert")
        expect(oppsummering).to_contain_text("Ingenting er lagret ennå")
        expect(oppsummering).to_contain_text("Utdanning 1: Hvor mange år?")
        aar = mobil.get_by_role("group", name="Utdanning 1").get_by_label("Hvor mange år?")
        expect(aar).to_have_attribute("aria-invalid", "true")
        expect(aar).to_have_value("33")
        expect(mobil.get_by_role("group", name="Språk 2").get_by_label("Hvilket språk?")).to_have_value(
            "Engelsk"
        )
        assert not Kompetanseregistrering.objects.filter(person=beboer).exists()
        sjekk_side(mobil, "selvreg-skjema-feil")
        uten_sidelengs_rulling(mobil)

        oppsummering.get_by_role("link", name=re.compile("Utdanning 1")).click()
        expect(aar).to_be_focused()
        aar.fill("3")
        mobil.get_by_role("button", name="Lagre", exact=True).click()

        expect(mobil.get_by_role("heading", name="Takk!")).to_be_visible()
        expect(mobil.get_by_role("status")).to_have_text("Det du har registrert er lagret. Du er logget ut.")
        kvittering = mobil.get_by_role("region", name="Dette har du registrert")
        expect(kvittering).to_contain_text(
            "Arabisk (morsmål)Snakker: Svært godt. Leser: Godt. Skriver: Godt."
        )
        expect(kvittering).to_contain_text("EngelskSnakker: Middels. Leser: Middels. Skriver: Dårlig.")
        expect(kvittering).to_contain_text("Videregående skole, Elektro, 3 år, Syria")
        expect(kvittering).to_contain_text("Elektriker, 5 år, Libanon")
        sjekk_side(mobil, "selvreg-takk")
        uten_sidelengs_rulling(mobil)

        reg = Kompetanseregistrering.objects.get(person=beboer, kilde=Kilde.SELVREG)
        assert reg.status == Kompetanseregistrering.Status.FERDIGSTILT and reg.forerkort is True
        assert [(s.sprak, s.morsmaal, s.tale) for s in reg.sprak.all()] == [
            ("Arabisk", True, "svaert_godt"),
            ("Engelsk", False, "middels"),
        ]
        assert [(u.nivaa, u.antall_aar) for u in reg.utdanninger.all()] == [("videregaaende", 3)]
        assert [a.yrke for a in reg.arbeidserfaringer.all()] == ["Elektriker"]

        # The same code again, then a wrong DUF: one message, the DUF kept, the code not.
        mobil.goto(adresse)
        for duf in [beboer.duf_nummer, "209900000000"]:
            mobil.get_by_label("DUF-nummer").fill(duf)
            mobil.get_by_label("Engangskode").fill(kode)
            mobil.get_by_role("button", name="Logg inn").click()
            expect(mobil.get_by_role("alert")).to_have_text(FEIL)
            expect(mobil.get_by_label("DUF-nummer")).to_have_value(duf)
            expect(mobil.get_by_label("Engangskode")).to_have_value("")
        sjekk_side(mobil, "selvreg-innlogging-feil")
        uten_sidelengs_rulling(mobil)
    finally:
        kontekst.close()

    # Back at the mottak: the code is used and the registration shows.
    page.get_by_label("DUF-nummer").fill(beboer.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    kort = page.get_by_role("region", name=f"{beboer.etternavn}, {beboer.fornavn}")
    expect(kort).to_contain_text("Brukt")
    expect(kort).to_contain_text("Selvregistrert kompetanse")
    expect(kort.get_by_role("button", name="Generer ny engangskode")).to_be_visible()
    expect(page.locator(".engangskode")).to_have_count(0)
    sjekk_side(page, "kompass-koder-brukt")
