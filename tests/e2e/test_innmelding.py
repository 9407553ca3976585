"""Innmeldinger end to end: the kommune sends each type, each with its own fields (mistakes shown next to the
field, nothing lost), cancels (a missing reason marked at the field); IMDi answers, and rejects in the admin in
one step; Bufetat sees only EM under 15."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.personer.models import Person
from innmelding.models import AKTIVE, Innmelding
from innmelding.selectors import AKTUELLE_SAKSSTATUSER

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def meny(page, navn):
    page.get_by_role("navigation", name="Kommune").get_by_role("link", name=navn, exact=True).click()


def admin_handling(page, live_server, pk, handling):
    page.goto(f"{live_server.url}/admin/innmelding/innmelding/")
    page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.get_by_label("Handling").select_option(label=handling)
    page.get_by_role("button", name="Gå", exact=True).click()


def test_innmeldinger_fra_kommune_til_imdi_og_bufetat(logg_inn, live_server, demo):
    # The demo's own notices are there too: count and pick only what this walk sends.
    aktive = Innmelding.objects.filter(kommune__navn="Sortland", status__in=AKTIVE).count()
    foer = Innmelding.objects.order_by("pk").last().pk
    nye = Innmelding.objects.filter(pk__gt=foer)
    page = logg_inn("kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    meny(page, "Ledige boliger")
    page.get_by_label("Familiebolig", exact=True).check()
    page.get_by_label("Antall plasser").fill("5")
    page.get_by_label("Klar for bosetting (uke)").fill("2026-W50")
    page.get_by_label("Utfyllende informasjon").fill("Fire soverom, nær skole")
    page.get_by_label("Tilpasset særlig hensyn").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#saerlig_hensyn_beskrivelse-feil")).to_contain_text("Beskriv hvilke særlige hensyn")
    expect(page.get_by_label("Utfyllende informasjon")).to_have_value("Fire soverom, nær skole")
    expect(page.get_by_label("Antall plasser")).to_have_value("5")
    sjekk_side(page, "innmelding-familiebolig-feil")
    page.get_by_label("Beskriv hvilke særlige hensyn").fill("Trappefri adkomst, bad tilpasset rullestol")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")

    meny(page, "Ledige boliger")
    page.get_by_label("EM-tiltak", exact=True).check()
    page.get_by_label("Antall plasser").fill("2")
    page.get_by_label("Type EM-tiltak").select_option(label="Fosterhjem")
    page.get_by_label("Enslige mindreårige under 15 år").check()
    page.get_by_label("Klar for bosetting (uke)").fill("2026-W51")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Innmeldingen er sendt.")

    meny(page, "Bestemte personer")
    page.get_by_label("DUF-nummer").fill("202090065104")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#duf-feil")).to_contain_text("DUF-nummeret er ikke gyldig (feil kontrollsiffer)")
    uten_sak = Person.objects.filter(bosettingssak__isnull=True, mottak__navn="Hå asylmottak").first()
    page.get_by_label("DUF-nummer").fill(uten_sak.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("#duf-feil")).to_contain_text("Personen er ikke aktuell for bosetting")
    sjekk_side(page, "innmelding-bestemt-person-feil")
    aktuell = Person.objects.filter(bosettingssak__status__in=AKTUELLE_SAKSSTATUSER).first()
    page.get_by_label("DUF-nummer").fill(aktuell.duf_nummer)
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_label("Tilknytning")).to_be_visible()
    expect(page.get_by_label("Tilpasset særlig hensyn")).to_have_count(0)  # a dwelling's question (seed 002)
    sjekk_side(page, "innmelding-bestemt-person")

    meny(page, "Antall plasser")
    expect(page.get_by_label("Tilpasset særlig hensyn")).to_have_count(0)
    page.get_by_label("Maks antall personer").fill("6")
    page.get_by_label("Klar for bosetting (uke)").fill("2027-W02")
    page.get_by_label("Antall uker på rad").fill("3")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("3 innmeldinger er sendt, én per uke.")
    expect(page.locator("#innmeldinger")).to_contain_text(f"Antall innmeldinger: {aktive + 5}")
    sjekk_side(page, "innmelding-aktive")

    uke3 = nye.get(type="antall_plasser", forventet_uke__week=4)
    page.locator(f"#innmelding-{uke3.pk}").get_by_role("link", name=re.compile("Vis detaljer")).click()
    page.get_by_role("button", name="Kanseller innmelding").click()  # no reason: the message at the field
    begrunnelse = page.get_by_label("Begrunnelse")
    expect(page.locator("#begrunnelse-feil")).to_have_text("Skriv en begrunnelse for kanselleringen.")
    expect(begrunnelse).to_have_attribute("aria-invalid", "true")
    expect(begrunnelse).to_have_attribute("aria-describedby", "begrunnelse-feil")
    expect(begrunnelse).to_be_focused()
    sjekk_side(page, "innmelding-kanseller-feil")
    begrunnelse.fill("Boligen ble ikke klar")
    page.get_by_role("button", name="Kanseller innmelding").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Innmelding {uke3.pk} er kansellert.")
    meny(page, "Kapasitet per uke")
    sjekk_side(page, "innmelding-kapasitet")

    familiebolig = nye.get(boligtype="familiebolig")
    uke1 = nye.get(type="antall_plasser", forventet_uke__week=2)
    fosterhjem = nye.get(em_tiltak="fosterhjem")
    page = logg_inn("imdi")
    admin_handling(page, live_server, familiebolig.pk, "Ta til behandling (Saksbehandles)")
    expect(page.get_by_text("Saksbehandles: 1.")).to_be_visible()
    page.goto(f"{live_server.url}/admin/innmelding/innmelding/{familiebolig.pk}/change/")
    page.get_by_label("Svar til kommunen").fill("Vi fordeler en familie på fem til boligen.")
    page.get_by_role("button", name="Lagre", exact=True).click()
    admin_handling(page, live_server, familiebolig.pk, "Merk som behandlet")
    expect(page.get_by_text("Behandlet: 1.")).to_be_visible()
    page.goto(f"{live_server.url}/admin/innmelding/innmelding/{uke1.pk}/change/")
    page.get_by_role("button", name="Avslå innmeldingen").click()  # no reason: refused at the field
    avslag = page.get_by_label("Begrunnelse for avslaget")
    expect(page.locator("#id_avslag_begrunnelse_error")).to_contain_text("Skriv en begrunnelse for avslaget.")
    expect(avslag).to_have_attribute("aria-invalid", "true")
    sjekk_side(page, "admin-innmelding-avslaa-feil")
    avslag.fill("Ingen klare for bosetting i uke 2")  # the reason and the button together: one step
    page.get_by_role("button", name="Avslå innmeldingen").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Innmelding {uke1.pk} er avslått.")

    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/kommuner/{familiebolig.kommune_id}/innmeldinger/ferdigbehandlede/?alle=1")
    liste = page.locator("#innmeldinger")
    expect(liste).to_contain_text("Behandlet")
    expect(liste).to_contain_text("Vi fordeler en familie på fem til boligen.")
    expect(liste).to_contain_text("Avslått")
    expect(liste).to_contain_text("Ingen klare for bosetting i uke 2")
    expect(liste).to_contain_text("Kansellert")
    sjekk_side(page, "innmelding-ferdigbehandlede")

    page = logg_inn("bufetat")
    page.get_by_role("link", name="Innmeldinger (Bufetat)").click()
    expect(page.locator(f"#result_list a[href*='/innmelding/{fosterhjem.pk}/change/']")).to_have_count(1)
    expect(page.locator("#result_list")).not_to_contain_text("Familiebolig")
    assert re.search("innmelding", page.url)
