import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from imdinett.organisasjoner.management.commands.totp_kode import gyldig_kode
from imdinett.organisasjoner.models import Bruker, Mottak
from imdinett.organisasjoner.services import DEMO_PASSORD
from imdinett.personer import services as saker
from imdinett.personer.models import Person
from tests.factories import HusstandFactory, PersonFactory
from utvikling.demo import seed_demo

SKJERMBILDER = Path(__file__).resolve().parents[2] / "var" / "skjermbilder"
_axe = Axe()


@pytest.fixture
def demo(transactional_db):
    call_command("load_referansedata", verbosity=0)
    return seed_demo()


@pytest.fixture
def logg_inn(page, live_server):
    def logg_inn(brukernavn: str):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/")
        # The demo's password and authenticator key work only with debug on (as in `make run`).
        with override_settings(DEBUG=True):
            page.get_by_label("Brukernavn").fill(brukernavn)
            page.get_by_label("Passord").fill(DEMO_PASSORD)
            page.get_by_role("button", name="Logg inn").click()
            # a click only starts the navigation: wait until the page is left, then look where it went
            innlogging, kode = reverse("login"), reverse("tofaktor")
            page.wait_for_url(lambda url: urlsplit(url).path != innlogging)
            if urlsplit(page.url).path == kode:  # whoever reaches the admin, and administrators: the code
                enhet = TOTPDevice.objects.filter(user__username=brukernavn).order_by("-confirmed").first()
                page.get_by_label("Engangskode").fill(gyldig_kode(enhet))
                page.get_by_role("button", name=re.compile("^(Fortsett|Bekreft)$")).click()
                page.wait_for_url(lambda url: urlsplit(url).path != kode)
        return page

    return logg_inn


def sjekk_side(page, navn: str) -> None:
    """Save a full-page screenshot and require axe-core to find no violations."""
    SKJERMBILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SKJERMBILDER / f"{navn}.png", full_page=True)
    resultat = _axe.run(page)
    assert resultat.violations_count == 0, f"{navn}: {resultat.generate_report()}"


@pytest.fixture
def familie(demo):
    """A family of four at Hå asylmottak, its settlement case new (the interview's browser tests)."""
    P, R = Person.Persontype, Person.Relasjon
    haa = Mottak.objects.get(navn="Hå asylmottak")
    husstand = HusstandFactory()
    medlemmer = [
        PersonFactory(
            husstand=husstand,
            mottak=haa,
            fornavn=navn,
            etternavn="Qasemi",
            persontype=P.FAMILIEMEDLEM,
            relasjon=rel,
            fodselsdato=fodt,
            kjonn=kjonn,
        )
        for navn, rel, fodt, kjonn in [
            ("Khaled", R.FAR, date(1984, 11, 8), "M"),
            ("Rania", R.MOR, date(1986, 2, 1), "K"),
            ("Nour", R.DATTER, date(2014, 5, 5), "K"),
            ("Omar", R.SONN, date(2019, 9, 9), "M"),
        ]
    ]
    saker.bosettingssak_opprett(personer=medlemmer, av=Bruker.objects.get(username="imdi"))
    return medlemmer


def vent_lagret(page):
    expect(page.locator("#lagret")).to_contain_text("Sist lagret")


def send_til_kommunen(page, begrunnelse: str = "Omvisning") -> None:
    """«Send til kommunen» in the list builder; when the list holds more than the free places, the reason is asked
    (next to the field) and given."""
    page.get_by_role("button", name="Send til kommunen").click()
    feil = page.locator("#overskridelse-feil")
    sendt = page.get_by_text(re.compile("Fordelingslisten «.*» er sendt til"))
    expect(feil.or_(sendt).first).to_be_visible()  # the answer has come, whichever it is
    if feil.is_visible():
        expect(feil).to_contain_text("Oppgi en begrunnelse")
        page.get_by_label(re.compile("Begrunnelse for å fordele flere enn ledige plasser")).fill(begrunnelse)
        page.get_by_role("button", name="Send til kommunen").click()
