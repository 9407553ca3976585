"""Issue #19's screen points in a browser, as the mottak and the kommune meet them: «Ny bosettingssak» names
the household and opens its interview (no. 15); the interview has the seeds' headings, the Kompass reason as
a list and the asterisk only on the follow-ups that apply (nos. 4, 5, 14); the kommune's personmappe shows
the interview's answers and Familiebolig (no. 3); Oversikt bosetting says that unused places do not carry
over (no. 10); Brukeradministrasjon says what each role may do, the folder names the place type and Mottaksinformasjon
has the besøksadresse, and the kommune's lists are numbered per year (no. 9)."""

import re

import pytest
from playwright.sync_api import expect

from imdinett.organisasjoner.models import Bruker
from imdinett.personer.models import Person
from imdinett.personer.selectors import MAPPE_ROLLER, persons_visible_to

from .conftest import sjekk_side, vent_lagret

pytestmark = pytest.mark.e2e


def test_ny_bosettingssak_aapner_samtalen_med_seedenes_oppbygning(logg_inn, live_server, familie):  # noqa: F811
    far = familie[0]
    page = logg_inn("mottak")
    page.get_by_role("link", name=re.compile("^Varsler")).click()
    varsel = page.get_by_role(
        "link",
        name=re.compile(rf"Ny bosettingssak: Khaled Qasemi \(Reg-nr {far.husstand.reg_nr}, 4 personer\)"),
    )
    sjekk_side(page, "mottak-varsel-ny-bosettingssak")
    varsel.click()
    expect(page).to_have_url(re.compile(rf"/samtale/{far.pk}/"))

    page.get_by_role("link", name="Bosettingsinformasjon").click()
    for overskrift in (
        "Tilknytning til kommune (veiledende)",
        "Kjæledyr, førerkort og bil",
    ):  # a family: no Bofellesskap
        expect(page.get_by_role("heading", name=overskrift, exact=True)).to_be_visible()
    aarsak = page.get_by_role("combobox", name=re.compile("Årsak til at registreringen i Kompass"))
    expect(aarsak.locator("option", has_text="Jeg har planer om å gjennomføre registreringen")).to_have_count(
        1
    )

    # The follow-up «Hvilken type tilknytning?» is mandatory only once the answer is Ja.
    stjerne = page.locator("#stjerne-tilknytning_type .paakrevd")
    expect(stjerne).to_have_count(0)
    venner = page.get_by_role("group", name=re.compile("Har du venner eller familie i Norge"))
    venner.get_by_label("Ja", exact=True).check()
    vent_lagret(page)
    expect(stjerne).to_have_count(1)
    sjekk_side(page, "samtale-seedenes-overskrifter")
    venner.get_by_label("Nei", exact=True).check()
    vent_lagret(page)
    expect(stjerne).to_have_count(0)

    # No. 9: the place type spelled out in the folder (the mottak's tables keep the code «ORD»).
    page.goto(f"{live_server.url}/personer/{far.pk}/detaljer/")
    expect(page.locator("dl, table").filter(has_text="Plasstype").first).to_contain_text("Ordinært mottak")
    sjekk_side(page, "mottak-personmappe-plasstype")

    # No. 9: Mottaksinformasjon has the besøksadresse.
    page.goto(f"{live_server.url}/mottak/{far.mottak_id}/mottaksinformasjon/")
    expect(page.locator("dl").filter(has_text="Besøksadresse")).to_contain_text(
        "BesøksadresseSandroen 2, 4365 Nærbø"
    )
    sjekk_side(page, "mottak-mottaksinformasjon")


def test_kommunen_ser_samtalens_svar_og_oversikten_og_rollene(logg_inn, live_server, demo):
    kommune = Bruker.objects.select_related("organisasjon").get(username="kommune")
    person = next(
        p
        for p in persons_visible_to(kommune, roller=MAPPE_ROLLER)
        .filter(samtale__isnull=False, persontype=Person.Persontype.FAMILIEMEDLEM)
        .select_related("husstand")
        .order_by("pk")
        if p.husstand.personer.count() > 1 and p.alder() >= 18
    )
    page = logg_inn("kommune")
    page.goto(f"{live_server.url}/personer/{person.pk}/bosetting/")
    expect(
        page.get_by_role("heading", name="Kjæledyr, førerkort og bil (fra bosettingssamtalen)")
    ).to_be_visible()
    for sporsmaal in ("Har du kjæledyr i Norge?", "Har du førerkort?", "Har du bil i Norge?"):
        expect(page.get_by_text(sporsmaal, exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        f"Ja, bosettes sammen med husstanden ({person.husstand.personer.count()} personer)."
    )
    sjekk_side(page, "kommune-personmappe-samtalesvar")

    # No. 9: the kommune's lists are numbered from 1 each year (not counted across the country).
    page.goto(f"{live_server.url}/kommuner/{kommune.organisasjon_id}/fordelinger/")
    navn = page.get_by_role("main").get_by_role("link", name=re.compile(r" nr\. \d+$")).all_inner_texts()
    per_aar = {}
    for tekst in navn:
        aar, nr = re.search(r"(\d{4}) nr\. (\d+)$", tekst).groups()
        per_aar.setdefault(aar, []).append(int(nr))
    assert per_aar and all(sorted(n) == list(range(1, len(n) + 1)) for n in per_aar.values()), per_aar
    sjekk_side(page, "kommune-fordelinger-nummer")

    page.goto(f"{live_server.url}/kommuner/{kommune.organisasjon_id}/oversikt/")
    expect(page.locator("main")).to_contain_text("Ubrukte vedtaksplasser overføres ikke til neste år")
    sjekk_side(page, "kommune-oversikt-overfores-ikke")

    page.get_by_role("link", name="Brukeradministrasjon").click()
    roller = page.get_by_role("region", name="Hva rollene gir tilgang til")
    expect(roller).to_contain_text("Kommune_Bosetter_Les")
    expect(roller.locator("dd")).not_to_have_count(0)
    sjekk_side(page, "kommune-brukeradministrasjon-roller")
