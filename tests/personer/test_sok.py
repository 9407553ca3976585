"""Personsøk: 50 hits a page in name order, the search kept in the page links, and the same number of
queries on every page however many persons match."""

import re

import pytest
from django.urls import reverse

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.views import SOK_PER_SIDE

from ..factories import MottakFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("personer:sok")


def haddad(antall: int, mottak=None) -> list:
    mottak = mottak or MottakFactory()
    return [
        PersonFactory(mottak=mottak, etternavn="Haddad", fornavn=f"Fornavn{i:03d}") for i in range(antall)
    ]


def duf_i(html: str) -> list[str]:
    return re.findall(r'href="/personer/\d+/">([\d ]+)</a>', html)


def test_sok_deles_i_sider_paa_50_med_soket_i_lenkene(client, imdi_bruker):
    personer = haddad(SOK_PER_SIDE + 7)
    client.force_login(imdi_bruker)
    forste = client.get(URL, {"q": "haddad"}).content.decode()
    assert "Viser 1–50 av 57 treff" in forste
    assert duf_i(forste) == [p.duf_formatert for p in personer[:SOK_PER_SIDE]]  # by name, then first name
    assert 'aria-label="Sider i søkeresultatet"' in forste
    assert 'href="?q=haddad&amp;side=2"' in forste and 'rel="next"' in forste
    assert re.search(r'aria-current="true"><span class="ds-sr-only">Side </span>1<', forste)

    andre = client.get(URL, {"q": "haddad", "side": 2}).content.decode()
    assert "Viser 51–57 av 57 treff" in andre
    assert duf_i(andre) == [p.duf_formatert for p in personer[SOK_PER_SIDE:]]  # the rest, nobody twice
    assert 'href="?q=haddad&amp;side=1"' in andre and 'rel="prev"' in andre
    assert 'value="haddad"' in andre  # the search box keeps the search

    # A page past the end shows the last page; nonsense shows the first.
    assert "Viser 51–57" in client.get(URL, {"q": "haddad", "side": 99}).content.decode()
    assert "Viser 1–50" in client.get(URL, {"q": "haddad", "side": "x"}).content.decode()


def test_ett_sideful_viser_antallet_uten_sidevelger(client, imdi_bruker):
    haddad(3)
    client.force_login(imdi_bruker)
    html = client.get(URL, {"q": "Haddad"}).content.decode()
    assert "Antall personer: 3" in html and "Viser" not in html and "ds-pagination" not in html


def test_htmx_sok_gir_bare_treffene_med_sidelenker(client, imdi_bruker):
    haddad(SOK_PER_SIDE + 1)
    client.force_login(imdi_bruker)
    html = client.get(URL, {"q": "Haddad", "side": 2}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="treff"') and "<html" not in html
    assert "Viser 51–51 av 51 treff" in html and 'hx-target="#treff"' in html


def test_sidene_bruker_like_mange_sporringer_uansett_antall_treff(
    client, django_assert_max_num_queries, imdi_bruker
):
    client.force_login(imdi_bruker)
    client.get(URL, {"q": "Haddad"})  # the session settles before counting
    haddad(2)
    with django_assert_max_num_queries(12) as lite:
        client.get(URL, {"q": "Haddad"})
    haddad(3 * SOK_PER_SIDE)
    for side in (1, 2, 4):
        with django_assert_max_num_queries(len(lite.captured_queries)):
            svar = client.get(URL, {"q": "Haddad", "side": side})
        assert svar.status_code == 200 and len(duf_i(svar.content.decode())) == (
            SOK_PER_SIDE if side < 4 else 2
        )


def test_sidene_viser_bare_personer_rollen_naar(client, lag_bruker):
    mottak, annet = MottakFactory(), MottakFactory()
    egne = haddad(SOK_PER_SIDE + 1, mottak)
    andre = haddad(5, annet)
    from imdinett.personer import services

    bruker = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    for p in egne + andre:
        services.bosettingssak_opprett(personer=[p], av=bruker)
    client.force_login(bruker)
    funnet = duf_i(client.get(URL, {"q": "Haddad"}).content.decode())
    funnet += duf_i(client.get(URL, {"q": "Haddad", "side": 2}).content.decode())
    assert sorted(funnet) == sorted(p.duf_formatert for p in egne)
