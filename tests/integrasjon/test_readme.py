"""The README's «Integrasjoner» blocks run as written: openssl's key pair, the client registered (as IMDi does in
the admin), the Python one-liner's assertion, curl for the token and for the kommune's persons; UDI's client
delivering one message; and both again with the demo's clients (`api_demo_klient`, as `make run` makes them)."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, UDI_MELDINGER
from imdinett.integrasjon.services import klient_lagre
from imdinett.personer.models import Bosettingssak
from tests.factories import KommuneFactory

from .conftest import Saksstatus, person_med_sak

README = Path(__file__).resolve().parents[2] / "README.md"
MAKEFILE = README.with_name("Makefile")


def blokker() -> tuple[str, str, str]:
    """The openssl line of step 1, the token-and-read block and the message block of the section."""
    tekst = README.read_text(encoding="utf-8").split("## Integrasjoner", 1)[1].split("\n## ", 1)[0]
    nokler = re.search(r"`(openssl genpkey [^`]+)`", tekst).group(1)
    lese, melding = re.findall(r"```sh\n(.*?)```", tekst, re.S)
    return nokler, lese, melding


FORSTE = (
    "IMDINETT=http://127.0.0.1:8000 KLIENT_ID=<klient-ID fra admin> SCOPE=imdinett:kommune.personer.les "
    "NOKKEL=privat.pem"
)


def kjor_skript(skript: str, forste: str, cwd) -> str:
    """`skript` (a block of the README) run as the supplier would, with `forste` for its first line."""
    assert skript.startswith(FORSTE)
    svar = subprocess.run(
        ["bash", "-ec", skript.replace(FORSTE, forste, 1)],
        cwd=cwd,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert svar.returncode == 0, svar.stderr
    return svar.stdout


def kjor(skript: str, tmp_path, live_server, organisasjon, omfang: str) -> str:
    """The key pair made, a client with `omfang` registered for it, and `skript` run as the supplier would."""
    nokler, lese, _ = blokker()
    subprocess.run(nokler, shell=True, cwd=tmp_path, check=True, capture_output=True)
    klient = klient_lagre(
        av=None,
        klient=ApiKlient(
            navn="Fagsystem",
            organisasjon=organisasjon,
            offentlig_nokkel=(tmp_path / "offentlig.pem").read_text(),
            omfang=[omfang],
        ),
    )
    forste = f"IMDINETT={live_server.url} KLIENT_ID={klient.klient_id} SCOPE={omfang} NOKKEL=privat.pem"
    return kjor_skript(skript, forste, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_readme_eksempelet_virker(live_server, tmp_path, settings):
    settings.API_UTSTEDER = f"{live_server.url}/api/"
    kommune = KommuneFactory(nummer="1870", navn="Sortland")
    person = person_med_sak(Saksstatus.BOSATT, kommune)
    _, lese, _ = blokker()
    assert person.duf_nummer in kjor(lese, tmp_path, live_server, kommune, KOMMUNE_PERSONER_LES)


@pytest.mark.django_db(transaction=True)
def test_readme_udi_leverer_en_melding(live_server, tmp_path, settings, imdi_org):
    settings.API_UTSTEDER = f"{live_server.url}/api/"
    _, lese, melding = blokker()
    token = lese.rsplit("\ncurl ", 1)[0]  # the token lines, not the kommune's read
    ut = kjor(f"{token}\n{melding}", tmp_path, live_server, imdi_org, UDI_MELDINGER)
    assert '"status": "behandlet"' in ut or '"status":"behandlet"' in ut, ut
    assert Bosettingssak.objects.get().person.duf_nummer == "202600004209"


@pytest.mark.django_db(transaction=True)
def test_readme_med_demoens_klienter(live_server, tmp_path, settings, imdi_org):
    """`make run` calls `api_demo_klient`; the lines it prints, put first in the README's blocks, fetch a token
    and read Sortland's persons, and deliver UDI's message."""
    assert "manage.py api_demo_klient" in README.read_text(encoding="utf-8").split("## Integrasjoner", 1)[1]
    run = MAKEFILE.read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py seed_demo\n\t$(BIN)/python manage.py api_demo_klient\n" in run
    settings.API_UTSTEDER, settings.VAR_DIR, settings.DEBUG = f"{live_server.url}/api/", tmp_path, True
    kommune = KommuneFactory(nummer="1870", navn="Sortland")
    person = person_med_sak(Saksstatus.BOSATT, kommune)
    ut = io.StringIO()
    call_command("api_demo_klient", stdout=ut)
    kommunens, udis = [linje for linje in ut.getvalue().splitlines() if linje.startswith("IMDINETT=")]
    _, lese, melding = blokker()
    assert person.duf_nummer in kjor_skript(lese, kommunens, tmp_path)
    token = lese.rsplit("\ncurl ", 1)[0]
    ut = kjor_skript(f"{token}\n{melding}", udis, tmp_path)
    assert '"status": "behandlet"' in ut or '"status":"behandlet"' in ut, ut
