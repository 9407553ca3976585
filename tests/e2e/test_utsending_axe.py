"""IMDi's view of the letters' outbox (issue #23) in a browser, each page checked by axe-core: a failed sending
in «Utsendinger av brev» with its error, «Send på nytt» from the action bar, and the sending's status on the
answered fordelingsliste."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fordeling.models import Fordelingsliste
from imdinett.dokumenter.models import Utsending

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_imdi_ser_feilet_utsending_og_sender_paa_nytt(logg_inn, live_server, demo):
    utsending = (
        Utsending.objects.select_related("dokument").filter(dokument__type="bosetting_av_flyktninger").first()
    )
    assert utsending.status == Utsending.Status.BEHOLDT  # the demo keeps its letters (BREV_UTSENDING=behold)
    Utsending.objects.filter(pk=utsending.pk).update(
        status=Utsending.Status.FEILET,
        forsok=Utsending.MAKS_FORSOK,
        neste_forsok=None,
        siste_feil="SvarUT svarte 503",
    )
    page = logg_inn("imdi_saksbehandler")
    page.goto(f"{live_server.url}{reverse('admin:dokumenter_utsending_changelist')}?status__exact=feilet")
    rad = page.locator("#result_list tbody tr")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text("SvarUT svarte 503")
    sjekk_side(page, "admin-utsending-feilet")

    rad.locator("input[name=_selected_action]").check()
    page.get_by_label("Handling").select_option(label="Send på nytt")
    page.get_by_role("button", name="Gå", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Sendes på nytt: 1.")
    sjekk_side(page, "admin-utsending-sendt-paa-nytt")

    liste = Fordelingsliste.objects.get(brev=utsending.dokument)
    page.goto(f"{live_server.url}{reverse('admin:fordeling_fordelingsliste_change', args=[liste.pk])}")
    expect(
        page.locator("#content tr", has=page.get_by_role("rowheader", name="Utsending", exact=True))
    ).to_contain_text("Beholdt i IMDinett")
    sjekk_side(page, "admin-fordelingsliste-utsending")
