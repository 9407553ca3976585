"""The reports in the browser: Lars in Sortland (Anmoder_Les and Bosetter_Les) opens the special settlement
report and the national report from the left menu, filters by category, pages through the settled persons
(#21: BOSATTE_PER_SIDE a page, the filter kept), downloads the CSV and finds every row of every page in it;
both pages pass axe-core."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Bruker, Kommune, Mottak
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak
from kommune.models import Kategori
from kommune.selectors import BOSATTE_PER_SIDE, kategori_for
from tests.factories import HusstandFactory, PersonFactory

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e
Saksstatus = Bosettingssak.Status


def en_bosatt_i(kommune: Kommune) -> Bosettingssak:
    """A person settled in the kommune; the demo has some (moved out three days ago), else one is settled."""
    sak = (
        Bosettingssak.objects.filter(kommune=kommune, status=Saksstatus.BOSATT)
        .select_related("person")
        .order_by("person__etternavn")
        .first()
    )
    if sak is None:
        husstand = (
            Bosettingssak.objects.filter(kommune=kommune, status=Saksstatus.SOKT_UT).first().person.husstand
        )
        sakene = list(Bosettingssak.objects.filter(person__husstand=husstand, status=Saksstatus.SOKT_UT))
        imdi = Bruker.objects.get(username="imdi")
        saker.bosettingssak_bosett(saker=sakene, bosettingsdato=sakene[0].forventet_uke, av=imdi)
        sak = Bosettingssak.objects.select_related("person").get(pk=sakene[0].pk)
    return sak


def flere_bosatte_som(sak: Bosettingssak, antall: int) -> None:
    """`antall` more persons like the case's (type and birth date: the same category), settled in its kommune
    on its date, named after it so they come after it in the report."""
    p, imdi = sak.person, Bruker.objects.get(username="imdi")
    husstand = HusstandFactory()
    personer = [
        PersonFactory(
            husstand=husstand,
            mottak=Mottak.objects.get(navn="Hå asylmottak"),
            persontype=p.persontype,
            fodselsdato=p.fodselsdato,
            etternavn=f"{p.etternavn}sen{i:02d}",
        )
        for i in range(antall)
    ]
    nye = saker.bosettingssak_ferdigstill(
        saker=saker.bosettingssak_opprett(personer=personer, av=imdi), av=imdi
    )
    nye = saker.bosettingssak_fordel(saker=nye, kommune=sak.kommune, av=imdi)
    nye = saker.bosettingssak_sok_ut(saker=nye, forventet_uke=sak.bosettingsdato, av=imdi)
    saker.bosettingssak_bosett(saker=nye, bosettingsdato=sak.bosettingsdato, av=imdi)


def last_ned_csv(page) -> list[list[str]]:
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name="Last ned CSV").click()
    innhold = open(nedlasting.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    return list(csv.reader(io.StringIO(innhold), delimiter=";"))


def test_kommunen_henter_rapportene(logg_inn, live_server, demo):
    sortland = Kommune.objects.get(nummer="1870")
    sak = en_bosatt_i(sortland)
    person, aar = sak.person, sak.bosettingsdato.year
    sak_kategori = kategori_for(person, sak.bosettingsdato)
    kategori = Kategori(sak_kategori).label

    page = logg_inn("kommunelese")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    meny = page.get_by_role("navigation", name="Kommune")
    expect(meny.get_by_text("Rapporter", exact=True)).to_be_visible()

    # 1. Spesialisert bosettingsrapport: the person is there, with their category, on the first of two pages.
    flere_bosatte_som(sak, BOSATTE_PER_SIDE)
    i_utvalget = (
        Bosettingssak.objects.filter(kommune=sortland, status=Saksstatus.BOSATT, bosettingsdato__year=aar)
        .select_related("person")
        .order_by("person__etternavn", "person__fornavn")
    )
    antall = sum(1 for s in i_utvalget if kategori_for(s.person, s.bosettingsdato) == sak_kategori)
    assert BOSATTE_PER_SIDE < antall <= 2 * BOSATTE_PER_SIDE
    meny.get_by_role("link", name="Spesialisert bosettingsrapport").click()
    expect(page.get_by_role("heading", name="Spesialisert bosettingsrapport – Sortland")).to_be_visible()
    page.get_by_label("År").select_option(str(aar))
    page.get_by_label("Kategori").select_option(label=kategori)
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("status")).to_have_text(f"Viser 1–{BOSATTE_PER_SIDE} av {antall} personer.")
    rad = page.get_by_role("row").filter(has_text=person.duf_formatert)
    expect(rad).to_contain_text(person.etternavn)
    expect(rad).to_contain_text(f"{sak.bosettingsdato:%d.%m.%Y}")
    expect(rad).to_contain_text(kategori)
    andre = [k for k in Kategori.labels if k != kategori]
    for navn in andre:
        expect(page.get_by_role("table")).not_to_contain_text(navn)
    sider = page.get_by_role("navigation", name="Sider i rapporten")
    expect(sider.get_by_role("link", name="Side 1")).to_have_attribute("aria-current", "true")
    duf_paa_sidene = page.locator("tbody tr td:first-child").all_inner_texts()
    assert len(duf_paa_sidene) == BOSATTE_PER_SIDE

    # The next page (htmx swaps the list and updates the address; the filter stays).
    sider.get_by_role("link", name="Neste").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Viser {BOSATTE_PER_SIDE + 1}–{antall} av {antall} personer."
    )
    expect(page).to_have_url(re.compile(rf"aar={aar}.*side=2|side=2.*aar={aar}"))
    assert f"kategori={sak_kategori}" in page.url
    expect(page.get_by_label("Kategori")).to_have_value(sak_kategori)
    expect(page.locator("tbody tr")).to_have_count(antall - BOSATTE_PER_SIDE)
    duf_paa_sidene += page.locator("tbody tr td:first-child").all_inner_texts()
    sjekk_side(page, "kommune-rapport-bosatte")
    rader = last_ned_csv(page)
    assert rader[0][0] == "DUF-nummer"
    assert [
        person.duf_formatert,
        person.etternavn,
        " ".join(n for n in (person.fornavn, person.mellomnavn) if n),
        f"{person.fodselsdato:%d.%m.%Y}",
        person.get_kjonn_display(),
        person.statsborgerskap,
        person.get_sakstype_display(),
        kategori,
        f"{sak.bosettingsdato:%d.%m.%Y}",
    ] in rader
    assert [r[0] for r in rader[1:]] == duf_paa_sidene  # the CSV holds every page's rows, in their order

    # 2. Bosettingsrapport for hele landet: Sortland's row in the category, the same in the CSV.
    meny.get_by_role("link", name="Bosettingsrapport for hele landet").click()
    expect(page.get_by_role("heading", name="Bosettingsrapport for hele landet")).to_be_visible()
    page.get_by_label("År").select_option(str(aar))
    page.get_by_label("Kategori").select_option(label=kategori)
    page.get_by_role("button", name="Vis").click()
    rad = page.get_by_role("row").filter(has_text="Sortland")
    expect(rad).to_have_count(1)
    celler = [t.strip() for t in rad.get_by_role("cell").all_inner_texts()]
    assert celler[:3] == ["1870", "Sortland", kategori] and int(celler[6]) >= 1  # Bosatt
    expect(page.get_by_role("row").filter(has_text="Totalt")).to_be_visible()
    sjekk_side(page, "kommune-rapport-bosetting")
    rader = last_ned_csv(page)
    assert rader[0] == [
        "Kommunenummer",
        "Kommune",
        "Kategori",
        "Vedtak",
        "Fordelt",
        "Søkt ut",
        "Bosatt",
        "Ledige",
    ]
    assert celler in rader
    assert {r[2] for r in rader[1:]} == {kategori}
