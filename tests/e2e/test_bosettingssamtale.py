"""The settlement interview in a browser, for a family of four at Hå asylmottak: saved as you go
(survives a reload), Ferdigstill refused while a field is missing (the message names it), then the
family is fordelingsklar in Oversikt mottaksbeboere and the form is locked."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Mottak
from imdinett.personer.models import Bosettingssak, Person

from .conftest import sjekk_side, vent_lagret

pytestmark = pytest.mark.e2e
P = Person.Persontype
R = Person.Relasjon


def lagres(page):
    """Around a change: returns once its autosave has answered (the text «Sist lagret» may be an earlier save's)."""
    return page.expect_response(lambda r: "/lagre/" in r.url and r.request.method == "POST")


def svar(page, sporsmaal: str, valg: str):
    with lagres(page):
        page.get_by_role("group", name=re.compile(re.escape(sporsmaal))).get_by_label(
            valg, exact=True
        ).check()
    vent_lagret(page)


def fyll_voksen(page, *, hopp_over_venner=False):
    page.get_by_role("link", name="Bosettingsinformasjon").click()
    with lagres(page):
        page.get_by_label(re.compile("Årsak til at registreringen i Kompass")).select_option(
            label="Jeg har planer om å gjennomføre registreringen"
        )
    vent_lagret(page)
    if not hopp_over_venner:
        svar(page, "Har du venner eller familie i Norge?", "Nei")
    for sporsmaal in ("Har du kjæledyr i Norge?", "Har du førerkort?", "Har du bil i Norge?"):
        svar(page, sporsmaal, "Nei")
    page.get_by_label("Personlig bosettingsmerknad").fill("Ønsker å bo nær skole for barna.")
    page.get_by_role("button", name="Opprett").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Bosettingsmerknaden er lagret.")
    page.get_by_role("link", name="Tilretteleggingsbehov").click()
    svar(page, "Har du behov for spesiell tilrettelegging", "Nei")


def fyll_barn(page):
    page.get_by_role("link", name="Tilretteleggingsbehov").click()
    svar(page, "Har du behov for spesiell tilrettelegging", "Nei")


def bytt_til(page, navn: str):
    page.get_by_role("navigation", name="Husstanden").get_by_role("link", name=re.compile(navn)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(navn)


def test_familie_paa_fire_til_fordelingsklar(logg_inn, live_server, familie):
    page = logg_inn("mottak")
    page.get_by_role("link", name="Mottak", exact=True).click()
    expect(page.get_by_role("heading", name="Oppgaveliste")).to_be_visible()
    sjekk_side(page, "mottak-oppgaveliste")
    page.get_by_label("Søk på DUF-nummer eller navn").fill("Qasemi")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#oppgaver")).to_contain_text("Antall personer: 4")
    rad = page.get_by_role("row", name=re.compile("Qasemi, Khaled"))
    rad.get_by_role("link", name="Vis detaljer").click()
    expect(page.locator(".detaljrad")).to_contain_text("Reg nr.")
    sjekk_side(page, "mottak-oppgaveliste-detaljer")
    page.get_by_role("row", name=re.compile("Qasemi, Khaled")).get_by_role(
        "link", name="Gjennomfør bosettingssamtale"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Khaled Qasemi")
    sjekk_side(page, "samtale-far-tom")
    fyll_voksen(page)
    page.reload()  # everything typed is still there
    page.get_by_role("link", name="Bosettingsinformasjon").click()
    expect(page.get_by_label(re.compile("Årsak til at registreringen i Kompass"))).to_have_value("planer")
    expect(
        page.get_by_role("group", name=re.compile("Har du venner")).get_by_label("Nei", exact=True)
    ).to_be_checked()
    expect(page.locator(".merknad")).to_contain_text("Ønsker å bo nær skole for barna.")
    sjekk_side(page, "samtale-far-utfylt")

    bytt_til(page, "Rania")
    fyll_voksen(page, hopp_over_venner=True)
    bytt_til(page, "Nour")
    fyll_barn(page)
    bytt_til(page, "Omar")
    fyll_barn(page)

    page.get_by_role("button", name="Ferdigstill bosettingssamtale").click()
    feil = page.locator("#ferdigstill-feil")
    expect(feil).to_contain_text("Rania Qasemi: «Har du venner eller familie i Norge?»")
    expect(feil).not_to_contain_text("Khaled")
    feil.get_by_role("link", name="Har du venner eller familie i Norge?").click()  # Rania's field, marked
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rania")
    expect(page.locator("#id_har_venner_familie_0")).to_have_attribute("aria-invalid", "true")
    sjekk_side(page, "samtale-ferdigstill-mangler")
    assert not Bosettingssak.objects.filter(person__in=familie, status="fordelingsklar").exists()

    bytt_til(page, "Rania")
    page.get_by_role("link", name="Bosettingsinformasjon").click()
    svar(page, "Har du venner eller familie i Norge?", "Nei")
    page.get_by_role("button", name="Ferdigstill bosettingssamtale").click()
    expect(page.get_by_role("status").first).to_contain_text("4 person(er) er nå fordelingsklare")
    expect(page.get_by_text("Bosettingssamtalen er ferdigstilt for 4 av 4 personer.")).to_be_visible()
    expect(page.get_by_label(re.compile("Årsak til at registreringen i Kompass"))).to_have_count(0)  # locked
    expect(page.get_by_role("button", name="Lagre")).to_have_count(0)
    sjekk_side(page, "samtale-ferdigstilt")

    page.get_by_role("link", name="Tilbake").click()
    page.get_by_role("link", name="Oversikt mottaksbeboere").click()
    page.get_by_label("DUF-nr. eller navn").fill("Qasemi")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#beboere")).to_contain_text("Antall personer: 4")
    for rad in page.locator("#beboere tbody tr").all():
        expect(rad).to_contain_text("Fordelingsklar")
    sjekk_side(page, "mottak-beboere")


def test_intern_merknad_etter_ferdigstilling(logg_inn, live_server, demo):
    person = Person.objects.filter(
        mottak__navn="Hå asylmottak", bosettingssak__status="fordelingsklar"
    ).first()
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{person.mottak_id}/samtale/{person.pk}/")
    page.get_by_label("Tittel").fill("Ny opplysning")
    page.get_by_label("Melding").fill("Beboeren har fått verge.")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_role("status").first).to_contain_text("Husk å trykke «Send e-postvarsel til IMDi»")
    page.get_by_role("button", name="Send e-postvarsel til IMDi").click()
    expect(page.get_by_role("status").first).to_contain_text("E-postvarsel er sendt til IMDi")
    expect(page.get_by_role("main")).not_to_contain_text("Beboeren har fått verge.")  # IMDi's eyes only
    sjekk_side(page, "samtale-intern-merknad")


def test_kontaktinformasjon_redigeres(logg_inn, live_server, demo):
    page = logg_inn("mottak")
    page.get_by_role("link", name="Mottak", exact=True).click()
    page.get_by_role("link", name="Kontaktinformasjon").click()
    expect(page.get_by_role("link", name=re.compile("Rediger mottaksadministrator"))).to_have_count(0)
    page.get_by_role("link", name=re.compile("Rediger bosettingsansvarlig")).click()
    page.get_by_label("Telefonnummer").fill("99887766")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("main")).to_contain_text("99887766")
    expect(page.get_by_role("main")).to_contain_text("av Mona Mottaksansatt")
    sjekk_side(page, "mottak-kontaktinformasjon")


def test_alle_delene_av_samtalen_og_oversikten_er_tilgjengelige(logg_inn, live_server, demo):
    person = Person.objects.filter(
        mottak__navn="Hå asylmottak", bosettingssak__status="opprettet", persontype=P.ENSLIG_VOKSEN
    ).first()
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{person.mottak_id}/samtale/{person.pk}/")
    for del_ in ["Språk", "Yrke", "Utdanning", "Andre ferdigheter", "Interesser", "Tilretteleggingsbehov"]:
        page.get_by_role("navigation", name="Bosettingssamtale").get_by_role(
            "link", name=del_, exact=True
        ).click()
        expect(page.get_by_role("heading", level=2).first).to_contain_text(del_)
        sjekk_side(page, f"samtale-{del_.lower().replace(' ', '-')}")
    page.locator("summary", has_text="Veiledning for Utfyllende opplysninger").click()  # "?" opens guidance
    expect(page.get_by_text(re.compile("Ikke legg inn diagnoser"))).to_be_visible()
    saerskilt = Person.objects.filter(mottak__navn="Hå asylmottak", plasstype="SBO").first()
    page.goto(f"{live_server.url}/mottak/{saerskilt.mottak_id}/beboere/?alle=1")
    sjekk_side(page, "mottak-beboere-alle-detaljer")
    page.goto(f"{live_server.url}/mottak/{saerskilt.mottak_id}/beboere/?vis={saerskilt.pk}")
    page.get_by_label("Ingen endring siden forrige rapport").check()
    page.get_by_role("button", name="Registrer funksjonsrapport").click()
    expect(page.get_by_role("status").first).to_contain_text("Funksjonsrapport registrert")
    sjekk_side(page, "mottak-funksjonsrapport")


def test_oversikten_blas_i_sider(logg_inn, live_server, demo):
    """A mottak with more than 50 residents: 50 per page, «Neste»/«Forrige» keep the search and filters,
    and a resident opened by link (as after «Registrer funksjonsrapport») is shown on their page."""
    from tests.mottak.test_sider import _mange_beboere

    haa = Mottak.objects.get(navn="Hå asylmottak")
    _mange_beboere(haa, 60, None)
    totalt = Person.objects.filter(mottak=haa, bosettingssak__isnull=False).count()
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{haa.pk}/beboere/")
    expect(page.locator("#beboere").get_by_role("status")).to_have_text(f"Viser 1–50 av {totalt} personer")
    sider = page.get_by_role("navigation", name="Sider i oversikten")
    expect(sider.locator("[aria-current=true]")).to_have_text("Side 1")
    sider.get_by_role("link", name="Neste").click()
    expect(page.locator("#beboere").get_by_role("status")).to_contain_text("Viser 51–")
    expect(page).to_have_url(re.compile(r"side=2"))
    sjekk_side(page, "mottak-beboere-side-2")
    page.get_by_label("DUF-nr. eller navn").fill("Beboer")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#beboere").get_by_role("status")).to_have_text("Viser 1–50 av 60 personer")
    page.get_by_role("navigation", name="Sider i oversikten").get_by_role("link", name="Neste").click()
    expect(page.locator("#beboere").get_by_role("status")).to_have_text("Viser 51–60 av 60 personer")
    expect(page).to_have_url(re.compile(r"q=Beboer.*side=2"))
    sist = Person.objects.filter(mottak=haa).order_by("-etternavn", "-fornavn", "-pk").first()
    page.goto(f"{live_server.url}/mottak/{haa.pk}/beboere/?vis={sist.pk}")
    expect(page.get_by_role("link", name="Skjul detaljer")).to_be_visible()
