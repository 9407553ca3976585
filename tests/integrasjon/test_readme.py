"""The README's «Integrasjoner» blocks run as written: openssl's key pair, the client registered (as IMDi does in
the admin), the Python one-liner's assertion, curl for the token and for the kommune's persons; and UDI's client
delivering one message."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, UDI_MELDINGER
from imdinett.integrasjon.services import klient_lagre
from imdinett.personer.models import Bosettingssak
from tests.factories import KommuneFactory

from .conftest import Saksstatus, person_med_sak

README = Path(__file__).resolve().parents[2] / "README.md"


def blokker() -> tuple[str, str, str]:
    """The openssl line of step 1, the token-and-read block and the message block of the section."""
    tekst = README.read_text(encoding="utf-8").split("## Integrasjoner", 1)[1].split("\n## ", 1)[0]
    nokler = re.search(r"`(openssl genpkey [^`]+)`", tekst).group(1)
    lese, melding = re.findall(r"```sh\n(.*?)```", tekst, re.S)
    return nokler, lese, melding


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
    miljo = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "IMDINETT": live_server.url,
        "KLIENT_ID": klient.klient_id,
        "SCOPE": omfang,
    }
    forste = (
        "IMDINETT=http://127.0.0.1:8000 KLIENT_ID=<klient-ID fra admin> SCOPE=imdinett:kommune.personer.les"
    )
    assert lese.startswith(forste)
    svar = subprocess.run(
        ["bash", "-ec", skript.replace(forste, "")], cwd=tmp_path, env=miljo, capture_output=True, text=True
    )
    assert svar.returncode == 0, svar.stderr
    return svar.stdout


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
