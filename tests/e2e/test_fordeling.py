"""Fordeling end to end on the demo data: IMDi sends a list with a family and a single adult to
Sortland in the admin; the kommune sees it without names, DUF or fødselsnummer, declines the single
adult (a reason is required) and accepts the family with a week, in two steps; the family is søkt ut
and reachable for Sortland only, the single adult is fordelingsklar again with the reason on the log,
the mottak is told kommune and week, and IMDi's two letters name the family and Sortland."""

import re
from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone
from playwright.sync_api import expect

from fordeling.models import Fordelingsliste
from imdinett.personer.models import Bosettingssak, Husstand, Person
from imdinett.uker import uke_tekst

from ..conftest import pdftekst
from ..fordeling.test_sider import identifikatorer
from .conftest import SKJERMBILDER, send_til_kommunen, sjekk_side

pytestmark = pytest.mark.e2e
Saksstatus = Bosettingssak.Status


def velg_husstander():
    """A family (more than one member, all fordelingsklar) and a single adult, both from Hå asylmottak."""
    klare = Husstand.objects.annotate(
        antall=Count("personer"),
        klare=Count("personer", filter=Q(personer__bosettingssak__status=Saksstatus.FORDELINGSKLAR)),
        haa=Count("personer", filter=Q(personer__mottak__navn="Hå asylmottak")),
    ).filter(klare=F("antall"), haa=F("antall"))
    familie = klare.filter(antall__gt=1).order_by("reg_nr").first()
    enslig = (
        klare.filter(antall=1, personer__persontype=Person.Persontype.ENSLIG_VOKSEN)
        .order_by("reg_nr")
        .first()
    )
    assert familie and enslig, "demodataene mangler en fordelingsklar familie eller enslig voksen på Hå"
    return list(familie.personer.order_by("fodselsdato")), enslig.personer.get()


def sjekk_anonym(html: str, personer: list[Person]) -> None:
    funnet = [t for t in identifikatorer(personer) if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", html)]
    assert not funnet, f"Kommunen ser identifiserende opplysninger før den har sagt ja: {funnet}"


def pdf_tekst(dokument) -> str:
    return " ".join(pdftekst(dokument.fil.read(), layout=True).split())


def test_fordelingsliste_fra_imdi_til_svar_fra_kommunen(logg_inn, live_server, demo):
    familie, enslig = velg_husstander()
    alle = [*familie, enslig]
    idag = timezone.localdate()
    mandag = idag + timedelta(weeks=5, days=-idag.weekday())  # the week the kommune expects to settle
    aar, ukenr, _ = mandag.isocalendar()
    uke_verdi = f"{aar}-W{ukenr:02d}"
    begrunnelse = "Kommunen har ingen ledig bofellesskapsplass før sommeren"

    # 1. IMDi builds and sends the list in the admin workbench.
    page = logg_inn("imdi")
    page.goto(f"{live_server.url}/admin/fordeling/fordelingsliste/add/")
    page.get_by_label("Kommune som skal få listen").select_option(label="Sortland (1870)")
    page.get_by_role("button", name="Velg kommune").click()
    expect(page.get_by_role("heading", name="Fordeling til Sortland (1870)")).to_be_visible()
    # The candidates come a page at a time: each household is found by its Reg-nr; what is ticked stays
    # ticked (at the top, «Valgt til listen») through the next search.
    for person in (familie[0], enslig):
        page.get_by_label(re.compile("Søk blant fordelingsklare husstander")).fill(person.husstand.reg_nr)
        page.get_by_role("button", name="Søk", exact=True).click()
        page.locator(f"input[name=husstand][value='{person.husstand_id}']").check()
    expect(page.get_by_role("heading", name=re.compile(r"Valgt til listen \(1 husstand"))).to_be_visible()
    page.get_by_role("button", name="Søk", exact=True).click()  # the search still shows the single adult
    expect(page.get_by_role("heading", name=re.compile(r"Valgt til listen \(2 husstander"))).to_be_visible()
    SKJERMBILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SKJERMBILDER / "imdi-fordeling-arbeidsbenk.png", full_page=True)
    send_til_kommunen(page, "Familien har tilknytning til Sortland")
    expect(page.get_by_text(re.compile("Fordelingslisten «.*» er sendt til Sortland"))).to_be_visible()
    liste = Fordelingsliste.objects.filter(kommune__nummer="1870").latest("opprettet")
    assert liste.status == Fordelingsliste.Status.SENDT
    assert {linje.person_id for linje in liste.linjer.all()} == {p.pk for p in alle}
    page.screenshot(path=SKJERMBILDER / "imdi-fordelingslister.png", full_page=True)

    # 2. The kommune opens the new list: nothing identifies the persons.
    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    page.get_by_role("navigation", name="Kommune").get_by_role("link", name="Fordelinger", exact=True).click()
    rad = page.get_by_role("row").filter(has=page.locator(f"a[href$='/fordelinger/{liste.pk}/']"))
    expect(rad).to_contain_text("Ny")
    expect(rad).to_contain_text(str(len(alle)))
    sjekk_side(page, "kommune-fordelinger")
    rad.get_by_role("link", name=liste.navn).click()
    expect(page.get_by_role("heading", name=f"Fordelingsliste {liste.navn}")).to_be_visible()
    expect(page.locator("dl.nokkeltall")).to_contain_text("Ny")
    sjekk_anonym(page.content(), alle)
    # One person's details are fetched when opened (htmx), in place, with the form untouched.
    page.locator("summary", has_text="Vis detaljer for person 1").click()
    detaljer = page.locator("#person-1 .detaljinnhold")
    expect(detaljer).to_contain_text("Kategori")
    expect(detaljer.get_by_role("link", name="Hent detaljene for person 1")).to_have_count(0)
    sjekk_anonym(page.content(), alle)
    sjekk_side(page, "kommune-fordelingsliste-en-person")
    page.get_by_role("link", name="Vis alle detaljer").click()
    expect(page.get_by_role("link", name="Skjul alle detaljer")).to_be_visible()
    sjekk_anonym(page.content(), alle)
    sjekk_side(page, "kommune-fordelingsliste")

    # 3. Decline the single adult without a reason: refused next to the field, weeks kept.
    husstand_familie = page.locator("tbody.husstandsgruppe").filter(has_text=f"({len(familie)} personer)")
    husstand_enslig = page.locator("tbody.husstandsgruppe").filter(has_text="(1 person)")
    husstand_enslig.get_by_role("checkbox", name="Bosettes").uncheck()
    ukefelt = husstand_familie.locator("input[data-uke]")
    expect(ukefelt).to_have_count(len(familie))
    for i in range(len(familie)):
        ukefelt.nth(i).fill(uke_verdi)
    page.get_by_role("button", name="Bekreft liste").click()
    feil = husstand_enslig.locator(".ds-validation-message")
    expect(feil).to_contain_text("Begrunn hvorfor husstanden ikke kan bosettes")
    feil_id = feil.get_attribute("id")
    assert re.fullmatch(r"begrunnelse_h\d+-feil", feil_id)
    tekstfelt = husstand_enslig.get_by_label("Begrunnelse hvis husstanden ikke bosettes")
    expect(tekstfelt).to_have_attribute("aria-describedby", feil_id)
    expect(husstand_enslig.get_by_role("checkbox", name="Bosettes")).not_to_be_checked()
    for i in range(len(familie)):
        expect(ukefelt.nth(i)).to_have_value(uke_tekst(mandag))  # kept, as the week it is
    sjekk_side(page, "kommune-fordelingsliste-feil")
    tekstfelt.fill(begrunnelse)
    page.get_by_role("button", name="Bekreft liste").click()
    expect(page.get_by_role("status").first).to_contain_text("Listen er bekreftet")
    expect(page.get_by_role("main")).to_contain_text("svaret er ikke sendt")
    sjekk_side(page, "kommune-fordelingsliste-bekreftet")
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("status").first).to_contain_text("Svaret er sendt til IMDi")
    expect(page.locator("dl.nokkeltall")).to_contain_text("Sendt")
    # The letter is made after the answer's commit (in-process without Redis), so it is there at once.
    expect(page.locator("dl.nokkeltall")).to_contain_text("Bosetting av flyktninger – Sortland kommune (PDF)")
    expect(page.get_by_role("main")).to_contain_text(begrunnelse)
    for p in familie:  # names appear once the kommune has said yes (two members may share a name)
        expect(page.locator(f"a[href='/personer/{p.pk}/']")).to_have_text(p.navn)
    expect(page.locator(f"a[href='/personer/{enslig.pk}/']")).to_have_count(0)
    sjekk_side(page, "kommune-fordelingsliste-besvart")

    # 4. The family is søkt ut to Sortland; the single adult is fordelingsklar with the reason logged.
    for p in familie:
        sak = Bosettingssak.objects.get(person=p)
        assert sak.status == Saksstatus.SOKT_UT
        assert sak.kommune.nummer == "1870"
        assert sak.forventet_uke == mandag
    sak = Bosettingssak.objects.get(person=enslig)
    assert sak.status == Saksstatus.FORDELINGSKLAR
    assert sak.kommune is None
    assert enslig.hendelser.filter(tekst__contains=begrunnelse).exists()

    # 5. Sortland reaches the family's folder; Tromsø does not.
    mappe = f"{live_server.url}/personer/{familie[0].pk}/"
    svar = page.goto(mappe)
    assert svar.status == 200
    expect(page.get_by_role("main")).to_contain_text(familie[0].fornavn)
    expect(page.get_by_role("main")).to_contain_text(familie[0].etternavn)
    page = logg_inn("tromso")
    svar = page.goto(mappe)
    assert svar.status == 404

    # 6. The mottak is told which kommune and which week.
    page = logg_inn("mottak")
    antall = f"{len(familie)} beboere søkt ut til Sortland kommune"
    expect(page.get_by_role("region", name="Varsler")).to_contain_text(antall)
    page.get_by_role("link", name="Se alle varsler").click()
    varsel = page.get_by_role("row").filter(has_text=uke_tekst(mandag))
    expect(varsel).to_have_count(1)
    expect(varsel).to_contain_text(antall)
    expect(varsel).to_contain_text(f"forventet bosettingsuke: uke {ukenr} {aar}")
    sjekk_side(page, "mottak-varsler-fordeling")

    # 7. IMDi's letters: «Bosetting av flyktninger» to the kommune, «Vedtak om bosettingskommune» each.
    liste.refresh_from_db()
    assert liste.status == Fordelingsliste.Status.BESVART
    assert liste.brev_status == Fordelingsliste.BrevStatus.LAGET
    brev = pdf_tekst(liste.brev)
    assert "Bosetting av flyktninger" in brev
    assert "Sortland" in brev
    for p in familie:
        assert p.navn in brev, f"{p.navn} mangler i brevet til kommunen"
    assert enslig.navn not in brev
    linje = liste.linjer.select_related("brev").get(person=familie[0])
    vedtak = pdf_tekst(linje.brev)
    assert "Vedtak om bosettingskommune" in vedtak
    assert familie[0].navn in vedtak
    assert "Sortland kommune" in vedtak
    assert liste.linjer.get(person=enslig).brev is None
