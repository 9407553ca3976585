"""#19 no. 9 e and f in the kommune's browser, on the demo data: Fordelinger numbers the kommune's lists from 1
each year (other kommuner's lists count for themselves), and an unanswered list tells of a possible extra grant
for a person from a særskilt botilbud and for one with særlig hensyn from an ordinary mottak, in the table and
in «Vis detaljer»."""

import re

import pytest
from playwright.sync_api import expect

from fordeling.models import Fordelingsliste
from imdinett.organisasjoner.models import Bruker
from imdinett.personer.models import Bosettingssamtale, Person

from ..fordeling.test_sider import MULIG, UTVIDET
from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_listene_nummereres_per_kommune_og_viser_ekstratilskudd(logg_inn, live_server, demo):
    kommune = Bruker.objects.get(username="kommune").organisasjon
    lister = Fordelingsliste.objects.exclude(status=Fordelingsliste.Status.UTKAST)
    assert lister.exclude(kommune=kommune).exists(), "demodataene har bare lister til én kommune"
    ny = lister.filter(kommune=kommune, status=Fordelingsliste.Status.SENDT).get()
    saerskilt, hensyn = (linje.person for linje in ny.linjer.select_related("person").order_by("pk")[:2])
    Person.objects.filter(pk=saerskilt.pk).update(plasstype=Person.Plasstype.SAERSKILT_BO)
    Person.objects.filter(pk=hensyn.pk).update(plasstype=Person.Plasstype.ORD)
    Bosettingssamtale.objects.filter(person=saerskilt).update(saerlig_hensyn=False)
    Bosettingssamtale.objects.filter(person=hensyn).update(
        saerlig_hensyn=True, saerlig_hensyn_beskrivelse="Kan ikke gå i trapper"
    )

    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/kommuner/{kommune.pk}/fordelinger/")
    lenker = page.get_by_role("main").get_by_role("link", name=re.compile(r" nr\. \d+$"))
    per_aar: dict[str, list[int]] = {}
    for tekst in lenker.all_inner_texts():
        aar, nr = re.search(r"(\d{4}) nr\. (\d+)$", tekst).groups()
        per_aar.setdefault(aar, []).append(int(nr))
    assert sum(map(len, per_aar.values())) == lister.filter(kommune=kommune).count()
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in per_aar.values()), per_aar
    sjekk_side(page, "kommune-fordelinger-listenummer")

    page.get_by_role("link", name=ny.navn, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fordelingsliste {ny.navn}")
    assert ny.navn.endswith(f"{ny.aar} nr. {ny.nummer}")
    for tekst, merke in ((UTVIDET, "Fra særskilt bo- og omsorgsløsning"), (MULIG, "Særlig hensyn")):
        rad = page.get_by_role("row").filter(has_text=tekst)
        expect(rad).to_have_count(1)
        expect(rad).to_contain_text(merke)
        nr = rad.get_by_role("cell").first.inner_text()
        detaljer = page.locator(f"#person-{nr}")
        detaljer.get_by_text("Vis detaljer").click()
        expect(detaljer.locator("dl").first).to_contain_text(f"Ekstratilskudd{tekst}", timeout=15_000)
    expect(page.locator("main")).to_contain_text("Kan ikke gå i trapper")
    sjekk_side(page, "kommune-fordelingsliste-ekstratilskudd")
