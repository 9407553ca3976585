"""Omvisning (issue #20): the README's «What each user can try», walked end to end as each demo user on the
seeded demo — through the menus by their visible names, the forms and the named buttons, asserting what the
user sees (a status, a message, a downloaded CSV or Excel file, a PDF that names the person). The flows
that other browser tests cover in depth are walked once here, the short way, with their helpers.

`OMVISNINGER` maps each username of a README bullet to its walk; tests/test_readme_omvisning.py keeps the
two in step. `ENKELTROLLER` is the bullet about the users named after their role, walked by
`test_hver_rolle_alene` (the menus computed from the navigation registry and the permission table).
Screenshots: var/skjermbilder/omvisning-<user>-<page>.png (axe-core on each of our own pages)."""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import Page, expect

from fordeling.models import Fordelingsliste
from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.organisasjoner.models import Bruker, Kommune
from imdinett.organisasjoner.navigasjon import REGISTER
from imdinett.organisasjoner.roller import Omraade, Rolle
from imdinett.organisasjoner.tilgang import TILLATELSER
from imdinett.personer.models import Bosettingssak, Husstand, Person
from imdinett.personer.samtale import husstandens_mangler
from innmelding import services as innmeldinger
from innmelding.models import Innmelding
from kommune.models import Anmodning

from ..conftest import pdftekst
from .conftest import SKJERMBILDER, send_til_kommunen, sjekk_side
from .test_bosettingssamtale import fyll_voksen
from .test_kartlegging import _lagret, start_kartlegging
from .test_selvregistrering import MOBIL, uten_sidelengs_rulling

pytestmark = pytest.mark.e2e
Saksstatus = Bosettingssak.Status
ENKELTROLLER = "Each single-role user"  # how the README's bullet about the users named after a role starts


@dataclass
class Omvisning:
    """One user's walk: the page, logged in as `bruker`."""

    page: Page
    bruker: str

    def sjekk(self, navn: str) -> None:
        """Screenshot and axe-core, as every page of ours must pass."""
        sjekk_side(self.page, f"omvisning-{self.bruker}-{navn}")


OMVISNINGER: dict[str, Callable[[Omvisning], None]] = {}


def omvisning(brukernavn: str):
    def registrer(walk):
        OMVISNINGER[brukernavn] = walk
        return walk

    return registrer


# --- The way a user moves: menus, buttons, downloads ---------------------------------------------------


def hovedmeny(page: Page, navn: str) -> None:
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=navn, exact=True).click()


def venstremeny(page: Page, navn: str, meny: str = "Kommune") -> None:
    page.get_by_role("navigation", name=meny).get_by_role("link", name=navn, exact=True).click()


def admin_modell(page: Page, navn: str) -> None:
    """To one model's list by its name: on the admin's Arbeidsbenk (its index), and in the side menu of
    every other admin page (the same table of models)."""
    page.get_by_role("row", name=re.compile(rf"^{re.escape(navn)}( |$)")).get_by_role(
        "link", name=navn, exact=True
    ).click()


def admin_handling(page: Page, pk: int, handling: str) -> None:
    """Tick one row of an admin list and run an action on it."""
    page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.get_by_label("Handling").select_option(label=handling)
    page.get_by_role("button", name="Gå", exact=True).click()


def melding(page: Page):
    """The success or error message of a page of ours (role status) or of the admin (.messagelist)."""
    return page.locator(".messagelist").or_(page.get_by_role("status")).first


def last_ned(page: Page, lenke: str) -> bytes:
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name=lenke).click()
    with open(nedlasting.value.path(), "rb") as fil:
        innhold = fil.read()
    assert innhold, f"«{lenke}» ga en tom fil"
    return innhold


def pdf_fra_lenke(page: Page, lenke: str) -> str:
    """Click a link to a PDF that opens in the browser (inline) and read what the server sent as text:
    the browser's PDF viewer shows it, so no download event comes; the response is read on its way in."""
    mottatt: list[bytes] = []

    def les(route):
        svar = route.fetch()
        assert svar.status == 200 and svar.headers["content-type"] == "application/pdf", svar.status
        mottatt.append(svar.body())
        route.fulfill(response=svar)

    pdf = re.compile(r"\.pdf(\?|$)")
    page.route(pdf, les)
    try:
        page.get_by_role("link", name=lenke).click()
        page.wait_for_url(pdf)
    finally:
        page.unroute(pdf, les)
    assert mottatt and mottatt[0].startswith(b"%PDF"), f"«{lenke}» ga ingen PDF"
    page.go_back()
    return " ".join(pdftekst(mottatt[0]).split())


def uke_om(uker: int) -> str:
    """The week `uker` weeks from now in ISO 8601, e.g. «2027-W02» (one spelling the week field reads)."""
    aar, uke, _ = (timezone.localdate() + timedelta(weeks=uker)).isocalendar()
    return f"{aar}-W{uke:02d}"


# --- Shared steps -------------------------------------------------------------------------------------


def kartlegg(page: Page, *, morsmaal: str, yrke: str, person: Person, kilde: str) -> None:
    """The competence form, the short way: what «Ferdigstill» needs; saved as you type (a reload keeps it),
    then completed."""
    page.get_by_label("Hvordan ble kartleggingen gjennomført?").select_option(label="Intervju på norsk")
    sprak = page.get_by_role("group", name="Språk 1")
    sprak.get_by_label("Språk", exact=True).fill(morsmaal)
    sprak.get_by_label("Morsmål").check()
    sprak.get_by_label("Snakke").select_option(label="Svært godt")
    page.get_by_role("group", name="Utdanning 1").get_by_label("Utdanningsnivå").select_option(
        label="Grunnskole"
    )
    arbeid = page.get_by_role("group", name="Arbeidserfaring 1")
    arbeid.get_by_label("Yrke").fill(yrke)
    arbeid.get_by_label("Antall år").fill("4")
    page.get_by_role("group", name="Har førerkort").get_by_label("Nei").check()
    page.get_by_label("Regneferdigheter").select_option(label="Godt")
    page.get_by_label("Digitale ferdigheter").select_option(label="Godt")
    page.get_by_label("Digitale ferdigheter").press("Tab")
    _lagret(
        lambda: Kompetanseregistrering.objects.filter(
            person=person, kilde=kilde, arbeidserfaringer__yrke=yrke, digitale_ferdigheter__gt=""
        ).exists()
    )
    expect(page.locator("#lagret")).to_contain_text("Sist lagret")
    page.reload()  # saved as you type: everything is still there
    expect(page.get_by_role("group", name="Arbeidserfaring 1").get_by_label("Yrke")).to_have_value(yrke)
    page.get_by_role("button", name="Ferdigstill kompetansekartlegging").click()
    expect(page.get_by_text(f"Kompetansekartleggingen av {person.navn} er ferdigstilt.")).to_be_visible()


def svar_paa_ny_fordelingsliste(o: Omvisning) -> list[Person]:
    """Kommuner → Bosetting → Fordelinger: the list waiting for an answer («Ny»), every household accepted
    with a week, «Bekreft liste», «Send svar». The persons the kommune now sees by name (their links)."""
    page = o.page
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Fordelinger")
    expect(page.get_by_role("heading", name=re.compile("^Fordelinger – "))).to_be_visible()
    o.sjekk("fordelinger")
    ny = page.get_by_role("row").filter(has=page.get_by_role("cell", name="Ny", exact=True)).first
    navn = ny.get_by_role("link").inner_text()
    ny.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Fordelingsliste {navn}")).to_be_visible()
    expect(page.locator("dl.nokkeltall")).to_contain_text("Ny")
    o.sjekk("fordelingsliste")
    uker = page.locator("input[data-uke]")
    for i in range(uker.count()):
        uker.nth(i).fill(uke_om(5))
    page.get_by_role("button", name="Bekreft liste").click()
    expect(page.get_by_role("status").first).to_contain_text("Listen er bekreftet")
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("status").first).to_contain_text("Svaret er sendt til IMDi")
    expect(page.locator("dl.nokkeltall")).to_contain_text("Sendt")
    personer = page.get_by_role("main").locator("a[href^='/personer/']")
    expect(personer.first).to_be_visible()
    o.sjekk("fordelingsliste-besvart")
    lenker = [a.get_attribute("href") for a in personer.all()]
    return [Person.objects.get(pk=int(href.strip("/").split("/")[-1])) for href in lenker]


def finn_under_personer(o: Omvisning, sok: str, lenke: str) -> None:
    """Personer → search → open the person's folder by the DUF link."""
    page = o.page
    hovedmeny(page, "Personer")
    page.get_by_label("Søk på navn, DUF-nummer, fødselsnummer eller Reg-nummer").fill(sok)
    page.get_by_role("button", name="Søk").click()
    page.locator("#treff").get_by_role("link", name=lenke).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grunndata")


def opprett_bruker(o: Omvisning, brukernavn: str, rolle: str, organisasjon: str) -> None:
    """Brukeradministrasjon → Opprett bruker → the new user with one role, shown in the list."""
    page = o.page
    hovedmeny(page, "Brukeradministrasjon")
    expect(page.get_by_role("heading", name="Brukeradministrasjon")).to_be_visible()
    o.sjekk("brukeradministrasjon")
    page.get_by_role("link", name="Opprett bruker").click()
    expect(page.get_by_role("heading", name=f"Opprett bruker i {organisasjon}")).to_be_visible()
    page.get_by_label("Brukernavn").fill(brukernavn)
    page.get_by_label("Fornavn").fill("Ny")
    page.get_by_label("Etternavn").fill("Kollega")
    page.get_by_label("E-postadresse").fill(f"{brukernavn}@example.org")
    page.get_by_label("Startpassord").fill("Et-langt-passord-2026")
    page.get_by_label(rolle, exact=True).check()
    o.sjekk("opprett-bruker")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_role("status")).to_contain_text(f"Brukeren {brukernavn} er opprettet.")


def innmelding_som_venter(mottaker: str) -> Innmelding:
    """An innmelding waiting for IMDi or Bufetat: the demo's own, else one Sortland sends now (what `kommune`
    does in its walk), so the handling can be walked whatever the demo holds."""
    venter = (
        Innmelding.objects.filter(mottaker=mottaker, status=Innmelding.Status.VENTER).order_by("pk").first()
    )
    if venter:
        return venter
    felt = {"boligtype": Innmelding.Boligtype.FAMILIEBOLIG, "antall": 4}
    if mottaker == Innmelding.Mottaker.BUFETAT:
        felt = {
            "boligtype": Innmelding.Boligtype.EM_TILTAK,
            "em_tiltak": Innmelding.EmTiltak.FOSTERHJEM,
            "em_alder": Innmelding.EmAlder.UNDER_15,
            "antall": 1,
        }
    return innmeldinger.innmelding_send(
        kommune=Kommune.objects.get(nummer="1870"),
        type=Innmelding.Type.LEDIG_BOLIG,
        forventet_uke=timezone.localdate() + timedelta(weeks=4),
        av=Bruker.objects.get(username="kommune"),
        **felt,
    )


def behandle_innmelding(o: Omvisning, innmelding: Innmelding, svar: str) -> None:
    """The innmelding list in the admin: «Ta til behandling», an answer to the kommune, «Merk som behandlet»."""
    page = o.page
    rad = page.locator("#result_list tbody tr").filter(
        has=page.locator(f"input[name=_selected_action][value='{innmelding.pk}']")
    )
    expect(rad).to_contain_text("Venter på behandling")
    admin_handling(page, innmelding.pk, "Ta til behandling (Saksbehandles)")
    expect(melding(page)).to_contain_text("Saksbehandles: 1.")
    page.locator("#result_list").get_by_role("link", name=str(innmelding.pk), exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(f"Innmelding {innmelding.pk}:"))).to_be_visible()
    page.get_by_label("Svar til kommunen").fill(svar)
    o.sjekk("innmelding")
    page.get_by_role("button", name="Lagre", exact=True).click()
    admin_handling(page, innmelding.pk, "Merk som behandlet")
    expect(melding(page)).to_contain_text("Behandlet: 1.")
    expect(rad).to_contain_text("Behandlet")


# --- The walks, one per README bullet ---------------------------------------------------------------------


@omvisning("mottak")
def mottak(o: Omvisning) -> None:
    """A bosettingssamtale from Mottak → Oppgaveliste to «fordelingsklar»; the mapping's status in Oversikt
    mottaksbeboere."""
    page = o.page
    kandidater = Person.objects.filter(
        mottak__navn="Hå asylmottak",
        bosettingssak__status=Saksstatus.OPPRETTET,
        persontype=Person.Persontype.ENSLIG_VOKSEN,
    ).order_by("etternavn", "pk")
    fritt = {"saerlig_hensyn", "kompass_aarsak", "har_venner_familie", "bosettingsmerknad"}
    fritt |= {"kjaeledyr", "forerkort", "bil_i_norge"}
    person = next(
        (
            p
            for p in kandidater
            if p.husstand.personer.count() == 1 and set(husstandens_mangler([p]).get(p, [])) == fritt
        ),
        None,
    )
    assert person, "demodataene mangler en enslig voksen på Hå som venter på bosettingssamtalen"
    hovedmeny(page, "Mottak")
    venstremeny(page, "Oppgaveliste", "Mottak")
    expect(page.get_by_role("heading", name="Oppgaveliste")).to_be_visible()
    o.sjekk("oppgaveliste")
    page.get_by_label("Søk på DUF-nummer eller navn").fill(person.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#oppgaver")).to_contain_text("Antall personer: 1")
    page.get_by_role("row", name=re.compile(person.etternavn)).get_by_role(
        "link", name="Gjennomfør bosettingssamtale"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{person.fornavn} {person.etternavn}")
    o.sjekk("samtale")
    fyll_voksen(page)
    page.get_by_role("button", name="Ferdigstill bosettingssamtale").click()
    expect(page.get_by_role("status").first).to_contain_text("1 person(er) er nå fordelingsklare")
    o.sjekk("samtale-ferdigstilt")

    page.get_by_role("link", name="Tilbake").click()
    venstremeny(page, "Oversikt mottaksbeboere", "Mottak")
    page.get_by_label("DUF-nr. eller navn").fill(person.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#beboere tbody tr")).to_have_count(1)
    expect(page.locator("#beboere tbody tr")).to_contain_text("Fordelingsklar")
    # The competence mapping the vertskommune finished for a resident: its status, with the date.
    kartlagt = (
        Kompetanseregistrering.objects.filter(
            kilde=Kilde.KARTLEGGING, status="ferdigstilt", person__mottak__navn="Hå asylmottak"
        )
        .select_related("person")
        .first()
    )
    page.get_by_label("DUF-nr. eller navn").fill(kartlagt.person.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    rad = page.locator("#beboere tbody tr")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text(re.compile(r"Ferdigstilt \d{2}\.\d{2}\.\d{4}"))
    expect(page.get_by_role("columnheader", name="Kompetansekartlegging")).to_be_visible()
    o.sjekk("beboere")


@omvisning("mottakadmin")
def mottakadmin(o: Omvisning) -> None:
    """Brukeradministrasjon: a new user for Hå asylmottak, then another role and deactivated."""
    page = o.page
    opprett_bruker(o, "ny.kompass", "MottakKompass", "Hå asylmottak")
    page.get_by_label("MottakBosettingsansvarlig", exact=True).check()
    page.get_by_role("button", name="Lagre roller").click()
    expect(page.get_by_role("status")).to_contain_text("Rollene er lagret.")
    page.get_by_role("button", name="Deaktiver bruker").click()
    expect(page.get_by_role("status")).to_contain_text("Brukeren ny.kompass er deaktivert.")
    o.sjekk("bruker")
    page.get_by_role("link", name="Tilbake til brukeradministrasjon").click()
    rad = page.get_by_role("row", name=re.compile("^ny.kompass "))
    expect(rad).to_contain_text("MottakBosettingsansvarlig, MottakKompass")
    expect(rad).to_contain_text("Deaktivert")


@omvisning("kompass")
def kompass(o: Omvisning) -> None:
    """Mottak → Tildele koder Kompass: a one-time code; the resident registers on a phone with it, no
    account; the code is then used."""
    page = o.page
    beboer = (
        Person.objects.filter(mottak__navn="Hå asylmottak", bosettingssak__status=Saksstatus.OPPRETTET)
        .filter(engangskode__isnull=True, kompetanse__isnull=True)
        .order_by("etternavn", "pk")
        .first()
    )
    hovedmeny(page, "Mottak")
    venstremeny(page, "Tildele koder Kompass", "Mottak")
    expect(page.get_by_role("heading", name="Tildele koder Kompass", level=1)).to_be_visible()
    page.get_by_label("DUF-nummer").fill(beboer.duf_formatert)
    page.get_by_role("button", name="Søk").click()
    kort = page.get_by_role("region", name=f"{beboer.etternavn}, {beboer.fornavn}")
    expect(kort).to_contain_text("Ingen kode er generert.")
    kort.get_by_role("button", name="Generer engangskode").click()
    kode = page.locator(".engangskode").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", kode), kode
    adresse = (
        page.get_by_role("region", name=f"Engangskode for {beboer.navn}").locator(".adresse").inner_text()
    )
    assert adresse.endswith("/kompetanse/selvregistrering/")
    o.sjekk("kode")

    kontekst = page.context.browser.new_context(**MOBIL)  # the resident's phone, no account
    mobil = kontekst.new_page()
    try:
        mobil.goto(adresse)
        mobil.get_by_label("DUF-nummer").fill(beboer.duf_nummer)
        mobil.get_by_label("Engangskode").fill(kode)
        mobil.get_by_role("button", name="Logg inn").click()
        expect(mobil.get_by_text(f"Du er logget inn som {beboer.navn}")).to_be_visible()
        sprak = mobil.get_by_role("group", name="Språk 1")
        sprak.get_by_label("Hvilket språk?").fill("Tigrinja")
        sprak.get_by_label("Hvor godt snakker du språket?").select_option(label="Svært godt")
        mobil.get_by_label("Hva vil du jobbe med i Norge?").fill("Helsefagarbeider")
        mobil.get_by_role("group", name="Har du førerkort?").get_by_label("Nei").check()
        sjekk_side(mobil, "omvisning-kompass-selvregistrering")
        uten_sidelengs_rulling(mobil)
        mobil.get_by_role("button", name="Lagre", exact=True).click()
        expect(mobil.get_by_role("heading", name="Takk!")).to_be_visible()
        expect(mobil.get_by_role("region", name="Dette har du registrert")).to_contain_text("Tigrinja")
        sjekk_side(mobil, "omvisning-kompass-selvregistrering-takk")
        uten_sidelengs_rulling(mobil)
    finally:
        kontekst.close()

    page.get_by_label("DUF-nummer").fill(beboer.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    kort = page.get_by_role("region", name=f"{beboer.etternavn}, {beboer.fornavn}")
    expect(kort).to_contain_text("Brukt")
    expect(kort).to_contain_text("Selvregistrert kompetanse")


@omvisning("toten")
def toten(o: Omvisning) -> None:
    """The same Mottak pages for Toten asylmottak's few residents, and none of Hå's."""
    page = o.page
    egne = Person.objects.filter(mottak__navn="Toten asylmottak", bosettingssak__isnull=False)
    haa = Person.objects.filter(mottak__navn="Hå asylmottak").order_by("pk").first()
    hovedmeny(page, "Mottak")
    meny = page.get_by_role("navigation", name="Mottak")
    expect(meny).to_contain_text("Toten asylmottak")
    venstremeny(page, "Oppgaveliste", "Mottak")
    expect(page.get_by_role("heading", name="Oppgaveliste")).to_be_visible()
    expect(page.locator("#oppgaver tbody tr").first).to_be_visible()
    o.sjekk("oppgaveliste")
    venstremeny(page, "Oversikt mottaksbeboere", "Mottak")
    expect(page.locator("#beboere")).to_contain_text(f"Antall personer: {egne.count()}")
    for person in egne:
        expect(page.locator("#beboere")).to_contain_text(person.duf_nummer)
    o.sjekk("beboere")
    page.get_by_label("DUF-nr. eller navn").fill(haa.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#beboere")).to_contain_text("Ingen beboere passer søket.")


@omvisning("kommune")
def kommune(o: Omvisning) -> None:
    """Sortland's caseworker and administrator: the anmodning, Oversikt bosetting, users, innmeldinger, the
    fordelingsliste, a person's folder with its PDFs and competence, notes, feedback and the reports."""
    page = o.page
    # 1. The anmodning: Registrer vedtak with the numbers IMDi asked for, sent; Oversikt bosetting.
    hovedmeny(page, "Kommuner")
    expect(page.get_by_role("heading", name="Oversikt bosetting – Sortland")).to_be_visible()
    venstremeny(page, "Anmodninger")
    o.sjekk("anmodninger")
    page.get_by_role("row").filter(has_text="Ikke svart").get_by_role("link").first.click()
    expect(page.get_by_role("main")).to_contain_text("Ikke svart")
    o.sjekk("anmodning")
    page.get_by_role("link", name="Registrer vedtak").click()
    page.get_by_role("button", name="Neste").click()
    for kategori in (
        "Enslige voksne/familier",
        "Enslige mindreårige 15–18 år",
        "Enslige mindreårige under 15 år",
    ):
        rad = page.get_by_role("main").locator("tbody tr").filter(has_text=kategori)
        anmodet = rad.get_by_role("cell").first.inner_text()  # «IMDi anmoder om»
        page.get_by_label(f"{kategori}: Antall plasser").fill(anmodet.strip())
    o.sjekk("vedtak")
    page.get_by_role("button", name="Neste").click()
    page.get_by_role("button", name="Godkjenn").click()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("status").first).to_contain_text("er godkjent og sendt til IMDi")
    expect(page.get_by_role("main")).to_contain_text("Svart")
    venstremeny(page, "Oversikt bosetting")
    expect(page.get_by_role("row", name=re.compile("^Totalt"))).to_be_visible()
    o.sjekk("oversikt-bosetting")

    # 2. Brukeradministrasjon.
    opprett_bruker(o, "ny.sortland", "Kommune_Bosetter_Les", "Sortland")

    # 3. Innmeldinger: a free home, a named person, a number of places.
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Ledige boliger")
    page.get_by_label("Familiebolig", exact=True).check()
    page.get_by_label("Antall plasser").fill("5")
    page.get_by_label("Klar for bosetting (uke)").fill(uke_om(6))
    o.sjekk("innmelding-ledig-bolig")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")
    aktuell = (
        Person.objects.filter(mottak__navn="Hå asylmottak", bosettingssak__status=Saksstatus.FORDELINGSKLAR)
        .order_by("pk")
        .first()
    )
    venstremeny(page, "Bestemte personer")
    page.get_by_label("DUF-nummer").fill(aktuell.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_role("heading", name=aktuell.navn)).to_be_visible()
    page.get_by_label("Tilknytning").select_option(label="Nær familie")
    page.get_by_label("Klar for bosetting (uke)").fill(uke_om(6))
    o.sjekk("innmelding-bestemt-person")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")
    venstremeny(page, "Antall plasser")
    page.get_by_label("Maks antall personer").fill("3")
    page.get_by_label("Klar for bosetting (uke)").fill(uke_om(7))
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")
    liste = page.locator("#innmeldinger")
    for type_ in ("Ledige boliger", "Bestemte personer", "Antall plasser"):
        expect(liste).to_contain_text(type_)
    o.sjekk("innmeldinger")

    # 4. The fordelingsliste waiting for an answer, then the accepted persons under Personer.
    person = svar_paa_ny_fordelingsliste(o)[0]
    finn_under_personer(o, person.etternavn, person.duf_formatert)
    expect(page.get_by_role("main")).to_contain_text(person.navn)
    expect(page.get_by_role("main")).to_contain_text("Søkt ut: Sortland")

    # 5. A person's folder: every section, the competence with its sources, the three PDFs.
    registrering = (
        Kompetanseregistrering.objects.filter(
            kilde=Kilde.KARTLEGGING, status="ferdigstilt", person__bosettingssak__kommune__nummer="1870"
        )
        .select_related("person")
        .first()
    )
    kartlagt = registrering.person
    finn_under_personer(o, kartlagt.etternavn, kartlagt.duf_formatert)
    o.sjekk("personmappe-grunndata")
    mappe = page.get_by_role("navigation", name="Personmappe")
    seksjoner = [t.strip() for t in mappe.get_by_role("link").all_inner_texts()]
    assert {"Grunndata", "Bosetting", "Kompetanse", "Om registreringen", "Utskrift"} <= set(seksjoner), (
        seksjoner
    )
    for seksjon in seksjoner[1:]:
        mappe.get_by_role("link", name=seksjon, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(seksjon)
        if seksjon == "Kompetanse":
            expect(page.get_by_role("columnheader", name="Kilde").first).to_be_visible()
            expect(page.get_by_role("main")).to_contain_text("Kartlegging")  # the source of each row
        if seksjon == "Om registreringen":
            expect(page.get_by_role("main")).to_contain_text(registrering.get_gjennomforing_display())
        o.sjekk(f"personmappe-{slugify(seksjon)}")
    for pdf in (
        "Lag PDF av Kartleggingsinformasjon",
        "Lag PDF av Kompetanse",
        "Lag PDF av Karriereveileders notat",
    ):
        assert kartlagt.navn in pdf_fra_lenke(page, pdf), pdf

    # 6. A note on the kommune's Hendelser, linked to the person by DUF, shows in the folder.
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Hendelser")
    page.get_by_text("Opprett notat", exact=True).click()
    page.get_by_label("Tittel").fill("Omvisning: samtale med flyktningkontoret")
    page.locator("#id_omraade").select_option("bosetting")
    page.locator("#id_tekst").fill("Ønsker å bo nær sentrum.")
    page.get_by_label("Knytt til person (DUF-nummer)").fill(kartlagt.duf_formatert)
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text(f"{kartlagt.duf_formatert} – {kartlagt.navn}")).to_be_visible()
    o.sjekk("hendelser-notat")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_text("Notatet er opprettet.")).to_be_visible()
    finn_under_personer(o, kartlagt.etternavn, kartlagt.duf_formatert)
    page.get_by_role("navigation", name="Personmappe").get_by_role("link", name="Hendelser").click()
    expect(page.get_by_role("main")).to_contain_text("Omvisning: samtale med flyktningkontoret")

    # 7. Feedback on a settled person's missing information.
    bosatt = (
        Person.objects.filter(bosettingssak__status=Saksstatus.BOSATT, bosettingssak__kommune__nummer="1870")
        .select_related("bosettingssak")
        .order_by("-bosettingssak__bosettingsdato", "pk")
        .first()
    )
    finn_under_personer(o, bosatt.duf_nummer, bosatt.duf_formatert)
    page.get_by_role("link", name="Meld inn tilbakemelding").click()
    page.get_by_label("Førerkort").check()
    page.get_by_label("Beskriv hva som manglet eller var feil").fill("Førerkortet var ikke nevnt.")
    o.sjekk("tilbakemelding")
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_text("Tilbakemeldingen er sendt til IMDi.")).to_be_visible()

    # 8. Kommuner → Rapporter: the page, its CSV and its Excel file.
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Spesialisert bosettingsrapport")
    expect(page.get_by_role("heading", name="Spesialisert bosettingsrapport – Sortland")).to_be_visible()
    page.get_by_label("År").select_option(str(bosatt.bosettingssak.bosettingsdato.year))
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("main").locator("tbody")).to_contain_text(bosatt.duf_formatert)
    rader = page.locator("main tbody tr")
    expect(rader.first).to_contain_text(re.compile(r"\d{4} \d{6} \d{2}"))  # a DUF-nummer
    o.sjekk("rapport-bosatte")
    tabell = list(csv.reader(io.StringIO(last_ned(page, "Last ned CSV").decode("utf-8-sig")), delimiter=";"))
    assert tabell[0][0] == "DUF-nummer" and len(tabell) - 1 == rader.count()
    assert last_ned(page, "Last ned Excel").startswith(b"PK")  # an .xlsx is a zip
    venstremeny(page, "Anmodninger og vedtak")
    expect(page.get_by_role("main").locator("table").first).to_contain_text("Sortland")
    o.sjekk("rapport-anmodninger")


@omvisning("kommunelese")
def kommunelese(o: Omvisning) -> None:
    """Sortland's reader: the same fordelingslister and anmodninger, without the buttons that answer them."""
    page = o.page
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Fordelinger")
    for status in ("Ny", "Sendt"):
        rad = page.get_by_role("row").filter(has=page.get_by_role("cell", name=status, exact=True)).first
        navn = rad.get_by_role("link").inner_text()
        rad.get_by_role("link").click()
        expect(page.get_by_role("heading", name=f"Fordelingsliste {navn}")).to_be_visible()
        expect(page.get_by_role("button", name="Bekreft liste")).to_have_count(0)
        expect(page.get_by_role("button", name="Send svar")).to_have_count(0)
        o.sjekk(f"fordelingsliste-{status.lower()}")
        page.get_by_role("link", name="Fordelinger").first.click()
    venstremeny(page, "Anmodninger")
    page.get_by_role("row").filter(has_text="Ikke svart").get_by_role("link").first.click()
    expect(page.get_by_role("main")).to_contain_text("Ikke svart")
    expect(page.get_by_role("link", name="Registrer vedtak")).to_have_count(0)
    o.sjekk("anmodning")


@omvisning("tromso")
def tromso(o: Omvisning) -> None:
    """Tromsø: its vedtak awaits IMDi; it answers its own «Ny» fordelingsliste; Sortland's persons are not
    found."""
    page = o.page
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Anmodninger")
    svart = page.get_by_role("row").filter(has=page.get_by_role("cell", name="Svart", exact=True))
    expect(svart.first).to_contain_text("Anmodning Tromsø")
    o.sjekk("anmodninger")
    svar_paa_ny_fordelingsliste(o)
    sortland = Person.objects.filter(
        bosettingssak__status=Saksstatus.SOKT_UT, bosettingssak__kommune__nummer="1870"
    )
    annen = sortland.order_by("pk").first()
    hovedmeny(page, "Personer")
    page.get_by_label("Søk på navn, DUF-nummer, fødselsnummer eller Reg-nummer").fill(annen.etternavn)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#treff")).not_to_contain_text(annen.duf_formatert)
    o.sjekk("personsok")


@omvisning("kartlegger")
def kartlegger(o: Omvisning) -> None:
    """Kommuner → Kompetansekartlegging: a Hå resident mapped, saved as you type, completed."""
    page = o.page
    hovedmeny(page, "Kommuner")
    venstremeny(page, "Kompetansekartlegging")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetansekartlegging")
    o.sjekk("oppgaveliste")
    person = start_kartlegging(page)
    assert person.mottak.navn == "Hå asylmottak"
    o.sjekk("skjema")
    kartlegg(page, morsmaal="Dari", yrke="Kokk", person=person, kilde=Kilde.KARTLEGGING)
    o.sjekk("ferdigstilt")
    page.get_by_role("link", name="Tilbake til oppgavelisten").click()
    expect(
        page.get_by_role("link", name=f"Start kartlegging av {person.fornavn} {person.etternavn}")
    ).to_have_count(0)


@omvisning("imdi")
def imdi(o: Omvisning) -> None:
    """IMDi in the admin: anmodninger, innmeldinger, a fordelingsliste by hand and by suggestion, the
    kommuner's feedback, a person's Bosettingsinformasjon, Karriereveiledning and Innsynslogg, and the
    competence of a person outside the mottak."""
    page = o.page
    aar = timezone.localdate().year + 1
    hovedmeny(page, "IMDi-admin")
    expect(page.get_by_role("heading", name="Arbeidsbenk")).to_be_visible()
    o.sjekk("arbeidsbenk")

    # 1. Anmodninger: a new one for Bodø, sent; Tromsø's answer confirmed.
    admin_modell(page, "Anmodninger")
    page.get_by_role("link", name="Ny anmodning til flere kommuner").click()
    page.get_by_label("Kommuner").select_option(label="Bodø (1804)")
    page.get_by_label("Fra år").fill(str(aar))
    page.get_by_label("Til år").fill(str(aar))
    page.get_by_label("Svarfrist").fill((timezone.localdate() + timedelta(days=30)).strftime("%d.%m.%Y"))
    page.get_by_label("Enslige voksne/familier").fill("15")
    page.get_by_label("Enslige mindreårige 15–18 år").fill("3")
    page.get_by_label("Enslige mindreårige under 15 år").fill("1")
    o.sjekk("anmodning-ny")
    page.get_by_role("button", name="Opprett utkast").click()
    expect(page.get_by_text("1 anmodninger er opprettet som utkast")).to_be_visible()
    bodo = Anmodning.objects.get(kommune__nummer="1804", status=Anmodning.Status.UTKAST)
    admin_handling(page, bodo.pk, "Send valgte anmodninger til kommunene")
    expect(melding(page)).to_contain_text("Sendt: 1.")
    tromso = Anmodning.objects.filter(kommune__nummer="5501", status=Anmodning.Status.SVART).first()
    admin_handling(page, tromso.pk, "Bekreft kommunens vedtak")
    expect(melding(page)).to_contain_text("Bekreftet: 1.")
    o.sjekk("anmodninger")

    # 2. An innmelding from a kommune, handled.
    innmelding = innmelding_som_venter(Innmelding.Mottaker.IMDI)
    admin_modell(page, "Innmeldinger")
    behandle_innmelding(o, innmelding, "Vi fordeler en familie til boligen.")

    # 3. A fordelingsliste by hand: Legg til, the kommune, one household ticked, «Send til kommunen».
    klare = Husstand.objects.annotate(
        antall=Count("personer"),
        klare=Count("personer", filter=Q(personer__bosettingssak__status=Saksstatus.FORDELINGSKLAR)),
    ).filter(klare=F("antall"), antall=1)
    husstand = (  # a single adult with no special needs, no binding tie and on no draft
        klare.filter(
            personer__persontype=Person.Persontype.ENSLIG_VOKSEN,
            personer__samtale__saerlig_hensyn=False,
            personer__bosettingsinformasjon__bindende_kommune__isnull=True,
        )
        .exclude(personer__fordelingslinjer__liste__status=Fordelingsliste.Status.UTKAST)
        .order_by("reg_nr")
        .first()
    )
    admin_modell(page, "Fordelingslister")
    page.get_by_role("link", name="Legg til ny fordelingsliste").click()
    page.get_by_label("Kommune som skal få listen").select_option(label="Sortland (1870)")
    page.get_by_role("button", name="Velg kommune").click()
    expect(page.get_by_role("heading", name="Fordeling til Sortland (1870)")).to_be_visible()
    page.get_by_label(re.compile("Søk blant fordelingsklare husstander")).fill(husstand.reg_nr)
    page.get_by_role("button", name="Søk", exact=True).click()
    page.locator(f"input[name=husstand][value='{husstand.pk}']").check()
    o.sjekk("fordelingsliste-ny")
    send_til_kommunen(page)
    expect(page.get_by_text(re.compile("Fordelingslisten «.*» er sendt til Sortland"))).to_be_visible()

    # 4. Forslag til fordeling: computed; in the first kommune's part one household unticked and one moved to
    # another kommune; drafts made of those two kommuner only; the first kommune's draft sent.
    for_forslaget = Fordelingsliste.objects.order_by("-pk").values_list("pk", flat=True).first()
    page.get_by_role("link", name="Forslag til fordeling").click()
    expect(page.get_by_role("heading", name="Forslag til fordeling")).to_be_visible()
    o.sjekk("forslag-utvalg")
    page.get_by_role("button", name="Beregn forslag").click()
    expect(page.get_by_role("heading", name="Oppsummering")).to_be_visible()
    seksjoner = page.locator("section.forslag-kommune").filter(has=page.locator("input[name=kommune]"))
    # the walk takes a kommune placed for evenness (the first part may hold only a household with a binding tie)
    seksjon = seksjoner.filter(has_text="Jevn fordeling:").first
    expect(seksjon).to_be_visible()
    titler = [re.match(r"^(.+ \(\d{4}\)):", t)[1] for t in seksjoner.locator("h2").all_inner_texts()]
    kommune_tekst = re.match(r"^(.+ \(\d{4}\)):", seksjon.locator("h2").inner_text())[1]
    kommunenavn = kommune_tekst.rsplit(" (", 1)[0]
    valgte = {kommune_tekst}
    reg_nr = [t.removeprefix("Ta med Reg-nr ") for t in seksjon.locator("label[for^=med-]").all_inner_texts()]
    uten = flyttet = til = None
    if len(reg_nr) >= 2:
        uten = reg_nr[-1]
        seksjon.get_by_label(f"Ta med Reg-nr {uten}").uncheck()
    kommuneliste = page.locator("#kommuneliste option").evaluate_all("o => o.map(e => e.value)")
    # a kommune without a part, else another with one
    andre = [k for k in kommuneliste if k not in titler] or [k for k in titler if k != kommune_tekst]
    if len(reg_nr) >= 3 and andre:
        flyttet, til = reg_nr[0], andre[0]
        seksjon.get_by_label(f"Flytt Reg-nr {flyttet} til kommune").fill(til)
        valgte.add(til)
    for boks in page.locator("input[name=kommune]").all():  # drafts only for the kommuner walked here
        navn = page.locator(f"label[for='{boks.get_attribute('id')}']").inner_text()
        if not any(navn.endswith(f"for {k.rsplit(' (', 1)[0]}") for k in valgte):
            boks.uncheck()
    o.sjekk("forslag-resultat")
    page.get_by_role("button", name="Lag utkast til fordelingslister").click()
    expect(
        page.get_by_text(re.compile(rf"Laget eller utvidet \d utkast til fordelingslister: .*{kommunenavn}"))
    ).to_be_visible()
    nye = Fordelingsliste.objects.filter(pk__gt=for_forslaget or 0, status=Fordelingsliste.Status.UTKAST)
    utkast = nye.get(kommune__navn=kommunenavn)
    paa_utkast = set(utkast.linjer.values_list("person__husstand__reg_nr", flat=True))
    assert paa_utkast and uten not in paa_utkast and flyttet not in paa_utkast, (paa_utkast, uten, flyttet)
    if flyttet:
        flyttet_til = nye.filter(linjer__person__husstand__reg_nr=flyttet).first()
        assert flyttet_til and flyttet_til.kommune.navn == til.rsplit(" (", 1)[0], (flyttet, til)
    o.sjekk("forslag-utkast")
    page.get_by_role("link", name=utkast.navn).first.click()
    send_til_kommunen(page)
    expect(page.get_by_text(f"Fordelingslisten «{utkast.navn}» er sendt til {kommunenavn}.")).to_be_visible()

    # 5. The kommuner's feedback on missing information.
    admin_modell(page, "Tilbakemeldinger på bosettingsforberedende informasjon")
    per_mangel = page.get_by_role("table", name="Per mangel (utvalget)")
    expect(per_mangel.get_by_role("row").nth(1)).to_be_visible()
    o.sjekk("tilbakemeldinger")

    # 6. A person: Bosettingsinformasjon and Karriereveiledning registered; the folder opened; the Innsynslogg.
    person = (
        Person.objects.filter(
            mottak__navn="Hå asylmottak",
            bosettingssak__status=Saksstatus.FORDELINGSKLAR,
            bosettingsinformasjon__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    admin_person(page, person)
    page.get_by_role("button", name="Legg til ny Bosettingsinformasjon").click()
    page.get_by_role("textbox", name="Telefonnummer:", exact=True).fill("41234567")
    page.get_by_role("textbox", name="Sosial informasjon:", exact=True).fill("Har en bror i Bodø.")
    page.get_by_role("button", name="Legg til ny Karriereveiledning").click()
    page.get_by_role("textbox", name="Dato for samtalen:", exact=True).fill(
        timezone.localdate().strftime("%d.%m.%Y")
    )
    page.get_by_role("textbox", name="Karriereveileder:", exact=True).fill("Karriere Vest")
    page.get_by_role("textbox", name="Karriereveileders notat:", exact=True).fill(
        "Ønsker å bli helsefagarbeider."
    )
    o.sjekk("person")
    page.get_by_role("button", name="Lagre og fortsett å redigere").click()
    expect(melding(page)).to_contain_text("ble endret")
    expect(page.get_by_role("textbox", name="Telefonnummer:", exact=True)).to_have_value("41234567")
    expect(page.get_by_role("textbox", name="Karriereveileder:", exact=True)).to_have_value("Karriere Vest")
    page.get_by_role("link", name="Se kompetansen i personmappen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kompetanse")
    page.go_back()
    page.get_by_role("link", name="Vis innsynslogg (hvem har åpnet personmappen)").click()
    logg = page.locator("#result_list tbody")
    expect(logg).to_contain_text("Kompetanse")
    expect(logg).to_contain_text(str(person))
    o.sjekk("innsynslogg")

    # 7. An overføringsflyktning (no mottak, no vertskommune): IMDi maps the competence from the person.
    uten_imdis = Person.objects.filter(mottak__isnull=True).exclude(
        pk__in=Kompetanseregistrering.objects.filter(kilde=Kilde.IMDI).values("person")
    )
    overforing = (
        uten_imdis.filter(sakstype=Person.Sakstype.OVERFORINGSFLYKTNING).order_by("pk").first()
        or uten_imdis.order_by("pk").first()  # any person outside a mottak has the same link
    )
    admin_person(page, overforing)
    page.get_by_role("link", name="Kompetansekartlegging (IMDi)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kompetansekartlegging:")
    o.sjekk("kartlegging")
    kartlegg(page, morsmaal="Pashto", yrke="Snekker", person=overforing, kilde=Kilde.IMDI)


def admin_person(page: Page, person: Person) -> None:
    """Arbeidsbenk → Personer → search by DUF → the person's page."""
    admin_modell(page, "Personer")
    page.locator("#searchbar").fill(person.duf_nummer)
    page.locator("#changelist-search").get_by_role("button").click()
    page.locator("#result_list").get_by_role("link", name=person.duf_nummer, exact=True).click()
    expect(page.get_by_role("heading", name="Endre person")).to_be_visible()


@omvisning("bufetat")
def bufetat(o: Omvisning) -> None:
    """«Innmeldinger (Bufetat)»: only EM under 15, handled like IMDi handles the rest."""
    page = o.page
    innmelding = innmelding_som_venter(Innmelding.Mottaker.BUFETAT)
    innmelding_som_venter(Innmelding.Mottaker.IMDI)  # one that is not Bufetat's, to be sure it is not shown
    hovedmeny(page, "Innmeldinger (Bufetat)")
    rader = page.locator("#result_list tbody tr")
    expect(rader).to_have_count(Innmelding.objects.filter(mottaker=Innmelding.Mottaker.BUFETAT).count())
    for rad in rader.all():
        expect(rad).to_contain_text("Bufetat")
    o.sjekk("innmeldinger")
    behandle_innmelding(o, innmelding, "Fosterhjemmet er godkjent.")


# --- The users named after their role ----------------------------------------------------------------------


def forventet_meny(rolle: Rolle, meny: str) -> list[str]:
    """The entries of a menu that one role, held alone, opens: from the navigation registry and the permission
    table (an entry of the user's own organisations only — «egne» — is not opened by IMDi's national reach)."""
    ut = []
    for lenke in REGISTER:
        if lenke.meny != meny:
            continue
        roller = TILLATELSER[lenke.tillatelse].roller if lenke.tillatelse else None
        if roller is not None and lenke.egne:
            roller = roller - {Rolle.IMDI_SAKSBEHANDLER}
        if roller is None or rolle in roller:
            ut.append(lenke.tekst)
    return ut


def overskrifter(page: Page):
    return page.locator(".paneler > section h2")


def test_hver_rolle_alene(logg_inn, live_server, demo):
    """Each single-role user sees exactly the global menu its role grants and, at its organisation, the left
    menu; and rearranges its Arbeidsflate (buttons; drag and drop for the first)."""
    for i, rolle in enumerate(Rolle):
        page = logg_inn(rolle.value)
        hovedmeny_ = page.get_by_role("navigation", name="Hovedmeny")
        expect(hovedmeny_.get_by_role("link")).to_have_text(forventet_meny(rolle, "hoved"))

        paneler = overskrifter(page).all_inner_texts()
        page.get_by_role("link", name="Rediger arbeidsflaten").click()
        if i == 0:
            page.set_viewport_size({"width": 1280, "height": 1600})
            page.locator(".paneler > section h2").last.drag_to(page.locator(".paneler > section h2").first)
            forventet = [paneler[-1], *paneler[:-1]]
        else:
            page.get_by_role("button", name=f"Flytt ned {paneler[0]}").click()
            forventet = [paneler[1], paneler[0], *paneler[2:]]
        expect(overskrifter(page)).to_have_text(forventet)
        page.get_by_role("link", name="Ferdig").click()
        # «Ferdig» navigates: reload only once the plain Arbeidsflate has loaded (a reload during the navigation
        # finds no page to reload)
        expect(page.get_by_role("link", name="Rediger arbeidsflaten")).to_be_visible()
        page.reload()
        expect(overskrifter(page)).to_have_text(forventet)
        SKJERMBILDER.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SKJERMBILDER / f"omvisning-rolle-{rolle.value}.png", full_page=True)

        venstre = {Omraade.MOTTAK: ("Mottak", "mottak"), Omraade.KOMMUNE: ("Kommuner", "kommune")}
        if rolle.omraade in venstre:
            lenke, meny = venstre[rolle.omraade]
            hovedmeny(page, lenke)
            nav = page.get_by_role("navigation", name=meny.capitalize())
            expect(nav.get_by_role("link")).to_have_text(forventet_meny(rolle, meny))
            page.screenshot(path=SKJERMBILDER / f"omvisning-rolle-{rolle.value}-{meny}.png", full_page=True)


@pytest.mark.parametrize("brukernavn", list(OMVISNINGER))
def test_omvisning(brukernavn, logg_inn, live_server, demo):
    page = logg_inn(brukernavn)
    expect(page.get_by_role("heading", name="Arbeidsflate", exact=True)).to_be_visible()
    OMVISNINGER[brukernavn](Omvisning(page, brukernavn))
