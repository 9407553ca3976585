"""Norwegian error pages in the product's layout (templates/400.html, 403.html, 404.html, 500.html and the
handler500 `imdinett.views.serverfeil`), with debugging off as in production: a heading, lang="nb", a page
title, a way on to the arbeidsflate — and never a detail of the error, nor a hint whether an object exists.

This module is also the urlconf of its tests: the product's URLs plus four that fail on purpose."""

import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.template import loader
from django.test import Client, override_settings
from django.urls import path

import imdinett.urls
from imdinett import views
from imdinett.organisasjoner.roller import Rolle

HEMMELIG = "hemmelig-detalj-4711"


@login_not_required
def _mangler(request):
    raise Http404(f"Ingen Kommune matcher spørringen ({HEMMELIG})")


@login_not_required
def _nektet(request):
    raise PermissionDenied(HEMMELIG)


@login_not_required
def _ugyldig(request):
    raise BadRequest(HEMMELIG)


@login_not_required
def _krasj(request):
    raise RuntimeError(HEMMELIG)


urlpatterns = [
    path("test/mangler/", _mangler),
    path("test/nektet/", _nektet),
    path("test/ugyldig/", _ugyldig),
    path("test/krasj/", _krasj),
    *imdinett.urls.urlpatterns,
]
handler500 = imdinett.urls.handler500

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(__name__),
]
ENGELSK = ["Not Found", "Forbidden", "Bad Request", "Server Error", "Traceback", "requested resource"]


def _side(svar, status: int, tittel: str) -> str:
    assert svar.status_code == status
    html = svar.content.decode()
    assert '<html lang="nb"' in html
    assert f"<title>{tittel} – IMDinett</title>" in html
    assert re.search(rf'<h1 class="ds-heading"[^>]*>{tittel}</h1>', html)
    assert 'href="/">Gå til arbeidsflaten</a>' in html
    assert HEMMELIG not in html
    for tekst in ENGELSK:
        assert tekst not in html, tekst
    return html


@override_settings(DEBUG=False)
def test_ukjent_adresse_gir_norsk_404(client, imdi_bruker):
    _side(client.get("/finnes-ikke/"), 404, "Fant ikke siden")
    client.force_login(imdi_bruker)
    html = _side(client.get("/finnes-ikke/"), 404, "Fant ikke siden")
    assert 'aria-label="Hovedmeny"' in html  # the product's layout, with its menus


@override_settings(DEBUG=False)
def test_404_fra_en_side_viser_ikke_meldingen(client, imdi_bruker):
    client.force_login(imdi_bruker)
    _side(client.get("/test/mangler/"), 404, "Fant ikke siden")


@override_settings(DEBUG=False)
def test_404_sier_ikke_om_objektet_finnes(client, lag_bruker, kommune, annen_kommune):
    """Another kommune's page and a kommune that does not exist give the same page."""
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    finnes = _side(client.get(f"/kommuner/{annen_kommune.pk}/oversikt/"), 404, "Fant ikke siden")
    finnes_ikke = _side(client.get("/kommuner/987654/oversikt/"), 404, "Fant ikke siden")
    assert annen_kommune.navn not in finnes
    token = re.compile(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", finnes) == token.sub("", finnes_ikke)


@override_settings(DEBUG=False)
def test_permission_denied_gir_norsk_403(client, imdi_bruker):
    _side(client.get("/test/nektet/"), 403, "Ingen tilgang")
    client.force_login(imdi_bruker)
    _side(client.get("/test/nektet/"), 403, "Ingen tilgang")


@override_settings(DEBUG=False)
def test_bad_request_gir_norsk_400(client):
    _side(client.get("/test/ugyldig/"), 400, "Ugyldig forespørsel")


@override_settings(DEBUG=False)
def test_unntak_gir_norsk_500(imdi_bruker):
    klient = Client(raise_request_exception=False)
    _side(klient.get("/test/krasj/"), 500, "Noe gikk galt")
    klient.force_login(imdi_bruker)
    svar = klient.get("/test/krasj/")
    html = _side(svar, 500, "Noe gikk galt")
    assert "Din bruker" not in html  # drawn without the request: no names, no queries
    assert "script-src 'self'" in svar["Content-Security-Policy"]


def test_500_siden_tegnes_uten_request_og_kontekst():
    html = loader.get_template("500.html").render()
    assert "Noe gikk galt" in html and '<html lang="nb"' in html


@override_settings(DEBUG=False)
def test_500_har_en_reserveside_om_malen_feiler(monkeypatch):
    def feiler(navn, *args, **kwargs):
        raise RuntimeError("malen er ødelagt")

    monkeypatch.setattr(views.loader, "get_template", feiler)
    svar = Client(raise_request_exception=False).get("/test/krasj/")
    assert svar.status_code == 500 and svar.content.decode() == views.NODSIDE
    assert "Noe gikk galt" in views.NODSIDE and 'lang="nb"' in views.NODSIDE
