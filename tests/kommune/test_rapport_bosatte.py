"""#21: «Spesialisert bosettingsrapport» at national scale. The page shows BOSATTE_PER_SIDE persons at a time
with a fixed number of queries, its links keep the filters, and only its persons are logged as read; the
downloads hold everyone, read from the database while the file is written, and log everyone in them; the
category is counted in the database exactly as `kategori_for` counts it."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingssak, Innsynslogg, Person
from kommune import selectors
from kommune.models import Kategori
from kommune.selectors import BOSATTE_PER_SIDE, kategori_for, rapport_bosatte

from ..factories import HusstandFactory, PersonFactory
from .test_rapporter import BOSATTE, I_AAR, MAKS_SPORRINGER, bosatt, csv_rader, excel_rader

pytestmark = pytest.mark.django_db

MANGE = BOSATTE_PER_SIDE + 5


@pytest.fixture
def adresse(kommune):
    return f"/kommuner/{kommune.pk}/rapporter/bosatte/"


@pytest.fixture
def bosetter(kommune, lag_bruker):
    return lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES)


@pytest.fixture
def mange(kommune, mottak, imdi_bruker):
    """MANGE adults settled in Sortland this year, and a minor (another category)."""
    bosatt(kommune, mottak, imdi_bruker, date(I_AAR, 2, 3), antall=MANGE)
    bosatt(
        kommune,
        mottak,
        imdi_bruker,
        date(I_AAR, 2, 4),
        persontype=Person.Persontype.ENSLIG_MINDREAARIG,
        fodselsdato=date(I_AAR - 16, 1, 1),
    )


def logget_siden(merke: int) -> list[tuple]:
    return list(Innsynslogg.objects.filter(id__gt=merke).values_list("person_id", "bruker_id", "seksjon"))


def merke() -> int:
    return Innsynslogg.objects.aggregate(m=Max("id"))["m"] or 0


def test_siden_viser_en_side_og_lenkene_beholder_filteret(client, bosetter, adresse, mange):
    client.force_login(bosetter)
    filter_ = f"?aar={I_AAR}&kategori=voksne"
    forste = client.get(adresse + filter_)
    assert len(forste.context["rader"]) == BOSATTE_PER_SIDE
    html = forste.content.decode()
    assert f"Viser 1–{BOSATTE_PER_SIDE} av {MANGE} personer" in html  # the whole selection is counted
    neste = unescape(re.search(r'rel="next" href="([^"]*)"', html)[1])
    assert sorted(neste.lstrip("?").split("&")) == sorted([f"aar={I_AAR}", "kategori=voksne", "side=2"])

    andre = client.get(adresse + neste)
    assert [r.kategori for r in andre.context["rader"]] == ["Enslige voksne/familier"] * 5
    assert f"Viser {BOSATTE_PER_SIDE + 1}–{MANGE} av {MANGE} personer" in andre.content.decode()
    sidene = [r.duf for s in (forste, andre) for r in s.context["rader"]]
    assert sidene == [r[0] for r in csv_rader(client.get(adresse + filter_ + "&format=csv"))[1:]]
    assert client.get(adresse + filter_ + "&side=99").context["side"].number == 2  # past the end: the last

    # htmx swaps only the list; the download links hold the filter, not the page.
    del_ = client.get(adresse + neste, headers={"HX-Request": "true"}).content.decode()
    assert del_.strip().startswith('<div id="bosatte">') and "<h1" not in del_ and "<form" not in del_
    assert f"?aar={I_AAR}&amp;kategori=voksne&amp;format=csv" in andre.content.decode()


def test_hver_side_har_fast_antall_sporringer(
    client, django_assert_max_num_queries, kommune, mottak, imdi_bruker, bosetter, adresse
):
    """The same queries for one settled person and for a page and more: a count and one page, and the
    page's persons logged in one insert."""
    client.force_login(bosetter)
    client.get(adresse)  # the session settles before counting
    antall = {}
    for flere in (1, MANGE):
        bosatt(kommune, mottak, imdi_bruker, date(I_AAR, 1, 2), antall=flere)
        for side in ("", "?side=2"):
            with django_assert_max_num_queries(MAKS_SPORRINGER) as sporringer:
                assert client.get(adresse + side).status_code == 200
            antall.setdefault(side, []).append(len(sporringer))
    assert all(a == b for a, b in antall.values()), antall
    assert len(client.get(adresse).context["rader"]) == BOSATTE_PER_SIDE


def test_en_side_logger_sine_personer_og_en_nedlasting_alle(client, kommune, bosetter, adresse, mange):
    """A page logs the persons shown on it, not the whole report's; a download (CSV or Excel) is access to
    everyone in it and logs them all — before the file is sent, one line per person."""
    client.force_login(bosetter)
    for side in ("", "?side=2"):
        m = merke()
        rader = client.get(adresse + side).context["rader"]
        assert sorted(logget_siden(m)) == sorted((r.person_id, bosetter.pk, BOSATTE) for r in rader)
    alle = set(Bosettingssak.objects.filter(kommune=kommune).values_list("person_id", flat=True))
    assert len(alle) == MANGE + 1
    for format_ in ("csv", "xlsx"):
        m = merke()
        svar = client.get(f"{adresse}?format={format_}")
        logget = logget_siden(m)  # written before a byte of the file was read
        assert sorted(logget) == sorted((p, bosetter.pk, BOSATTE) for p in alle)
        rader = csv_rader(svar) if format_ == "csv" else excel_rader(svar)
        assert len(rader) - 1 == len(alle)


def test_csv_leser_radene_fra_databasen_mens_filen_sendes(client, bosetter, adresse, mange, monkeypatch):
    """The rows are not built before the response: the view asks only for the persons' ids, in the report's
    order (to log them); the rows are read as the file is streamed, a query per BOSATTE_BUNKE persons."""
    monkeypatch.setattr(selectors, "BOSATTE_BUNKE", 7)
    client.force_login(bosetter)
    client.get(adresse)  # the session settles before counting
    with CaptureQueriesContext(connection) as foer:
        svar = client.get(adresse + "?format=csv")
    with CaptureQueriesContext(connection) as under:
        rader = csv_rader(svar)
    assert len(rader) - 1 == MANGE + 1
    assert [r[1] for r in rader[1:]] == sorted(r[1] for r in rader[1:])  # the report's order kept
    navn = '"personer_person"."statsborgerskap"'  # only a row reads it
    assert not any(navn in q["sql"] for q in foer.captured_queries)
    assert [navn in q["sql"] for q in under.captured_queries] == [True] * -(-(MANGE + 1) // 7)


def test_kategorien_telles_i_databasen_som_kategori_for(kommune, mottak):
    """Age 15 decides: settlement dates around the 15th birthday, on and off leap years (a birthday on
    29 February is reached on 1 March), counted by the report's SQL and by `kategori_for`."""
    husstand = HusstandFactory()
    datoer = [date(2023, 2, 28), date(2023, 3, 1), date(2024, 2, 28), date(2024, 2, 29), date(2024, 12, 31)]
    datoer += [date(2023, 1, 1), date(2023, 6, 15)]
    par = [(d, date(2008, 2, 29)) for d in datoer[:2]] + [(date(2024, 2, 29), date(2008, 2, 29))]
    for d in datoer:
        femten = date(d.year - 15, d.month, min(d.day, 28))
        par += [(d, femten + timedelta(days=dager)) for dager in range(-2, 3)]
    saker = []
    for i, (dato, fodt) in enumerate(par):
        typer = (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON)
        p = PersonFactory(husstand=husstand, mottak=mottak, persontype=typer[i % 2], fodselsdato=fodt)
        saker.append(
            Bosettingssak(person=p, status="bosatt", frist=dato, kommune=kommune, bosettingsdato=dato)
        )
    voksen = PersonFactory(husstand=husstand, mottak=mottak, fodselsdato=date(2015, 1, 1))
    saker.append(
        Bosettingssak(
            person=voksen, status="bosatt", frist=datoer[0], kommune=kommune, bosettingsdato=datoer[0]
        )
    )
    Bosettingssak.objects.bulk_create(saker)
    forventet = {s.person_id: kategori_for(s.person, s.bosettingsdato) for s in saker}
    assert set(forventet.values()) == set(Kategori.values)  # every category is on both sides of a line
    fra_sql = {}
    for aar in (2023, 2024):
        for kategori in Kategori.values:
            for rad in rapport_bosatte(kommune=kommune, aar=aar, kategori=kategori):
                fra_sql[rad[0]] = kategori
    assert fra_sql == forventet
