"""The OpenAPI description and its page: in bokmål, public (no personal data), and the page draws in a browser
under the site's Content-Security-Policy from the server's own files (no CDN, no inline script)."""

import pytest
import requests
from django.urls import reverse

from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES


def test_openapi_beskriver_token_og_kommunens_lese_api(client, db):
    svar = client.get("/api/openapi.json")
    assert svar.status_code == 200
    spek = svar.json()
    assert spek["info"]["title"] == "IMDinett API"
    assert KOMMUNE_PERSONER_LES in spek["info"]["description"]
    assert {"/api/token", "/api/kommune/personer", "/api/kommune/personer/{person_id}"} <= set(spek["paths"])
    assert (
        spek["paths"]["/api/kommune/personer"]["get"]["summary"]
        == "Personene kommunen har søkt ut eller bosatt"
    )
    assert spek["components"]["securitySchemes"]["Bearer"] == {"type": "http", "scheme": "bearer"}
    assert reverse("api:kommune_person", kwargs={"person_id": 1}) == "/api/kommune/personer/1"


@pytest.mark.django_db(transaction=True)
def test_dokumentasjonssiden_virker_med_csp_og_uten_internett(live_server, page):
    brudd, eksterne = [], []
    page.on("console", lambda m: brudd.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: eksterne.append(r.url) if not r.url.startswith(live_server.url) else None)
    svar = page.goto(f"{live_server.url}/api/docs")
    assert "script-src 'self'" in svar.headers["content-security-policy"]
    page.get_by_text("Hent tilgangstoken", exact=True).wait_for()
    page.get_by_text("Personene kommunen har søkt ut eller bosatt", exact=True).wait_for()
    assert not brudd, brudd
    assert not [u for u in eksterne if not u.startswith("data:")], eksterne
    assert requests.get(f"{live_server.url}/api/docs", timeout=10).status_code == 200  # no login needed
