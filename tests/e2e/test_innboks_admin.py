"""The inbox in IMDi's admin as the demo's caseworker uses it: the list, its filters, a failed message with its
errors and «Behandle på nytt» — each page checked by axe-core."""

import pytest
from playwright.sync_api import expect

from imdinett.innboks.services import ta_imot
from tests.innboks.conftest import person, tillatelse

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_innboksen_i_admin_uten_brudd_paa_universell_utforming(logg_inn, live_server, demo):
    feilet, _ = ta_imot(
        kilde="udi",
        melding_id="udi-e2e-1",
        type="tillatelse_innvilget",
        data={**tillatelse(person()), "mottak": "MOT007777"},
        avsender="test",
    )
    ta_imot(kilde="mot", melding_id="mot-e2e-1", type="utflyttet", data={"dato": "i går"}, avsender="test")
    page = logg_inn("imdi_saksbehandler")
    liste = f"{live_server.url}/admin/innboks/innboksmelding/"
    page.goto(liste)
    expect(page.get_by_role("heading", level=1)).to_contain_text("innboksmelding")
    sjekk_side(page, "admin-innboks")
    page.goto(f"{liste}?status__exact=avvist")
    expect(page.locator("#result_list")).to_contain_text("mot-e2e-1")
    sjekk_side(page, "admin-innboks-avvist")
    page.goto(f"{liste}{feilet.pk}/change/")
    expect(page.locator("#content")).to_contain_text("Ukjent mottak «MOT007777»")
    sjekk_side(page, "admin-innboks-melding")
    page.goto(liste)
    page.locator(f"input[name=_selected_action][value='{feilet.pk}']").check()
    page.get_by_label("Handling").select_option("behandle_paa_nytt")
    page.get_by_role("button", name="Gå", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Behandlet på nytt: 1.")
    sjekk_side(page, "admin-innboks-behandlet-paa-nytt")
