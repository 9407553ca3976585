"""In-app notifications: the unread count in every page's header."""

import re

import pytest

from imdinett.hendelser import services
from imdinett.hendelser.models import Varsel
from imdinett.hendelser.selectors import uleste_varsler_antall, varsler_for
from imdinett.organisasjoner.roller import Rolle

pytestmark = pytest.mark.django_db


def _teller(svar) -> str:
    treff = re.search(r'<span class="teller" aria-label="(\d+\+?) uleste">', svar.content.decode())
    return treff[1] if treff else ""


def test_uleste_telles_per_bruker_og_bare_i_egne_organisasjoner(client, kommune, annen_kommune, lag_bruker):
    bruker = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
    kollega = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES)
    egne = [services.varsel_send(organisasjon=kommune, tittel=f"Ny fordelingsliste {i}") for i in range(3)]
    services.varsel_send(organisasjon=annen_kommune, tittel="Ikke vår")
    services.varsel_marker_lest(bruker=bruker, varsler=egne[:1])
    services.varsel_marker_lest(bruker=kollega, varsler=egne)  # another user's reading changes nothing

    assert uleste_varsler_antall(bruker) == 2 == len(varsler_for(bruker, bare_uleste=True))
    assert uleste_varsler_antall(kollega) == 0
    client.force_login(bruker)
    assert _teller(client.get("/hjelp/")) == "2"

    services.varsel_marker_lest(bruker=bruker, varsler=egne)
    assert _teller(client.get("/hjelp/")) == ""  # no counter when everything is read


def test_uten_roller_ingen_uleste(kommune, lag_bruker):
    services.varsel_send(organisasjon=kommune, tittel="Ny fordelingsliste")
    assert uleste_varsler_antall(lag_bruker(kommune)) == 0


def test_telleren_stopper_paa_99_pluss_og_arbeidet_vokser_ikke(
    client, kommune, lag_bruker, django_assert_max_num_queries
):
    """Issue #21: the header's count is bounded, however many notifications go unread."""
    bruker = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
    Varsel.objects.bulk_create([Varsel(organisasjon=kommune, tittel=f"Varsel {i}") for i in range(99)])
    assert uleste_varsler_antall(bruker) == 99
    client.force_login(bruker)
    assert _teller(client.get("/hjelp/")) == "99"
    Varsel.objects.bulk_create([Varsel(organisasjon=kommune, tittel=f"Varsel {i}") for i in range(400)])
    assert uleste_varsler_antall(bruker) == 100
    assert _teller(client.get("/hjelp/")) == "99+"
    with django_assert_max_num_queries(1):
        uleste_varsler_antall(bruker)
