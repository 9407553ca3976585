"""The README's «What each user can try» and the browser walk of it (tests/e2e/test_demo_omvisning.py) stay in
step (issue #20): one walk per user bullet, the single-role bullet walked by its own test, and every user named
there exists after seed_demo. No browser: the walk module is only imported."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from imdinett.organisasjoner.models import Bruker
from imdinett.organisasjoner.roller import Rolle

from .e2e import test_demo_omvisning as omvisning

README = Path(__file__).resolve().parents[1] / "README.md"
OVERSKRIFT = "What each user can try"


def punkter() -> list[str]:
    """The top-level bullets of the README's «What each user can try» list, each as one line of text."""
    linjer = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, linje in enumerate(linjer) if linje.startswith(OVERSKRIFT))
    ut: list[str] = []
    for linje in linjer[start + 1 :]:
        if not linje.strip():
            break
        if linje.startswith("- "):
            ut.append(linje[2:])
        else:
            assert ut and linje.startswith("  "), f"Ikke et punkt i lista: {linje!r}"
            ut[-1] += " " + linje.strip()
    return ut


def brukerpunkter() -> dict[str, str]:
    """{username: bullet} for the bullets that start with a backticked username."""
    ut = {}
    for punkt in punkter():
        if treff := re.match(r"`([a-z_]+)` ", punkt):
            assert treff[1] not in ut, f"To punkter for {treff[1]}"
            ut[treff[1]] = punkt
    return ut


def test_hvert_punkt_er_en_bruker_eller_enkeltrollene():
    alle = punkter()
    assert alle, f"README har ingen punktliste under «{OVERSKRIFT}»"
    enkeltroller = [p for p in alle if p.startswith(omvisning.ENKELTROLLER)]
    assert len(enkeltroller) == 1, f"Ett punkt skal begynne med «{omvisning.ENKELTROLLER}»"
    assert len(alle) == len(brukerpunkter()) + 1, "Hvert punkt begynner med `brukernavn` eller enkeltrollene"
    navn = set(re.findall(r"`([a-z_]+)`", enkeltroller[0]))
    assert navn and navn <= {r.value for r in Rolle}, navn


def test_readme_og_omvisningen_har_de_samme_brukerne():
    assert set(brukerpunkter()) == set(omvisning.OMVISNINGER)
    assert callable(omvisning.test_hver_rolle_alene)  # the single-role bullet's walk


@pytest.mark.django_db
def test_brukerne_finnes_i_demodataene(settings):
    settings.DEBUG = True
    call_command("load_referansedata", verbosity=0)
    call_command("seed_demo", verbosity=0)
    aktive = set(Bruker.objects.filter(is_active=True).values_list("username", flat=True))
    assert set(omvisning.OMVISNINGER) <= aktive
    assert {r.value for r in Rolle} <= aktive
