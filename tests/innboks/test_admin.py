"""The inbox in IMDi's admin: the list with its filters and search, a message with its errors, and
«Behandle på nytt»; a kommune's user gets none of it."""

import pytest
from django.urls import reverse

from imdinett.innboks.models import Innboksmelding
from imdinett.organisasjoner.roller import Rolle
from tests.factories import MottakFactory

from .conftest import send, tillatelse

pytestmark = pytest.mark.django_db
S = Innboksmelding.Status
LISTE = reverse("admin:innboks_innboksmelding_changelist")


@pytest.fixture
def feilet():
    data = {**tillatelse(), "mottak": "MOT008888"}
    return send("udi", "tillatelse_innvilget", data, melding_id="udi-feilet")[0]


def test_imdi_ser_innboksen_filtrerer_og_soker(client, imdi_bruker, mottak, feilet):
    send("udi", "tillatelse_innvilget", {"reg_nr": "x"}, melding_id="udi-avvist")
    client.force_login(imdi_bruker)
    side = client.get(LISTE).content.decode()
    assert "udi-feilet" in side and "udi-avvist" in side
    for filter_ in ("?status__exact=feilet", "?type__exact=tillatelse_innvilget", "?kilde__exact=udi"):
        assert "udi-feilet" in client.get(LISTE + filter_).content.decode()
    assert "udi-feilet" not in client.get(LISTE + "?status__exact=avvist").content.decode()
    duf = feilet.data["personer"][0]["duf_nummer"]
    funnet = client.get(LISTE, {"q": f"{duf[:4]} {duf[4:]}"}).content.decode()
    assert "udi-feilet" in funnet and "udi-avvist" not in funnet
    endre = client.get(reverse("admin:innboks_innboksmelding_change", args=[feilet.pk])).content.decode()
    assert "Ukjent mottak «MOT008888» (MottaksID i UDI Mot)." in endre
    assert "&quot;reg_nr&quot;" in endre  # the message as it came
    assert client.get(reverse("admin:innboks_innboksmelding_add")).status_code == 403


def test_imdi_behandler_paa_nytt_etter_retting(client, imdi_bruker, feilet):
    client.force_login(imdi_bruker)
    handling = {"action": "behandle_paa_nytt", "_selected_action": [feilet.pk]}
    svar = client.post(LISTE, handling, follow=True).content.decode()
    assert "Behandlet på nytt: 1." in svar
    feilet.refresh_from_db()
    assert (feilet.status, feilet.forsok) == (S.FEILET, 2)
    MottakFactory(udi_mot_id="MOT008888")
    client.post(LISTE, handling)
    feilet.refresh_from_db()
    assert (feilet.status, feilet.behandlet_paa_nytt_av) == (S.BEHANDLET, imdi_bruker)
    svar = client.post(LISTE, handling, follow=True).content.decode()
    assert "Meldingen er allerede behandlet." in svar


def test_kommunens_bruker_faar_ikke_innboksen(client, kommune, lag_bruker, feilet):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR, Rolle.KOMMUNE_BOSETTER_SKRIV))
    assert client.get(LISTE).status_code == 302  # to the admin's login: no admin for a kommune
    client.post(LISTE, {"action": "behandle_paa_nytt", "_selected_action": [feilet.pk]})
    feilet.refresh_from_db()
    assert feilet.forsok == 1
