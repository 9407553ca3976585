"""Many clicks at once through a real server (issue #19 no. 12): twenty «Send svar» on one list and twenty
«Send svar» of one vedtak, from several caseworkers, as real HTTP requests to `manage.py runserver` — the
server of `make run`, threaded, on the embedded SQLite locally and on PostgreSQL in CI. One answer is
recorded, no request fails (500, «database is locked»), and everyone else gets the page with a Norwegian
message saying it was already done.

The server is its own process with its own connections, as in use: on SQLite it runs on a file copy of the
test database (the test's own is in memory) that is copied back when it stops; on PostgreSQL on the test
database itself.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from fordeling import services as fordeling
from fordeling.models import Fordelingsliste
from imdinett.dokumenter.models import Dokument
from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner.roller import Rolle
from kommune.models import Vedtak

from .fordeling.conftest import ansatt, bosetter, familie, vedtak  # noqa: F401 (fixtures)
from .fordeling.test_fordeling import sendt_liste, svar
from .hjelpere_robusthet import ledig_port
from .kommune.conftest import AAR, anmodning  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)  # the server sees only what is committed

ROT = Path(__file__).resolve().parent.parent
ANTALL = 20
SAKSBEHANDLERE = 4  # the twenty clicks come from four caseworkers, each with their own session


def _database_url(sqlite_fil: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{sqlite_fil}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def tjener(tmp_path: Path):
    """`manage.py runserver` on a free port (as `make run`, debug on, tasks in-process); its URL."""
    sqlite_fil = tmp_path / "imdinett.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(sqlite_fil) as fil:
            connection.connection.backup(fil)
    port = ledig_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(sqlite_fil),
        "REDIS_URL": "",
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions the test made are signed with it
        "IMDINETT_VAR_DIR": str(tmp_path),  # letters and e-mail files
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    logg = (tmp_path / "runserver.logg").open("w")
    prosess = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROT,
        env=env,
        stdout=logg,
        stderr=subprocess.STDOUT,
    )
    try:
        slutt = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert prosess.poll() is None and time.monotonic() < slutt, (
                    tmp_path / "runserver.logg"
                ).read_text()
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        prosess.terminate()
        prosess.wait(20)
        logg.close()
    if connection.vendor == "sqlite":  # what the server wrote, back into the test's database
        with sqlite3.connect(sqlite_fil) as fil:
            fil.backup(connection.connection)


def _okter(bruker_roller, kommune, lag_bruker) -> list[str]:
    """ANTALL session ids, SAKSBEHANDLERE users holding the roles, each logged in ANTALL/SAKSBEHANDLERE times."""
    brukere = [lag_bruker(kommune, *bruker_roller) for _ in range(SAKSBEHANDLERE)]
    okter = []
    for i in range(ANTALL):
        klient = Client()
        klient.force_login(brukere[i % SAKSBEHANDLERE])
        okter.append(klient.cookies[settings.SESSION_COOKIE_NAME].value)
    return okter


def _nettleser(okt: str) -> urllib.request.OpenerDirector:
    """A browser of its own: its cookie jar holds the session, the CSRF cookie and the messages."""
    krukke = CookieJar()
    krukke.set_cookie(
        Cookie(0, settings.SESSION_COOKIE_NAME, okt, None, False, "127.0.0.1", False, False, "/", True,
               False, None, False, None, None, {})
    )  # fmt: skip
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(krukke))


def samtidige_klikk(url: str, okter: list[str], skjema: dict) -> list[tuple[int, str]]:
    """Each session opens `url`, then all post `skjema` to it at the same moment (CSRF token from the
    page, redirects followed as a browser does); the final status and page of each."""
    start = threading.Barrier(len(okter))
    svar: list[tuple[int, str]] = []

    def klikk(okt: str):
        nettleser = _nettleser(okt)
        try:
            side = nettleser.open(url, timeout=60).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side).group(1)
            data = urllib.parse.urlencode({**skjema, "csrfmiddlewaretoken": token}).encode()
            start.wait(30)
            with nettleser.open(url, data=data, timeout=60) as respons:
                svar.append((respons.status, respons.read().decode()))
        except urllib.error.HTTPError as feil:
            svar.append((feil.code, feil.read().decode(errors="replace")))

    traader = [threading.Thread(target=klikk, args=(okt,)) for okt in okter]
    for t in traader:
        t.start()
    for t in traader:
        t.join(120)
    return svar


def _melding(side: str) -> str:
    """The page's messages (Django's messages framework, atop the page)."""
    return " | ".join(re.findall(r'<div class="ds-alert"[^>]*role="status">(.*?)</div>', side, re.S))


def test_tjue_send_svar_paa_en_liste(tmp_path, kommune, familie, vedtak, imdi_bruker, lag_bruker, bosetter):  # noqa: F811
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    fordeling.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    okter = _okter([Rolle.KOMMUNE_BOSETTER_SKRIV], kommune, lag_bruker)

    with tjener(tmp_path) as url:
        resultat = samtidige_klikk(
            f"{url}/kommuner/{kommune.pk}/fordelinger/{liste.pk}/", okter, {"handling": "send"}
        )

    assert sorted(status for status, _ in resultat) == [200] * ANTALL, [s for s, _ in resultat]
    meldinger = [_melding(side) for _, side in resultat]
    assert sum(m.startswith("Svaret er sendt til IMDi.") for m in meldinger) == 1, meldinger
    assert sum(m.startswith("Listen er allerede besvart. Svaret ble sendt") for m in meldinger) == ANTALL - 1
    assert Fordelingsliste.objects.get(pk=liste.pk).er_besvart
    assert Hendelse.objects.filter(kode="fordelingsliste.besvart").count() == 1
    assert Dokument.objects.filter(type="bosetting_av_flyktninger").count() == 1


def test_tjue_send_svar_paa_ett_vedtak(tmp_path, kommune, anmodning, lag_bruker):  # noqa: F811
    okter = _okter([Rolle.KOMMUNE_ANMODER_SKRIV], kommune, lag_bruker)
    skjema = {"aar": AAR, "antall_voksne": 20, "antall_em_15_18": 5, "antall_em_under_15": 2, "steg": "send"}

    with tjener(tmp_path) as url:
        resultat = samtidige_klikk(
            f"{url}/kommuner/{kommune.pk}/anmodninger/{anmodning.pk}/vedtak/?aar={AAR}", okter, skjema
        )

    assert sorted(status for status, _ in resultat) == [200] * ANTALL, [s for s, _ in resultat]
    meldinger = [_melding(side) for _, side in resultat]
    assert sum(m.startswith(f"Vedtaket for {AAR} er godkjent og sendt til IMDi.") for m in meldinger) == 1
    assert sum(m.startswith("Vedtaket er allerede sendt") for m in meldinger) == ANTALL - 1, meldinger
    assert Vedtak.objects.filter(anmodning=anmodning).count() == 1
    assert Hendelse.objects.filter(kode="vedtak.sendt").count() == 1
