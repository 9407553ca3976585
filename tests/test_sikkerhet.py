"""Security hardening (issue #10, docs/security.md): the Content Security Policy forbids inline script and
no template needs it; the headers; production settings (secure cookies, HSTS, SSL redirect); sessions end
after inactivity."""

import json
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from imdinett.organisasjoner.middleware import OktFornyelseMiddleware
from imdinett.organisasjoner.roller import Rolle

from .factories import TESTPASSORD

MALER = Path(settings.BASE_DIR) / "templates"
# Printouts are rendered by WeasyPrint, never by a browser: their <style> is not subject to the page CSP.
PDF_MALER = {"dokumenter/brev.html"}
# Page markup built in Python (long tables as strings, for speed).
PYTHON_MARKUP = [
    Path(settings.BASE_DIR) / "kommune" / "views.py",
]


def test_csp_forbyr_inline_skript_og_ramme(client, lag_bruker, mottak):
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    svar = client.get(f"/mottak/{mottak.pk}/oppgaveliste/")
    csp = svar["Content-Security-Policy"]
    direktiver = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert direktiver["script-src"] == "'self'" and "unsafe" not in csp
    assert direktiver["frame-ancestors"] == "'none'"
    assert svar["X-Frame-Options"] == "DENY"
    assert svar["X-Content-Type-Options"] == "nosniff"
    assert svar["Referrer-Policy"] == "same-origin"
    assert "no-store" in svar["Cache-Control"]


def test_ingen_mal_har_inline_skript_hendelsesattributt_eller_stilattributt():
    """What the CSP would block in a browser: <script> without src, on…= handlers, style= attributes,
    <style> blocks, javascript: links — in the templates and in the markup built in Python."""
    funn = []
    for sti in [*MALER.rglob("*.html"), *PYTHON_MARKUP]:
        navn = str(sti.relative_to(settings.BASE_DIR))
        if sti.is_relative_to(MALER) and (
            str(sti.relative_to(MALER)) in PDF_MALER
            or str(sti.relative_to(MALER)).startswith(
                ("personer/pdf_", "personer/_pdf_", "fordeling/brev_", "kommune/anmodningsbrev")
            )
        ):
            continue
        tekst = sti.read_text()
        for monster in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            r"<style",
            r"javascript:",
        ):
            funn += [f"{navn}: {m.group(0)}" for m in re.finditer(monster, tekst, re.I)]
    assert funn == []


def _produksjonsinnstillinger() -> dict:
    kode = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', "
        "'SESSION_FORNY_ETTER', 'X_FRAME_OPTIONS']}))"
    )
    miljo = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imdinett.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "imdinett.example.org",
    }
    ut = subprocess.run(
        [sys.executable, "-c", kode],
        env=miljo,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(ut.stdout.strip().splitlines()[-1])


def test_produksjonsinnstillinger_har_sikre_informasjonskapsler_og_hsts():
    p = _produksjonsinnstillinger()
    assert p["DEBUG"] is False
    assert p["SESSION_COOKIE_SECURE"] and p["CSRF_COOKIE_SECURE"] and p["SESSION_COOKIE_HTTPONLY"]
    assert p["SECURE_HSTS_SECONDS"] >= 31_536_000 and p["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert p["SECURE_SSL_REDIRECT"] is True
    assert p["X_FRAME_OPTIONS"] == "DENY"
    # Sessions end after inactivity (activity moves the expiry, at least every 5 minutes) and when the
    # browser closes.
    assert p["SESSION_EXPIRE_AT_BROWSER_CLOSE"] and p["SESSION_FORNY_ETTER"] <= 5 * 60
    assert p["SESSION_COOKIE_AGE"] <= 8 * 60 * 60


def test_okten_utloper_etter_inaktivitet(client, lag_bruker, mottak):
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    assert client.get(f"/mottak/{mottak.pk}/oppgaveliste/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    svar = client.get(f"/mottak/{mottak.pk}/oppgaveliste/")
    assert svar.status_code == 302 and svar["Location"].startswith("/logg-inn/")


def test_aktivitet_fornyer_okten_uten_aa_skrive_ved_hver_side(client, lag_bruker, mottak):
    """The login renews the session; a page within SESSION_FORNY_ETTER of the last renewal writes nothing;
    a page after it moves the expiry forward (idle time counts from the last renewal). Logging out, or a
    stale cookie, leaves no session behind."""
    bruker = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    assert (
        client.post("/logg-inn/", {"username": bruker.username, "password": TESTPASSORD}).status_code == 302
    )
    okt = Session.objects.get()
    data = okt.get_decoded()
    assert time.time() - data[OktFornyelseMiddleware.NOKKEL] < 60  # stamped by the login's response
    side = f"/mottak/{mottak.pk}/oppgaveliste/"
    assert client.get(side).status_code == 200
    assert Session.objects.get().expire_date == okt.expire_date  # not written again

    data[OktFornyelseMiddleware.NOKKEL] -= settings.SESSION_FORNY_ETTER  # the last renewal 5 minutes ago
    Session.objects.filter(pk=okt.pk).update(
        session_data=SessionStore().encode(data), expire_date=timezone.now() + timedelta(minutes=2)
    )
    assert client.get(side).status_code == 200
    fornyet = Session.objects.get()
    assert fornyet.expire_date - timezone.now() > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert time.time() - fornyet.get_decoded()[OktFornyelseMiddleware.NOKKEL] < 60

    client.logout()
    client.get("/logg-inn/")
    assert not Session.objects.exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = okt.session_key  # a stale cookie
    client.get("/logg-inn/")
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "sti, innlogging",
    [
        ("/admin/", "/admin/login/"),
        ("/mottak/", "/logg-inn/"),
        ("/personer/", "/logg-inn/"),
        ("/kommuner/", "/logg-inn/"),
    ],
)
def test_anonym_faar_innloggingssiden(client, sti, innlogging):
    svar = client.get(sti)
    assert svar.status_code == 302 and svar["Location"].startswith(innlogging)
