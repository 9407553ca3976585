"""#19 nos. 11 and 12 in a browser. A refused «Ferdigstill bosettingssamtale» lands on the interview's own address; the
refusal links every missing field, the link opens its section with the field marked, and the left menu and
Back work (before: a POST page whose menu links gave 405 and whose Back asked to resend the form). An autosave
that fails says so and is retried."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e


def test_nektet_ferdigstilling_lenker_til_feltene(logg_inn, live_server, familie):  # noqa: F811
    far = familie[0]
    page = logg_inn("mottak")
    samtale = f"{live_server.url}/mottak/{far.mottak_id}/samtale/{far.pk}/"
    page.goto(samtale + "?del=sprak")
    page.get_by_role("button", name="Ferdigstill bosettingssamtale").click()
    # on the section asking his first missing field, marked there
    expect(page).to_have_url(re.compile(rf"/samtale/{far.pk}/\?del=tilretteleggingsbehov$"))
    expect(page.locator("#id_saerlig_hensyn_0")).to_have_attribute("aria-invalid", "true")
    feil = page.locator("#ferdigstill-feil")
    expect(feil).to_contain_text("Obligatoriske felt mangler")
    expect(feil.get_by_role("link", name="Bosettingsmerknad").first).to_be_visible()
    sjekk_side(page, "samtale-ferdigstill-nektet")

    feil.get_by_role("link", name="Har du venner eller familie i Norge?").first.click()
    expect(page).to_have_url(re.compile(r"\?del=bosettingsinformasjon#id_har_venner_familie_0$"))
    expect(page.locator("#id_har_venner_familie_0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#feil-har_venner_familie")).to_have_text(
        "Må fylles ut før bosettingssamtalen kan ferdigstilles."
    )
    sjekk_side(page, "samtale-ferdigstill-nektet-feltet")

    page.get_by_role("navigation", name="Bosettingssamtale").get_by_role(
        "link", name="Tilretteleggingsbehov"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("^Tilretteleggingsbehov"))).to_be_visible()
    expect(page.locator("#ferdigstill-feil")).to_be_visible()  # the refusal stays until completed
    page.go_back()
    expect(page.locator("#id_har_venner_familie_0")).to_be_visible()

    page.goto(samtale + "ferdigstill/")  # typed or bookmarked: the interview, not a blank 405
    expect(page).to_have_url(re.compile(rf"/samtale/{far.pk}/\?del=bosettingsinformasjon$"))


def test_autolagring_som_feiler_sier_det_og_prover_igjen(logg_inn, live_server, familie):  # noqa: F811
    """#19 no. 12: with the server out of reach the page says the text is not saved (never «Sist lagret» for it),
    retries, and saves it once the server answers again; nothing typed is lost."""
    far = familie[0]
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{far.mottak_id}/samtale/{far.pk}/?del=bosettingsinformasjon")
    lagret = page.locator("#lagret")
    page.route("**/lagre/**", lambda rute: rute.abort("connectionrefused"))  # the network, not our code
    page.get_by_label("Utdyp årsaken").fill("Kartlegging avtalt i uke 3.")
    expect(lagret).to_contain_text("Ikke lagret – prøver igjen om 2 sekunder")
    expect(lagret).not_to_contain_text("Sist lagret")
    expect(lagret).to_contain_text("Lagring feilet. Det du har skrevet er ikke lagret ennå.", timeout=20_000)
    sjekk_side(page, "samtale-autolagring-feilet")

    page.unroute("**/lagre/**")
    expect(lagret).to_contain_text("Sist lagret", timeout=40_000)  # the next retry gets through
    page.reload()
    expect(page.get_by_label("Utdyp årsaken")).to_have_value("Kartlegging avtalt i uke 3.")


def test_autolagring_av_avvist_verdi_viser_meldingen_uten_nye_forsok(logg_inn, live_server, familie):  # noqa: F811
    """#19 no. 12: a value the server refuses (over the length limit, e.g. pasted past the browser's maxlength) is
    an answer: its message at the field, not «Ikke lagret – prøver igjen»."""
    far = familie[0]
    page = logg_inn("mottak")
    page.goto(f"{live_server.url}/mottak/{far.mottak_id}/samtale/{far.pk}/?del=bosettingsinformasjon")
    felt = page.get_by_label("Utdyp årsaken")
    with page.expect_response(lambda r: "/lagre/" in r.url) as svar:
        felt.evaluate(
            "f => { f.value = 'x'.repeat(4001); f.dispatchEvent(new Event('change', {bubbles: true})); }"
        )
    assert svar.value.status == 400
    expect(page.locator("#feil-kompass_aarsak_merknad")).to_contain_text("4000 eller færre tegn")
    expect(felt).to_have_attribute("aria-describedby", re.compile("feil-kompass_aarsak_merknad"))
    page.wait_for_timeout(2500)  # past the first retry's pause
    expect(page.locator("#lagret")).not_to_contain_text("prøver igjen")
    expect(page.locator("#lagret")).to_contain_text("Noen felt ble ikke lagret")
    sjekk_side(page, "samtale-autolagring-avvist")
