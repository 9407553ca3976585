"""Every demo user logs in with «demo», sees the menu of their roles and their own organisation
only, and every page they reach passes axe-core (screenshots under var/skjermbilder/)."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from imdinett.organisasjoner.services import DEMO_PASSORD

from .conftest import sjekk_side

pytestmark = pytest.mark.e2e

DEMOBRUKERE = [
    ("mottak", "Hå asylmottak", ["Arbeidsflate", "Mottak", "Kommuner"]),
    ("mottakadmin", "Hå asylmottak", ["Arbeidsflate", "Mottak", "Kommuner", "Brukeradministrasjon"]),
    ("kompass", "Hå asylmottak", ["Arbeidsflate", "Mottak", "Kommuner"]),
    ("toten", "Toten asylmottak", ["Arbeidsflate", "Mottak", "Kommuner"]),
    ("kommune", "Sortland", ["Arbeidsflate", "Kommuner", "Personer", "Brukeradministrasjon"]),
    ("kommunelese", "Sortland", ["Arbeidsflate", "Kommuner", "Personer"]),
    ("tromso", "Tromsø", ["Arbeidsflate", "Kommuner", "Personer"]),
    ("kartlegger", "Hå", ["Arbeidsflate", "Kommuner", "Personer"]),
    ("imdi", "IMDi", ["Arbeidsflate", "Kommuner", "Personer", "IMDi-admin"]),
    ("bufetat", "Bufetat", ["Arbeidsflate", "Kommuner", "Innmeldinger (Bufetat)"]),
    ("admin", None, ["Arbeidsflate", "Kommuner", "IMDi-admin"]),
]


def test_innloggingssiden_er_tilgjengelig(page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/logg-inn/"))
    expect(page.get_by_role("heading", name="Logg inn i IMDinett")).to_be_visible()
    sjekk_side(page, "logg-inn")


def test_feil_passord_gir_melding_og_beholder_brukernavn(page, live_server, demo):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("mottak")
    page.get_by_label("Passord").fill("galt")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord")
    expect(page.get_by_label("Brukernavn")).to_have_value("mottak")
    sjekk_side(page, "logg-inn-feil")


@pytest.mark.parametrize(("brukernavn", "organisasjon", "meny"), DEMOBRUKERE, ids=[b[0] for b in DEMOBRUKERE])
def test_demobruker_ser_sin_meny_og_sider_uten_brudd(
    logg_inn, live_server, demo, brukernavn, organisasjon, meny
):
    page = logg_inn(brukernavn)
    expect(page.get_by_role("heading", name="Arbeidsflate", exact=True)).to_be_visible()
    hovedmeny = page.get_by_role("navigation", name="Hovedmeny")
    expect(hovedmeny.get_by_role("link")).to_have_text(meny)
    if organisasjon:
        expect(page.locator(".din-bruker")).to_contain_text(organisasjon)
    sjekk_side(page, f"{brukernavn}-arbeidsflate")

    lenker = {
        navn: hovedmeny.get_by_role("link", name=navn, exact=True).get_attribute("href")
        for navn in meny
        if navn not in ("Arbeidsflate", "IMDi-admin", "Innmeldinger (Bufetat)")
    }
    for navn, href in lenker.items():
        page.goto(live_server.url + href)
        expect(page.get_by_role("link", name=navn, exact=True)).to_have_attribute("aria-current", "page")
        if navn == "Mottak":
            expect(page.get_by_role("navigation", name="Mottak")).to_contain_text(organisasjon)
        sjekk_side(page, f"{brukernavn}-{navn.lower()}")

    page.get_by_role("link", name=re.compile("^Varsler")).click()
    expect(page.get_by_role("heading", name="Varsler")).to_be_visible()
    sjekk_side(page, f"{brukernavn}-varsler")

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/"))


def test_imdi_setter_opp_tofaktor_ved_forste_innlogging(page, live_server, demo, settings):
    """A new IMDi caseworker: password, then the set-up page (QR code and the key as text), the app's
    code, and the Arbeidsflate; the next login asks only for the code."""
    settings.DEBUG = True  # the demo password works only with debug on
    TOTPDevice.objects.filter(user__username="imdi").delete()
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("imdi")
    page.get_by_label("Passord").fill(DEMO_PASSORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Sett opp tofaktorinnlogging")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode for autentiseringsappen")).to_be_visible()
    page.get_by_label("Engangskode").fill("12345")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_text("Skriv de seks sifrene fra autentiseringsappen")).to_be_visible()
    sjekk_side(page, "tofaktor-oppsett")
    nokkel = page.locator("code.nokkel").inner_text().replace(" ", "")
    page.get_by_label("Engangskode").fill(f"{TOTP(base64.b32decode(nokkel)).token():06d}")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", name="Arbeidsflate", exact=True)).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("imdi")
    page.get_by_label("Passord").fill(DEMO_PASSORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Engangskode")).to_be_visible()
    sjekk_side(page, "tofaktor-kode")
