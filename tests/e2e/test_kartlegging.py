"""Kompetansekartlegging end to end on the demo data: `kartlegger` (Hå kommune) opens the task list,
maps a resident of Hå asylmottak — autosaved, a reload keeps what was typed — and completes it; the
language levels show in colour and text. `kommune` reads the mapping in the folder of a person søkt ut
to Sortland. axe-core on every page."""

import time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.personer.models import Person

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def _lagret(sjekk) -> None:
    """Wait (at most 10 s) until the autosave has stored what the test typed. On the in-memory SQLite of a
    local run the server's write may hold the table for a moment: that is asked again, not a failure."""
    for _ in range(100):
        try:
            if sjekk():
                return
        except OperationalError:
            pass
        time.sleep(0.1)
    raise AssertionError("Autolagringen lagret ikke det som ble skrevet.")


def start_kartlegging(page) -> Person:
    """From the Kompetansekartlegging task list: open the first «Start kartlegging» and return its person."""
    page.get_by_role("link", name="Start kartlegging").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kompetansekartlegging:")
    return Person.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))


def test_kartlegger_kartlegger_og_ferdigstiller(logg_inn, live_server, demo):
    page = logg_inn("kartlegger")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetansekartlegging")
    sjekk_side(page, "kartlegging-oppgaveliste")
    person = start_kartlegging(page)
    assert person.mottak.navn == "Hå asylmottak"
    sjekk_side(page, "kartlegging-skjema")

    page.get_by_label("Hvordan ble kartleggingen gjennomført?").select_option(label="Intervju med tolk")
    page.get_by_label("Språk det ble tolket til").fill("Somali")
    sprak = page.get_by_role("group", name="Språk 1")
    sprak.get_by_label("Språk", exact=True).fill("Somali")
    sprak.get_by_label("Morsmål").check()
    sprak.get_by_label("Snakke").select_option(label="Svært godt")
    sprak.get_by_label("Lese").select_option(label="Godt")
    sprak.get_by_label("Skrive").select_option(label="Dårlig")
    page.get_by_role("button", name="Legg til språk").click()
    ny = page.get_by_role("group", name="Ny rad: Språk")
    ny.get_by_label("Språk", exact=True).fill("Engelsk")
    ny.get_by_label("Snakke").select_option(label="Hverken godt eller dårlig")
    utdanning = page.get_by_role("group", name="Utdanning 1")
    utdanning.get_by_label("Utdanningsnivå").select_option(label="Grunnskole")
    utdanning.get_by_label("Antall år").fill("9")
    utdanning.get_by_label("Land").fill("Somalia")
    page.get_by_label("Merknader for språk").fill("Forstår en del norsk fra kurs på mottaket.")
    page.get_by_label("Merknader for språk").press("Tab")
    _lagret(
        lambda: Kompetanseregistrering.objects.filter(
            person=person,
            merknad_sprak__startswith="Forstår",
            utdanninger__land="Somalia",
            sprak__sprak="Engelsk",
        ).exists()
    )
    expect(page.locator("#lagret")).to_contain_text("Sist lagret")

    page.reload()
    expect(page.get_by_role("group", name="Språk 1").get_by_label("Språk", exact=True)).to_have_value(
        "Somali"
    )
    expect(page.get_by_role("group", name="Språk 2").get_by_label("Språk", exact=True)).to_have_value(
        "Engelsk"
    )
    expect(page.get_by_role("group", name="Utdanning 1").get_by_label("Antall år")).to_have_value("9")
    expect(page.get_by_label("Merknader for språk")).to_have_value(
        "Forstår en del norsk fra kurs på mottaket."
    )

    # A wrong number gets its message at the field; the rest is kept.
    arbeid = page.get_by_role("group", name="Arbeidserfaring 1")
    arbeid.get_by_label("Yrke").fill("Frisør")
    arbeid.get_by_label("Antall år").fill("99")
    arbeid.get_by_label("Antall år").press("Tab")
    expect(page.get_by_text("mindre enn eller lik 60")).to_be_visible()
    expect(page.locator("#lagret")).to_contain_text("Noen felt ble ikke lagret")
    sjekk_side(page, "kartlegging-feil")
    page.get_by_role("group", name="Har førerkort").get_by_label("Nei").check()
    page.get_by_label("Regneferdigheter").select_option(label="Godt")
    page.get_by_label("Digitale ferdigheter").select_option(label="Hverken godt eller dårlig")
    arbeid.get_by_label("Antall år").fill("5")
    arbeid.get_by_label("Antall år").press("Tab")
    expect(page.get_by_text("mindre enn eller lik 60")).to_be_hidden()
    _lagret(
        lambda: Kompetanseregistrering.objects.filter(person=person, arbeidserfaringer__antall_aar=5).exists()
    )

    page.get_by_role("button", name="Ferdigstill kompetansekartlegging").click()
    expect(page.get_by_text(f"Kompetansekartleggingen av {person.navn} er ferdigstilt.")).to_be_visible()
    reg = Kompetanseregistrering.objects.get(person=person, kilde=Kilde.KARTLEGGING)
    assert reg.status == "ferdigstilt"
    assert list(reg.sprak.values_list("sprak", "tale")) == [("Somali", "svaert_godt"), ("Engelsk", "middels")]
    assert list(reg.arbeidserfaringer.values_list("yrke", "antall_aar")) == [("Frisør", 5)]
    # The levels in colour and in text.
    somali = page.get_by_role("row", name="Somali")
    expect(somali.locator('.nivaa[data-nivaa="svaert_godt"]')).to_have_text("Svært godt")
    expect(somali.locator('.nivaa[data-nivaa="daarlig"]')).to_have_text("Dårlig")
    sjekk_side(page, "kartlegging-ferdigstilt")
    page.get_by_role("link", name="Tilbake til oppgavelisten").click()
    expect(
        page.get_by_role("link", name=f"Start kartlegging av {person.fornavn} {person.etternavn}")
    ).to_have_count(0)


def test_kommunen_leser_kompetansen_i_personmappen(logg_inn, live_server, demo):
    reg = (
        Kompetanseregistrering.objects.filter(
            kilde=Kilde.KARTLEGGING,
            status="ferdigstilt",
            person__bosettingssak__kommune__navn="Sortland",
            person__bosettingssak__status="sokt_ut",
        )
        .exclude(merknad_yrke="")
        .first()
    )
    person, morsmaal = reg.person, reg.sprak.get(morsmaal=True).sprak
    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/personer/{person.pk}/kompetanse/")
    rad = page.get_by_role("row", name=morsmaal).first
    expect(rad.locator('.nivaa[data-nivaa="svaert_godt"]').first).to_have_text("Svært godt")
    page.locator("summary", has_text="Vis detaljer om yrke").click()
    expect(page.get_by_text(reg.merknad_yrke)).to_be_visible()
    sjekk_side(page, "personmappe-kompetanse-kartlagt")
    page.goto(f"{live_server.url}/personer/{person.pk}/registrering/")
    expect(page.get_by_text("Intervju med tolk")).to_be_visible()
    sjekk_side(page, "personmappe-om-registreringen")
