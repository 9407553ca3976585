"""The README's «Integrasjoner» block runs as written: openssl's key pair, the client registered (as IMDi does in
the admin), the Python one-liner's assertion, curl for the token and for the kommune's persons."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES
from imdinett.integrasjon.services import klient_lagre
from tests.factories import KommuneFactory

from .conftest import Saksstatus, person_med_sak

README = Path(__file__).resolve().parents[2] / "README.md"


def blokk() -> tuple[str, str]:
    """The openssl line of step 1 and the sh block of the section."""
    tekst = README.read_text(encoding="utf-8").split("## Integrasjoner", 1)[1].split("\n## ", 1)[0]
    nokler = re.search(r"`(openssl genpkey [^`]+)`", tekst).group(1)
    return nokler, re.search(r"```sh\n(.*?)```", tekst, re.S).group(1)


@pytest.mark.django_db(transaction=True)
def test_readme_eksempelet_virker(live_server, tmp_path, settings):
    settings.API_UTSTEDER = f"{live_server.url}/api/"
    nokler, skript = blokk()
    subprocess.run(nokler, shell=True, cwd=tmp_path, check=True, capture_output=True)
    kommune = KommuneFactory(nummer="1870", navn="Sortland")
    person = person_med_sak(Saksstatus.BOSATT, kommune)
    klient = klient_lagre(
        klient=ApiKlient(
            navn="Fagsystem",
            organisasjon=kommune,
            offentlig_nokkel=(tmp_path / "offentlig.pem").read_text(),
            omfang=[KOMMUNE_PERSONER_LES],
        )
    )
    skript = skript.replace("IMDINETT=http://127.0.0.1:8000 KLIENT_ID=<klient-ID fra admin>", "")
    miljo = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "IMDINETT": live_server.url,
        "KLIENT_ID": klient.klient_id,
    }
    svar = subprocess.run(["bash", "-ec", skript], cwd=tmp_path, env=miljo, capture_output=True, text=True)
    assert svar.returncode == 0, svar.stderr
    assert person.duf_nummer in svar.stdout
