"""IMDi's pages for API clients and the call log in a browser, checked by axe-core (as tests/e2e/test_admin_axe.py
does for the rest of the admin, whose walk meets these lists empty in the demo)."""

import pytest

from imdinett.integrasjon.models import ApiKlient, Kall
from imdinett.integrasjon.services import kall_logg, klient_lagre
from imdinett.organisasjoner.models import Kommune
from tests.e2e.conftest import sjekk_side

from .conftest import pem


@pytest.mark.django_db(transaction=True)
def test_klienter_og_kall_i_admin_uten_brudd_paa_universell_utforming(
    logg_inn, live_server, demo, rsa_nokkel
):
    kommune = Kommune.objects.get(nummer="1870")
    klient = klient_lagre(
        av=None,
        klient=ApiKlient(
            navn="Fagsystem Sortland",
            organisasjon=kommune,
            offentlig_nokkel=pem(rsa_nokkel),
            omfang=["imdinett:kommune.personer.les"],
        ),
    )
    kall_logg(
        klient=klient,
        oppgitt="",
        metode="GET",
        sti="/api/kommune/personer",
        status=200,
        varighet_ms=12,
        feil="",
    )
    page = logg_inn("imdi")
    for sti, navn in [
        ("/admin/integrasjon/apiklient/", "admin-apiklienter"),
        ("/admin/integrasjon/apiklient/add/", "admin-apiklient-ny"),
        (f"/admin/integrasjon/apiklient/{klient.pk}/change/", "admin-apiklient-endre"),
        ("/admin/integrasjon/kall/", "admin-api-kall"),
        (f"/admin/integrasjon/kall/{Kall.objects.get().pk}/change/", "admin-api-kall-se"),
    ]:
        svar = page.goto(f"{live_server.url}{sti}")
        assert svar.status == 200, sti
        sjekk_side(page, navn)
    page.goto(f"{live_server.url}/admin/integrasjon/apiklient/add/")
    page.get_by_role("button", name="Lagre", exact=True).click()
    sjekk_side(page, "admin-apiklient-ny-feil")
