"""Brukeradministrasjon: an administrator manages users of their own organisation, with the roles
of its own area, and nothing else."""

import pytest

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner import services
from imdinett.organisasjoner.models import Bruker
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import brukerroller

from ..factories import TESTPASSORD

pytestmark = pytest.mark.django_db
R = Rolle
NY = {
    "username": "ny.ansatt",
    "first_name": "Nora",
    "last_name": "Ny",
    "email": "nora@example.org",
    "password": "Et-langt-passord-2026",
}


@pytest.fixture
def mottakadmin(lag_bruker, mottak):
    return lag_bruker(mottak, R.MOTTAKSADMINISTRATOR)


def test_mottaksadministrator_oppretter_bruker_med_mottaksrolle(client, mottakadmin, mottak):
    client.force_login(mottakadmin)
    svar = client.post("/brukeradministrasjon/ny/", {**NY, "roller": [R.MOTTAK_BOSETTINGSANSVARLIG.value]})
    ny = Bruker.objects.get(username="ny.ansatt")
    assert svar.status_code == 302 and ny.organisasjon_id == mottak.pk
    assert brukerroller([ny])[ny.pk] == [R.MOTTAK_BOSETTINGSANSVARLIG]
    assert ny.check_password(NY["password"])
    assert Hendelse.objects.filter(kode="bruker.opprettet", utfort_av=mottakadmin).exists()
    assert "ny.ansatt" in client.get("/brukeradministrasjon/").content.decode()


def test_kommuneroller_kan_ikke_tildeles_av_mottaksadministrator(client, mottakadmin):
    client.force_login(mottakadmin)
    skjema = client.get("/brukeradministrasjon/ny/").content.decode()
    assert "Kommune_Bosetter_Skriv" not in skjema and "MottakBosettingsansvarlig" in skjema
    svar = client.post("/brukeradministrasjon/ny/", {**NY, "roller": [R.KOMMUNE_BOSETTER_SKRIV.value]})
    assert svar.status_code == 400 and "ikke et av de tilgjengelige valgene" in svar.content.decode()
    assert 'value="ny.ansatt"' in svar.content.decode()  # what was typed is kept
    assert not Bruker.objects.filter(username="ny.ansatt").exists()


def test_tjenesten_nekter_kommunerolle_i_mottak(mottakadmin, lag_bruker, mottak):
    ansatt = lag_bruker(mottak)
    with pytest.raises(DomeneFeil, match="kan ikke tildeles"):
        services.rolle_tildel(av=mottakadmin, bruker=ansatt, rolle=R.KOMMUNE_BOSETTER_SKRIV)
    with pytest.raises(DomeneFeil, match="kan ikke tildeles"):
        services.rolle_tildel(av=mottakadmin, bruker=ansatt, rolle=R.IMDI_SAKSBEHANDLER)
    assert brukerroller([ansatt]) == {}


def test_kan_ikke_opprette_bruker_i_annen_organisasjon(client, mottakadmin, annet_mottak, kommune):
    client.force_login(mottakadmin)
    for org in (annet_mottak, kommune):
        assert client.get(f"/brukeradministrasjon/?organisasjon={org.pk}").status_code == 404
        svar = client.post(f"/brukeradministrasjon/ny/?organisasjon={org.pk}", {**NY, "roller": []})
        assert svar.status_code == 404
    with pytest.raises(DomeneFeil, match="egen organisasjon"):
        services.bruker_opprett(
            av=mottakadmin,
            organisasjon=annet_mottak,
            password=None,
            **{k: v for k, v in NY.items() if k != "password"},
        )
    assert not Bruker.objects.filter(username="ny.ansatt").exists()


def test_kan_ikke_endre_bruker_i_annen_organisasjon(client, mottakadmin, lag_bruker, annet_mottak):
    fremmed = lag_bruker(annet_mottak, R.MOTTAK_KOMPASS)
    client.force_login(mottakadmin)
    assert client.get(f"/brukeradministrasjon/{fremmed.pk}/").status_code == 404
    assert client.post(f"/brukeradministrasjon/{fremmed.pk}/", {"roller": []}).status_code == 404
    assert client.post(f"/brukeradministrasjon/{fremmed.pk}/aktiv/", {"aktiv": "0"}).status_code == 404
    fremmed.refresh_from_db()
    assert fremmed.is_active and brukerroller([fremmed])[fremmed.pk] == [R.MOTTAK_KOMPASS]


def test_roller_endres_og_bruker_deaktiveres(client, mottakadmin, lag_bruker, mottak):
    ansatt = lag_bruker(mottak, R.MOTTAK_KOMPASS)
    client.force_login(mottakadmin)
    client.post(f"/brukeradministrasjon/{ansatt.pk}/", {"roller": [R.MOTTAK_BOSETTINGSANSVARLIG.value]})
    assert brukerroller([ansatt])[ansatt.pk] == [R.MOTTAK_BOSETTINGSANSVARLIG]
    client.post(f"/brukeradministrasjon/{ansatt.pk}/aktiv/", {"aktiv": "0"})
    ansatt.refresh_from_db()
    assert not ansatt.is_active
    client.logout()
    svar = client.post("/logg-inn/", {"username": ansatt.username, "password": TESTPASSORD})
    assert "Feil brukernavn eller passord" in svar.content.decode()


def test_administrator_kan_ikke_deaktivere_seg_selv(mottakadmin):
    with pytest.raises(DomeneFeil, match="deg selv"):
        services.bruker_sett_aktiv(av=mottakadmin, bruker=mottakadmin, aktiv=False)


def test_vanlig_bruker_har_ingen_brukeradministrasjon(client, lag_bruker, mottak, kommune):
    for bruker in (
        lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG),
        lag_bruker(kommune, R.KOMMUNE_BOSETTER_SKRIV),
    ):
        client.force_login(bruker)
        assert client.get("/brukeradministrasjon/").status_code == 404
        assert client.get("/brukeradministrasjon/ny/").status_code == 404


def test_imdi_administrerer_alle_gjennom_tjenesten(imdi_bruker, lag_bruker, kommune):
    ansatt = lag_bruker(kommune)
    services.bruker_sett_roller(av=imdi_bruker, bruker=ansatt, roller={R.KOMMUNE_BOSETTER_LES})
    assert brukerroller([ansatt])[ansatt.pk] == [R.KOMMUNE_BOSETTER_LES]


def test_imdi_setter_roller_i_admin_gjennom_tjenesten(client, imdi_bruker, lag_bruker, kommune):
    ansatt = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    client.force_login(imdi_bruker)
    side = client.get(f"/admin/organisasjoner/bruker/{ansatt.pk}/change/")
    assert side.status_code == 200
    data = {
        "username": ansatt.username,
        "first_name": "Test",
        "last_name": "Ansatt",
        "email": ansatt.email,
        "telefon": "",
        "organisasjon": kommune.pk,
        "is_active": "on",
        "roller": [R.KOMMUNE_BOSETTER_SKRIV.value, R.KOMMUNE_ANMODER_LES.value],
    }
    svar = client.post(f"/admin/organisasjoner/bruker/{ansatt.pk}/change/", data)
    assert svar.status_code == 302, svar.content.decode()[:2000]
    assert brukerroller([ansatt])[ansatt.pk] == [R.KOMMUNE_ANMODER_LES, R.KOMMUNE_BOSETTER_SKRIV]
    assert Hendelse.objects.filter(kode="bruker.rolle_tildelt", utfort_av=imdi_bruker).exists()
    data["roller"] = [R.MOTTAK_KOMPASS.value]  # not a kommune role: refused, nothing changed
    client.post(f"/admin/organisasjoner/bruker/{ansatt.pk}/change/", data)
    assert brukerroller([ansatt])[ansatt.pk] == [R.KOMMUNE_ANMODER_LES, R.KOMMUNE_BOSETTER_SKRIV]


def test_imdi_fjerner_oidc_koblingen_i_admin(client, imdi_bruker, lag_bruker, kommune):
    """The binding is shown, not typed: it is removed by the action, and that is logged."""
    bundet = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, oidc_sub="s1")
    annen = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, oidc_sub="s2")
    client.force_login(imdi_bruker)
    side = client.get(f"/admin/organisasjoner/bruker/{bundet.pk}/change/").content.decode()
    assert "s1" in side and 'name="oidc_sub"' not in side
    svar = client.post(
        "/admin/organisasjoner/bruker/",
        {"action": "fjern_oidc_kobling", "_selected_action": [bundet.pk]},
    )
    assert svar.status_code == 302
    bundet.refresh_from_db()
    annen.refresh_from_db()
    assert bundet.oidc_sub is None and annen.oidc_sub == "s2"
    assert Hendelse.objects.filter(kode="bruker.oidc_kobling_fjernet", utfort_av=imdi_bruker).count() == 1


def test_imdi_oppretter_bruker_i_admin(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    assert client.get("/admin/organisasjoner/bruker/add/").status_code == 200
    svar = client.post(
        "/admin/organisasjoner/bruker/add/",
        {
            "username": "ny.kommune",
            "password1": "Et-langt-passord-2026",
            "password2": "Et-langt-passord-2026",
            "organisasjon": kommune.pk,
        },
    )
    assert svar.status_code == 302
    assert Bruker.objects.get(username="ny.kommune").organisasjon_id == kommune.pk
