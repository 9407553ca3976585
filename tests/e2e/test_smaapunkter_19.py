"""Issue #19 no. 9's smaller screen points on the demo data, as the kommune and the mottak meet them: the
kommune's «Vis detaljer» on an open fordelingsliste says where the person comes from in words, not a code
(a); Kontaktinformasjon, the mottak's and the kommune's flyktningkontor, says who made the last change (c).
The «Totalt» row (b) is in test_anmodning, the besøksadresse (d) in test_seedtro_skjermer, the list numbers and
the extra grant (e, f) in test_listenummer_og_tilskudd."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fordeling.models import Fordelingsliste
from imdinett.organisasjoner.models import Bruker, Mottak
from imdinett.personer.models import Person

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_vis_detaljer_sier_hvor_personen_kommer_fra_i_ord(logg_inn, live_server, demo):
    kommune = Bruker.objects.get(username="kommune").organisasjon
    liste = Fordelingsliste.objects.get(kommune=kommune, status=Fordelingsliste.Status.SENDT)
    linjer = liste.linjer.order_by("pk")
    Person.objects.filter(pk=linjer[0].person_id).update(plasstype=Person.Plasstype.TILRETTELAGT)
    Person.objects.filter(pk=linjer[1].person_id).update(plasstype=Person.Plasstype.EM)

    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/kommuner/{kommune.pk}/fordelinger/{liste.pk}/")
    for summary in page.locator("tr.detaljrad summary").all():
        summary.click()
    detaljer = page.locator("tr.detaljrad")
    for ord_ in ("Tilrettelagt avdeling", "EM-mottak"):
        expect(detaljer.filter(has_text=re.compile(rf"Kommer fra\s*{ord_}"))).to_have_count(1)
    expect(detaljer.filter(has_text="Kommer fra")).to_have_count(linjer.count())
    tekst = " ".join(detaljer.all_inner_texts())
    koder = "|".join(Person.Plasstype.values)
    assert not re.search(rf"Kommer fra\s*({koder})(?![\w-])", tekst), tekst
    sjekk_side(page, "kommune-liste-kommer-fra")


def test_kontaktinformasjon_sier_hvem_som_endret(logg_inn, live_server, demo):
    haa = Mottak.objects.get(navn="Hå asylmottak")
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{haa.pk}/kontaktinformasjon/")
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"Endret\s*\d\d\.\d\d\.\d{4} av Morten Mottaksadministrator")
    )
    sjekk_side(page, "mottak-kontaktinformasjon-endret-av")

    page = logg_inn("kommune")
    kommune = Bruker.objects.get(username="kommune").organisasjon
    page.goto(f"{live_server.url}/kommuner/{kommune.pk}/?rediger=1")
    page.get_by_label("Telefon", exact=True).fill("76109001")
    page.get_by_role("button", name="Lagre").click()
    idag = timezone.localdate().strftime("%d.%m.%Y")
    expect(page.locator("dl").filter(has_text="76109001")).to_contain_text(f"Endret{idag} av Siri Sortland")
    sjekk_side(page, "kommune-kontaktinformasjon-endret-av")
