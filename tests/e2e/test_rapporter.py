"""The reports in the browser: Lars in Sortland (Anmoder_Les and Bosetter_Les) opens the special settlement
report and the national report from the left menu, filters by category, downloads the CSV and finds the
rows he saw on the page; both pages pass axe-core."""

import csv
import io

import pytest
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Bruker, Kommune
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak
from kommune.models import Kategori
from kommune.selectors import kategori_for

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


def last_ned_csv(page) -> list[list[str]]:
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name="Last ned CSV").click()
    innhold = open(nedlasting.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    return list(csv.reader(io.StringIO(innhold), delimiter=";"))


def test_kommunen_henter_rapportene(logg_inn, live_server, demo):
    sortland = Kommune.objects.get(nummer="1870")
    sak = en_bosatt_i(sortland)
    person, aar = sak.person, sak.bosettingsdato.year
    kategori = Kategori(kategori_for(person, sak.bosettingsdato)).label

    page = logg_inn("kommunelese")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kommuner", exact=True).click()
    meny = page.get_by_role("navigation", name="Kommune")
    expect(meny.get_by_text("Rapporter", exact=True)).to_be_visible()

    # 1. Spesialisert bosettingsrapport: the person is there, with their category.
    meny.get_by_role("link", name="Spesialisert bosettingsrapport").click()
    expect(page.get_by_role("heading", name="Spesialisert bosettingsrapport – Sortland")).to_be_visible()
    page.get_by_label("År").select_option(str(aar))
    page.get_by_label("Kategori").select_option(label=kategori)
    page.get_by_role("button", name="Vis").click()
    rad = page.get_by_role("row").filter(has_text=person.duf_formatert)
    expect(rad).to_contain_text(person.etternavn)
    expect(rad).to_contain_text(f"{sak.bosettingsdato:%d.%m.%Y}")
    expect(rad).to_contain_text(kategori)
    andre = [k for k in Kategori.labels if k != kategori]
    for navn in andre:
        expect(page.get_by_role("table")).not_to_contain_text(navn)
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
    assert len(rader) - 1 == page.locator("tbody tr").count()  # the CSV has the rows of the page

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
