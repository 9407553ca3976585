"""`make load` (issue #10): 50 caseworkers at once against gunicorn with production settings.

Each simulated user logs in as its own load user (made by `manage.py bench --oppsett`, listed in
var/bench/last-oppsett.json, password in IMDINETT_LAST_PASSORD) and does what its role does most:
the mottak reads its Oppgaveliste and Oversikt mottaksbeboere and saves interview fields (htmx autosave);
the kommune reads Oversikt bosetting, its fordelingslister and a person's folder; IMDi searches persons,
reads the national report and the fordelingsklare households in the admin.

Production sits behind a proxy that terminates TLS: every request says `X-Forwarded-Proto: https`, and the
session and CSRF cookies (Secure) are sent back over the loopback http. Not collected by pytest (no test_
prefix)."""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

OPPSETT = json.load(open(os.environ.get("LAST_OPPSETT", "var/bench/last-oppsett.json")))
PASSORD = os.environ["IMDINETT_LAST_PASSORD"]
ROLLER = ["mottak", "kommune", "imdi"]
VEKT = {"mottak": 2, "kommune": 2, "imdi": 1}  # 20 + 20 + 10 of 50
_ledige = {r: itertools.cycle([b for b in OPPSETT["brukere"] if b["rolle"] == r]) for r in ROLLER}
_tellere = itertools.count()
_rekke = [r for r in ROLLER for _ in range(VEKT[r])]
if os.environ.get("LAST_ROLLE"):  # the single-user reference runs one role at a time
    _rekke = [os.environ["LAST_ROLLE"]]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(nokkel: str, steg: int) -> str:
    """RFC 6238 (what the authenticator app computes): 6 digits, 30-second steps, HMAC-SHA1."""
    mac = hmac.new(base64.b32decode(nokkel), struct.pack(">Q", steg), hashlib.sha1).digest()
    del_ = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[del_ : del_ + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Saksbehandler(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.b = next(_ledige[_rekke[next(_tellere) % len(_rekke)]])
        forespor = self.client.request

        def usikre_kaker(*args, **kwargs):  # the Secure cookies go back over loopback http, as via the proxy
            for kake in self.client.cookies:
                kake.secure = False
            return forespor(*args, **kwargs)

        self.client.request = usikre_kaker
        self.opprinnelse = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": self.opprinnelse})
        side = self.client.get("/logg-inn/", name="logg inn")
        svar = self.client.post(
            "/logg-inn/",
            data={"username": self.b["brukernavn"], "password": PASSORD, **self._csrf(side)},
            headers={"Referer": self.opprinnelse + "/logg-inn/"},
            name="logg inn",
            allow_redirects=False,
        )
        if svar.status_code != 302:
            raise RuntimeError(f"innlogging feilet for {self.b['brukernavn']}: {svar.status_code}")
        if "totp" in self.b:  # IMDi: the one-time code (a code works once: a second try takes the next one)
            for forsok in range(2):
                steg = int(time.time() // 30) + forsok
                side = self.client.get("/logg-inn/kode/", name="logg inn: engangskode")
                svar = self.client.post(
                    "/logg-inn/kode/",
                    data={"kode": totp(self.b["totp"], steg), **self._csrf(side)},
                    headers={"Referer": self.opprinnelse + "/logg-inn/kode/"},
                    name="logg inn: engangskode",
                    allow_redirects=False,
                )
                if svar.status_code == 302:
                    break
            else:
                raise RuntimeError(f"engangskoden ble avvist for {self.b['brukernavn']}")

    def _csrf(self, svar) -> dict:
        m = CSRF.search(svar.text)
        return {"csrfmiddlewaretoken": m.group(1)} if m else {}

    def _get(self, url, name, **kw):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False, **kw) as svar:
            if svar.status_code != 200:
                svar.failure(f"{svar.status_code}")

    @task
    def arbeid(self):
        getattr(self, self.b["rolle"])()

    def mottak(self):
        m, personer = self.b["mottak"], self.b["personer"]
        trekk = random.random()
        if trekk < 0.3:
            self._get(f"/mottak/{m}/oppgaveliste/", "mottak: oppgaveliste")
        elif trekk < 0.45:
            self._get(f"/mottak/{m}/beboere/", "mottak: beboere")
        elif personer:
            p = random.choice(personer)
            side = self.client.get(f"/mottak/{m}/samtale/{p}/", name="mottak: samtale")
            with self.client.post(
                f"/mottak/{m}/samtale/{p}/lagre/bosettingsinformasjon/",
                data={
                    "andre_forhold_merknad": f"Lagret under last {random.randint(1, 10**6)}",
                    **self._csrf(side),
                },
                headers={"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
                name="mottak: lagre samtalefelt",
                catch_response=True,
            ) as svar:
                if svar.status_code != 200:
                    svar.failure(f"{svar.status_code}")

    def kommune(self):
        k = self.b["kommune"]
        trekk = random.random()
        if trekk < 0.3:
            self._get(f"/kommuner/{k}/oversikt/", "kommune: oversikt bosetting")
        elif trekk < 0.5:
            self._get(f"/kommuner/{k}/fordelinger/", "kommune: fordelinger")
        elif trekk < 0.7 and self.b["lister"]:
            self._get(
                f"/kommuner/{k}/fordelinger/{random.choice(self.b['lister'])}/", "kommune: fordelingsliste"
            )
        elif self.b["personer"]:
            p = random.choice(self.b["personer"])
            self._get(f"/personer/{p}/", "kommune: personmappe")
            self._get(f"/personer/{p}/bosetting/", "kommune: personmappe bosetting")
        else:
            self._get("/kommuner/rapporter/bosetting/", "kommune: bosettingsrapport")

    def imdi(self):
        trekk = random.random()
        if trekk < 0.4:
            self._get(f"/personer/?q={random.choice(OPPSETT['etternavn'])}", "imdi: personsøk")
        elif trekk < 0.6:
            self._get("/kommuner/rapporter/bosetting/", "imdi: bosettingsrapport")
        else:
            self._get(
                f"/admin/fordeling/fordelingsliste/add/?kommune={self.b['kommune']}", "imdi: fordelingsklare"
            )
