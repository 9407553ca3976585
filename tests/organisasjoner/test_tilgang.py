"""Access fails closed: another organisation's object is a 404 (DOMAIN.md, roles per organisation)."""

from datetime import date

import pytest

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services

from ..factories import TESTPASSORD, HusstandFactory, PersonFactory

pytestmark = pytest.mark.django_db
R = Rolle


@pytest.fixture
def beboer_med_sak(mottak, imdi_bruker):
    person = PersonFactory(mottak=mottak)
    services.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    return person


@pytest.fixture
def beboer_uten_sak(mottak):
    return PersonFactory(mottak=mottak)


def status(client, bruker, url):
    client.force_login(bruker)
    return client.get(url).status_code


def test_toten_faar_404_for_beboer_paa_haa(client, lag_bruker, annet_mottak, mottak, beboer_med_sak):
    toten = lag_bruker(annet_mottak, R.MOTTAK_BOSETTINGSANSVARLIG)
    haa = lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG)
    url = f"/personer/{beboer_med_sak.pk}/"
    assert status(client, haa, url) == 200
    assert status(client, toten, url) == 404
    assert status(client, toten, "/personer/999999/") == 404  # missing and forbidden look the same


@pytest.mark.parametrize(
    ("rolle", "med_sak", "uten_sak"),
    [
        (R.MOTTAK_BOSETTINGSANSVARLIG, 200, 404),
        (R.MOTTAK_KOMPASS, 200, 404),
        (R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG, 200, 200),
        (R.INTEGRERINGSMOTTAK_KOMPASS, 200, 200),
        (R.MOTTAKSADMINISTRATOR, 404, 404),
    ],
)
def test_mottaksroller_og_beboere(
    client, lag_bruker, mottak, beboer_med_sak, beboer_uten_sak, rolle, med_sak, uten_sak
):
    bruker = lag_bruker(mottak, rolle)
    assert status(client, bruker, f"/personer/{beboer_med_sak.pk}/") == med_sak
    assert status(client, bruker, f"/personer/{beboer_uten_sak.pk}/") == uten_sak


def test_kommunen_naar_personmappen_foerst_etter_at_personen_er_sokt_ut(
    client, lag_bruker, mottak, kommune, annen_kommune, imdi_bruker
):
    husstand = HusstandFactory()
    person = PersonFactory(mottak=mottak, husstand=husstand)
    saker = services.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    saker = services.bosettingssak_ferdigstill(saker=saker, av=imdi_bruker)
    saker = services.bosettingssak_fordel(saker=saker, kommune=kommune, av=imdi_bruker)
    url = f"/personer/{person.pk}/"
    bosetter = lag_bruker(kommune, R.KOMMUNE_BOSETTER_SKRIV)
    leser = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    anmoder = lag_bruker(kommune, R.KOMMUNE_ANMODER_SKRIV)
    tromso = lag_bruker(annen_kommune, R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNE_ANMODER_SKRIV)
    assert status(client, bosetter, url) == 404  # fordelt, not yet accepted: no folder, no name
    services.bosettingssak_sok_ut(saker=saker, forventet_uke=date(2026, 12, 7), av=imdi_bruker)
    assert status(client, bosetter, url) == 200
    assert status(client, leser, url) == 200
    assert status(client, anmoder, url) == 404  # Anmoder roles: no person folder
    assert status(client, tromso, url) == 404


def test_imdi_naar_alle(client, imdi_bruker, beboer_uten_sak):
    assert status(client, imdi_bruker, f"/personer/{beboer_uten_sak.pk}/") == 200


def test_personsok_finner_bare_egne(client, lag_bruker, mottak, annet_mottak, beboer_med_sak):
    toten = lag_bruker(annet_mottak, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG)
    client.force_login(toten)
    svar = client.get("/personer/", {"q": beboer_med_sak.duf_nummer})
    assert beboer_med_sak.etternavn not in svar.content.decode()
    client.force_login(lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG))
    assert (
        beboer_med_sak.etternavn in client.get("/personer/", {"q": beboer_med_sak.etternavn}).content.decode()
    )


def test_mottaksinformasjon_er_404_for_annet_mottak(client, lag_bruker, mottak, annet_mottak):
    url = f"/mottak/{mottak.pk}/mottaksinformasjon/"
    assert status(client, lag_bruker(mottak, R.MOTTAKSADMINISTRATOR), url) == 200
    assert status(client, lag_bruker(annet_mottak, R.MOTTAK_BOSETTINGSANSVARLIG), url) == 404
    assert status(client, lag_bruker(annet_mottak), url) == 404  # a user without roles


def test_anonym_sendes_til_innlogging(client):
    svar = client.get("/")
    assert svar.status_code == 302 and svar["Location"].startswith("/logg-inn/")
    assert client.get("/personer/1/").status_code == 302
    assert client.get("/logg-inn/").status_code == 200


def test_htmx_forespørsel_uten_okt_faar_hx_redirect(client):
    svar = client.get("/varsler/", HTTP_HX_REQUEST="true")
    assert svar.status_code == 204 and svar["HX-Redirect"].startswith("/logg-inn/")


def test_admin_bare_for_imdi(client, imdi_bruker, lag_bruker, kommune):
    assert status(client, imdi_bruker, "/admin/") == 200
    client.force_login(lag_bruker(kommune, R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNEADMINISTRATOR))
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/personer/person/").status_code == 302


def test_innlogging_sperres_etter_gjentatte_feil(client, lag_bruker, mottak, settings):
    bruker = lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG, username="sperres")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        svar = client.post("/logg-inn/", {"username": "sperres", "password": "feil"})
        assert "Feil brukernavn eller passord" in svar.content.decode()
    svar = client.post("/logg-inn/", {"username": "sperres", "password": "feil"})
    assert svar.status_code == 429
    svar = client.post("/logg-inn/", {"username": "sperres", "password": TESTPASSORD})
    assert "midlertidig sperret" in svar.content.decode()
    assert "_auth_user_id" not in client.session
    assert bruker.is_active


def test_sider_med_persondata_bufres_ikke(client, imdi_bruker):
    client.force_login(imdi_bruker)
    svar = client.get("/personer/")
    assert "no-store" in svar["Cache-Control"] and "HX-Request" in svar["Vary"]
