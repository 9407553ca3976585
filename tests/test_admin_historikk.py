"""Issue #21, history that grows: the admin lists IMDi searches in (Innsynslogg, Hendelser, Personer,
Bosettingssaker) find a number exactly through its index, never by `icontains` across joins with DISTINCT,
count the table once, and filter by time instead of a year list that reads the whole table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imdinett.hendelser.services import hendelse_registrer
from imdinett.personer.models import Innsynslogg
from imdinett.personer.services import bosettingssak_opprett
from tests.factories import HusstandFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def to_husstander(mottak, imdi_bruker):
    """Two households whose DUF and Reg-nr share their first digits (a contains-search would mix them)."""
    husstander = [HusstandFactory(reg_nr="700000001"), HusstandFactory(reg_nr="7000000012")]
    personer = [PersonFactory(husstand=h, mottak=mottak) for h in husstander]
    for p in personer:
        bosettingssak_opprett(personer=[p], av=imdi_bruker)
    return personer


def sql_for(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as fanget:
        svar = client.get(url)
    assert svar.status_code == 200
    return svar.content.decode(), [q["sql"].upper() for q in fanget.captured_queries]


def test_innsynsloggen_finner_dufnummeret_eksakt_og_filtrerer_paa_tid(client, imdi_bruker, to_husstander):
    en, to = to_husstander
    for p in (en, en, to):
        Innsynslogg.objects.create(person=p, bruker=imdi_bruker, seksjon="Bosetting")
    client.force_login(imdi_bruker)
    html, sql = sql_for(client, f"/admin/personer/innsynslogg/?q={en.duf_nummer}")
    assert html.count(str(en)) == 2 and str(to) not in html
    assert not any("LIKE" in q or "DISTINCT" in q for q in sql)
    assert sum("COUNT(" in q and "INNSYNSLOGG" in q for q in sql) == 1  # the filtered count only
    assert "Søk på DUF-nummer eller brukernavn." in html
    # Time: a filter of fixed periods, no date hierarchy that lists the years in the table.
    assert "Siste syv dager" in html and "toplinks" not in html
    assert "Vis antall" not in html  # no facet counts over the whole table
    html, _ = sql_for(client, f"/admin/personer/innsynslogg/?q={en.duf_nummer[:8]}")
    assert str(en) not in html  # a part of a number finds nothing
    html, _ = sql_for(client, f"/admin/personer/innsynslogg/?q={imdi_bruker.username}")
    assert html.count(str(en)) == 2 and str(to) in html


def test_hendelsene_finner_en_persons_hendelser_uten_dubletter(client, imdi_bruker, to_husstander, mottak):
    en, to = to_husstander
    hendelse_registrer(
        omraade="bosetting", kode="test.begge", tittel="Gjelder begge", av=imdi_bruker, personer=[en, to]
    )
    client.force_login(imdi_bruker)
    html, sql = sql_for(client, f"/admin/hendelser/hendelse/?q={en.duf_nummer}")
    assert html.count("Gjelder begge") == 1 and html.count("Bosettingssak opprettet") == 1
    assert not any("DISTINCT" in q or "LIKE" in q for q in sql)
    html, _ = sql_for(client, "/admin/hendelser/hendelse/?q=begge")  # text searches the title
    assert html.count("Gjelder begge") == 1 and "Bosettingssak opprettet" not in html


@pytest.mark.parametrize("url", ["/admin/personer/person/", "/admin/personer/bosettingssak/"])
def test_reg_nr_og_duf_eksakt_navn_som_foer(client, imdi_bruker, to_husstander, url):
    en, to = to_husstander
    client.force_login(imdi_bruker)
    for sok in (en.husstand.reg_nr, en.duf_nummer):
        html, sql = sql_for(client, f"{url}?q={sok}")
        assert en.etternavn in html and to.etternavn not in html, sok
        assert not any("LIKE" in q for q in sql)
    html, _ = sql_for(client, f"{url}?q=estesen")  # a part of the name (both are «Testesen<n>») still finds
    assert en.etternavn in html and to.etternavn in html


def test_store_lister_teller_ikke_lenger_enn_taket(client, imdi_bruker, to_husstander, monkeypatch):
    """The list over a table of millions counts at most `TAK` rows (a LIMIT inside the count), says «Minst»
    and how to reach the rest; a search below the cap is counted exactly."""
    from imdinett.organisasjoner.admin_site import AvgrensetTelling

    monkeypatch.setattr(AvgrensetTelling, "TAK", 2)
    en, to = to_husstander
    for p in (en, en, to):
        Innsynslogg.objects.create(person=p, bruker=imdi_bruker, seksjon="Bosetting")
    client.force_login(imdi_bruker)
    html, sql = sql_for(client, "/admin/personer/innsynslogg/")
    telling = [q for q in sql if "COUNT(" in q and "INNSYNSLOGG" in q]
    assert len(telling) == 1 and "LIMIT 3" in telling[0]
    assert "Minst 2 " in html and "Avgrens med et filter eller et søk for å nå resten." in html
    html, _ = sql_for(client, f"/admin/personer/innsynslogg/?q={to.duf_nummer}")
    assert "Minst" not in html and "Avgrens med et filter" not in html
