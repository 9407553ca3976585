"""The person folder end to end on the demo data: `kommune` finds a person søkt ut to Sortland by name,
walks every section of the folder and its printout page, writes a note on the kommune's Hendelser linked
by DUF that shows in the folder, and reports missing information for a settled person, which IMDi sees
grouped in the admin. `tromso` gets 404 on the folder. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from imdinett.personer.models import Bosettingssak, Innsynslogg, Person
from imdinett.personer.views import SEKSJONER

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e
Saksstatus = Bosettingssak.Status


def test_personmappe_notat_og_tilbakemelding(logg_inn, live_server, demo):
    person = Person.objects.get(bosettingsinformasjon__veiledende_merknad="Søster bor i kommunen.")
    bosatt = Person.objects.filter(
        bosettingssak__status=Saksstatus.BOSATT,
        bosettingssak__kommune__navn="Sortland",
        fordelingslinjer__mottak__navn="Hå asylmottak",
    ).last()
    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Personer", exact=True).click()
    page.get_by_label("Søk på navn, DUF-nummer, fødselsnummer eller Reg-nummer").fill(person.etternavn)
    page.get_by_role("button", name="Søk").click()
    sjekk_side(page, "personer-sok")
    page.get_by_role("link", name=person.duf_formatert).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grunndata")
    expect(page.get_by_text("Tidligere asylsøker")).to_be_visible()
    sjekk_side(page, "personmappe-grunndata")
    meny = page.get_by_role("navigation", name="Personmappe")
    for navn in list(SEKSJONER.values())[1:]:
        meny.get_by_role("link", name=navn, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(navn)
        sjekk_side(page, f"personmappe-{navn.split()[0].lower()}")
    meny.get_by_role("link", name="Bosetting", exact=True).click()
    expect(page.get_by_text("Søster bor i kommunen.")).to_be_visible()
    assert Innsynslogg.objects.filter(person=person, bruker__username="kommune").count() >= len(SEKSJONER)

    # A note on the kommune's Hendelser, linked by DUF, shows in the person's Hendelser.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner").click()
    page.get_by_role("navigation", name="Kommune").get_by_role("link", name="Hendelser").click()
    page.get_by_text("Opprett notat", exact=True).click()
    page.get_by_label("Tittel").fill("Samtale med flyktningkontoret")
    page.locator("#id_omraade").select_option("bosetting")
    page.locator("#id_tekst").fill("Familien ønsker å bo i sentrum.")
    page.get_by_label("Knytt til person (DUF-nummer)").fill("2020 000000 00")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text("Fant ingen person med DUF-nummer 2020 000000 00")).to_be_visible()
    expect(page.get_by_label("Tittel")).to_have_value("Samtale med flyktningkontoret")
    page.get_by_label("Knytt til person (DUF-nummer)").fill(person.duf_formatert)
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text(f"{person.duf_formatert} – {person.navn}")).to_be_visible()
    sjekk_side(page, "kommune-hendelser-notat")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_text("Notatet er opprettet.")).to_be_visible()
    page.goto(f"{live_server.url}/personer/{person.pk}/hendelser/")
    page.get_by_text("Samtale med flyktningkontoret").click()  # «Vis detaljer»
    expect(page.get_by_text("Familien ønsker å bo i sentrum.")).to_be_visible()
    sjekk_side(page, "personmappe-hendelser-notat")

    # Feedback on a settled person's missing information.
    page.goto(f"{live_server.url}/personer/{bosatt.pk}/")
    page.get_by_role("link", name="Meld inn tilbakemelding").click()
    page.get_by_label("Førerkort").check()
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_text("Beskriv hva som manglet eller var feil.")).to_be_visible()
    page.get_by_label("Beskriv hva som manglet eller var feil").fill(
        "Førerkortet fra hjemlandet var ikke nevnt."
    )
    sjekk_side(page, "tilbakemelding")
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_text("Tilbakemeldingen er sendt til IMDi.")).to_be_visible()

    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/fordeling/tilbakemelding/")
    per_mangel = page.get_by_role("table", name="Per mangel (utvalget)")
    expect(per_mangel.get_by_role("row", name="Førerkort 1")).to_be_visible()
    expect(per_mangel.get_by_role("row", name="Kjæledyr 1")).to_be_visible()  # the demo's feedback
    per_mottak = page.get_by_role("table", name="Per mottak (utvalget)")
    expect(per_mottak.get_by_role("row", name="Hå asylmottak 2")).to_be_visible()
    page.screenshot(path="var/skjermbilder/admin-tilbakemeldinger.png", full_page=True)

    page = logg_inn("tromso")
    svar = page.goto(f"{live_server.url}/personer/{person.pk}/bosetting/")
    assert svar.status == 404
