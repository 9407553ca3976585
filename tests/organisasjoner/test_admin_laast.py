"""«Tilgang», defects 1, 4 and 11: the admin cannot be used to take over accounts (superusers hidden,
no staff or superuser flags, no changes to one's own roles or organisation, every change an event);
everyone who reaches the admin gives the one-time code; the demo's password and key open nothing
when debug is off."""

import base64

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner import services
from imdinett.organisasjoner.forms import InnloggingSkjema
from imdinett.organisasjoner.management.commands.totp_kode import gyldig_kode
from imdinett.organisasjoner.models import Bruker, Organisasjon
from imdinett.organisasjoner.roller import Rolle as R
from imdinett.organisasjoner.selectors import (
    brukerroller,
    krever_tofaktor,
    naar_admin,
    roller_for,
    tildelbare_roller,
)

from ..factories import TESTPASSORD, OrganisasjonFactory

pytestmark = pytest.mark.django_db
PASSORD = "Et-langt-passord-2026"
ADMIN = "/admin/organisasjoner/bruker"


def endre(bruker, **felt) -> dict:
    """The admin's change form for `bruker`, as posted, with `felt` on top."""
    return {
        "username": bruker.username,
        "first_name": bruker.first_name,
        "last_name": bruker.last_name,
        "email": bruker.email,
        "telefon": "",
        "organisasjon": bruker.organisasjon_id or "",
        "is_active": "on",
        "roller": [r.value for r in brukerroller([bruker]).get(bruker.pk, [])],
        **felt,
    }


@pytest.fixture
def superbruker(lag_bruker, imdi_org):
    return lag_bruker(imdi_org, username="sjefen", is_superuser=True, is_staff=True)


@pytest.fixture
def bufetat(lag_bruker):
    return lag_bruker(
        OrganisasjonFactory(navn="Bufetat", type=Organisasjon.Type.BUFETAT), R.BUFETAT_SAKSBEHANDLER
    )


# ---- 1: the admin cannot be used to take over accounts ----


def test_imdi_ser_ikke_og_endrer_ikke_superbrukeren(client, imdi_bruker, superbruker, lag_bruker, kommune):
    ansatt = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    client.force_login(imdi_bruker)
    liste = client.get(f"{ADMIN}/").content.decode()
    assert ansatt.username in liste and "sjefen" not in liste
    assert f"{ADMIN}/{superbruker.pk}/change/" not in client.get(f"{ADMIN}/?q=sjefen").content.decode()
    for side in ("change/", "password/", "history/"):
        assert client.get(f"{ADMIN}/{superbruker.pk}/{side}").status_code == 404, side
    assert (
        client.post(f"{ADMIN}/{superbruker.pk}/change/", endre(superbruker, is_active="")).status_code == 404
    )
    svar = client.post(
        f"{ADMIN}/{superbruker.pk}/password/",
        {"password1": PASSORD, "password2": PASSORD, "usable_password": "true"},
    )
    assert svar.status_code == 404
    client.post(  # a bulk action with its id is not run on it either
        f"{ADMIN}/", {"action": "nullstill_tofaktor", "_selected_action": [superbruker.pk]}
    )
    superbruker.refresh_from_db()
    assert superbruker.is_active and superbruker.check_password(TESTPASSORD)
    with pytest.raises(DomeneFeil, match="superbruker"):
        services.bruker_sett_aktiv(av=imdi_bruker, bruker=superbruker, aktiv=False)
    with pytest.raises(DomeneFeil, match="superbruker"):
        services.totp_nullstill(av=imdi_bruker, bruker=superbruker)


def test_imdi_gjor_ingen_til_stab_eller_superbruker(client, imdi_bruker, lag_bruker, kommune):
    ansatt = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    client.force_login(imdi_bruker)
    side = client.get(f"{ADMIN}/{ansatt.pk}/change/").content.decode()
    for felt in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert f'name="{felt}"' not in side, felt
    data = endre(ansatt, is_staff="on", is_superuser="on", user_permissions=[1], groups=[1])
    assert client.post(f"{ADMIN}/{ansatt.pk}/change/", data).status_code == 302
    ansatt.refresh_from_db()
    assert not ansatt.is_staff and not ansatt.is_superuser
    svar = client.post(
        f"{ADMIN}/add/",
        {
            "username": "ny.stab",
            "password1": PASSORD,
            "password2": PASSORD,
            "organisasjon": kommune.pk,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    ny = Bruker.objects.get(username="ny.stab")
    assert svar.status_code == 302 and not ny.is_staff and not ny.is_superuser
    assert Hendelse.objects.filter(
        kode="bruker.opprettet", utfort_av=imdi_bruker, organisasjon=kommune
    ).exists()


def test_imdi_endrer_ikke_egne_roller_organisasjon_eller_status(client, imdi_bruker, kommune):
    client.force_login(imdi_bruker)
    side = client.get(f"{ADMIN}/{imdi_bruker.pk}/change/").content.decode()
    for felt in ("organisasjon", "roller", "is_active"):
        assert f'name="{felt}"' not in side, felt
    assert R.IMDI_SAKSBEHANDLER.navn in side  # the roles are shown, read-only
    data = endre(imdi_bruker, organisasjon=kommune.pk, roller=[R.KOMMUNE_BOSETTER_SKRIV.value], is_active="")
    data["first_name"] = "Ingrid"
    assert client.post(f"{ADMIN}/{imdi_bruker.pk}/change/", data).status_code == 302
    imdi_bruker.refresh_from_db()
    assert imdi_bruker.first_name == "Ingrid"  # the rest of the page is saved
    assert imdi_bruker.organisasjon_id != kommune.pk and imdi_bruker.is_active
    assert brukerroller([imdi_bruker])[imdi_bruker.pk] == [R.IMDI_SAKSBEHANDLER]
    with pytest.raises(DomeneFeil, match="egne roller"):
        services.bruker_sett_roller(av=imdi_bruker, bruker=imdi_bruker, roller=set())
    with pytest.raises(DomeneFeil, match="flytte deg selv"):
        services.bruker_sett_organisasjon(av=imdi_bruker, bruker=imdi_bruker, organisasjon=kommune)


def test_administrator_endrer_ikke_egne_roller(client, lag_bruker, mottak):
    admin = lag_bruker(mottak, R.MOTTAKSADMINISTRATOR)
    client.force_login(admin)
    side = client.get(f"/brukeradministrasjon/{admin.pk}/").content.decode()
    assert "Du kan ikke endre dine egne roller" in side and 'name="roller"' not in side
    client.post(f"/brukeradministrasjon/{admin.pk}/", {"roller": [R.MOTTAK_BOSETTINGSANSVARLIG.value]})
    assert brukerroller([admin])[admin.pk] == [R.MOTTAKSADMINISTRATOR]


def test_hver_endring_i_admin_er_en_hendelse(client, imdi_bruker, lag_bruker, kommune, annen_kommune):
    ansatt = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES, R.KOMMUNEADMINISTRATOR)
    TOTPDevice.objects.create(user=ansatt, name="App", confirmed=True)
    client.force_login(imdi_bruker)
    data = endre(ansatt, organisasjon=annen_kommune.pk, roller=[R.KOMMUNE_BOSETTER_SKRIV.value], is_active="")
    svar = client.post(f"{ADMIN}/{ansatt.pk}/change/", data)
    assert svar.status_code == 302, svar.content.decode()[:2000]
    ansatt.refresh_from_db()
    assert ansatt.organisasjon_id == annen_kommune.pk and not ansatt.is_active
    # The old kommune's roles went with the move: nothing is reached there any more.
    assert set(roller_for(Bruker.objects.get(pk=ansatt.pk))) == set()  # inactive: no roles at all
    ansatt.is_active = True
    assert roller_for(ansatt) == {annen_kommune.pk: frozenset({R.KOMMUNE_BOSETTER_SKRIV})}

    svar = client.post(
        f"{ADMIN}/{ansatt.pk}/password/",
        {"password1": PASSORD, "password2": PASSORD, "usable_password": "true"},
    )
    assert svar.status_code == 302
    ansatt.refresh_from_db()
    assert ansatt.check_password(PASSORD)
    client.post(f"{ADMIN}/", {"action": "nullstill_tofaktor", "_selected_action": [ansatt.pk]})
    assert not TOTPDevice.objects.filter(user=ansatt).exists()

    hendelser = Hendelse.objects.filter(utfort_av=imdi_bruker)
    koder = list(hendelser.values_list("kode", "organisasjon_id"))
    for forventet in [
        ("bruker.rolle_fjernet", kommune.pk),
        ("bruker.organisasjon_endret", kommune.pk),
        ("bruker.organisasjon_endret", annen_kommune.pk),
        ("bruker.rolle_tildelt", annen_kommune.pk),
        ("bruker.deaktivert", annen_kommune.pk),
        ("bruker.passord_endret", annen_kommune.pk),
        ("bruker.tofaktor_nullstilt", annen_kommune.pk),
    ]:
        assert forventet in koder, forventet
    assert not hendelser.filter(tittel__contains=PASSORD).exists()
    assert not any(PASSORD in str(h.data) or PASSORD in h.tekst for h in hendelser)


def test_imdi_gir_en_bruker_andre_roller_og_organisasjon(client, imdi_bruker, lag_bruker, kommune, mottak):
    """IMDi still moves ordinary users and sets their roles; roles outside the new organisation's area
    are a form error and nothing is changed."""
    ansatt = lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES)
    client.force_login(imdi_bruker)
    feil = endre(ansatt, organisasjon=mottak.pk, roller=[R.KOMMUNE_BOSETTER_LES.value])
    svar = client.post(f"{ADMIN}/{ansatt.pk}/change/", feil)
    assert svar.status_code == 200 and "Kan ikke tildeles i" in svar.content.decode()
    ansatt.refresh_from_db()
    assert ansatt.organisasjon_id == kommune.pk
    data = endre(ansatt, organisasjon=mottak.pk, roller=[R.MOTTAKSADMINISTRATOR.value])
    assert client.post(f"{ADMIN}/{ansatt.pk}/change/", data).status_code == 302
    ansatt.refresh_from_db()
    assert ansatt.organisasjon_id == mottak.pk
    assert brukerroller([ansatt])[ansatt.pk] == [R.MOTTAKSADMINISTRATOR]


def test_administrator_nullstiller_bare_vanlige_brukere_i_egen_organisasjon(
    client, lag_bruker, mottak, annet_mottak, imdi_org
):
    admin = lag_bruker(mottak, R.MOTTAKSADMINISTRATOR)
    vanlig = lag_bruker(mottak, R.MOTTAK_KOMPASS)
    stab = lag_bruker(mottak, is_staff=True)
    superbruker = lag_bruker(mottak, is_superuser=True)
    imdi = lag_bruker(mottak)  # an IMDi caseworker placed in the mottak
    assign_perm(R.IMDI_SAKSBEHANDLER.perm, imdi, imdi_org)
    fremmed = lag_bruker(annet_mottak, R.MOTTAK_KOMPASS)
    for bruker in (vanlig, stab, superbruker, imdi, fremmed):
        TOTPDevice.objects.create(user=bruker, name="App", confirmed=True)
    client.force_login(admin)
    for bruker in (stab, superbruker, imdi, fremmed):
        client.post(f"/brukeradministrasjon/{bruker.pk}/tofaktor/nullstill/")
        assert TOTPDevice.objects.filter(user=bruker).exists(), bruker.username
        with pytest.raises(DomeneFeil):
            services.totp_nullstill(av=admin, bruker=bruker)
    client.post(f"/brukeradministrasjon/{vanlig.pk}/tofaktor/nullstill/")
    assert not TOTPDevice.objects.filter(user=vanlig).exists()
    assert Hendelse.objects.filter(kode="bruker.tofaktor_nullstilt", utfort_av=admin).count() == 1


# ---- 4: everyone who reaches the admin gives the one-time code ----


def test_bufetat_gir_engangskode_foer_admin(bufetat):
    bufetat.set_password(PASSORD)
    bufetat.save()
    client = Client()
    assert (
        client.post(reverse("login"), {"username": bufetat.username, "password": PASSORD}).status_code == 302
    )
    svar = client.get("/admin/")
    assert svar.status_code == 302 and svar["Location"].startswith(reverse("tofaktor"))
    assert client.get("/admin/innmelding/innmelding/").status_code == 302
    client.get(reverse("tofaktor"))  # the first login sets up the app
    enhet = TOTPDevice.objects.get(user=bufetat)
    assert client.post(reverse("tofaktor"), {"kode": f"{TOTP(enhet.bin_key).token():06d}"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/innmelding/innmelding/").status_code == 200


def test_alle_som_naar_admin_maa_gi_kode(lag_bruker, mottak, kommune, imdi_org):
    """One user for every role (and a superuser): whoever the admin site lets in must give the code."""
    bufetat_org = OrganisasjonFactory(navn="Bufetat", type=Organisasjon.Type.BUFETAT)
    brukere = [lag_bruker(None, is_superuser=True)]
    for org in (imdi_org, bufetat_org, mottak, kommune):
        brukere += [lag_bruker(org, r) for r in tildelbare_roller(org)]
    naar = [b for b in brukere if naar_admin(b)]
    assert len(naar) == 3  # the superuser, IMDi and Bufetat
    assert all(krever_tofaktor(b) for b in naar)


# ---- 11: the demo's password and key open nothing when debug is off ----


def logget_inn(url: str, brukernavn: str, passord: str) -> tuple[Client, object]:
    client = Client()
    svar = client.post(url, {"username": brukernavn, "password": passord, "next": "/"})
    return client, svar


@pytest.mark.parametrize("debug", [False, True])
def test_demopassordet_bare_med_debug(rf, lag_bruker, imdi_org, debug, settings):
    """A user with the demo password, as a database seeded in debug has: the login form and the admin's
    login refuse it with debug off, like a wrong password (counted by django-axes)."""
    settings.DEBUG = debug
    bruker = lag_bruker(imdi_org, R.IMDI_SAKSBEHANDLER, is_staff=True)
    bruker.set_password("demo")
    bruker.save()
    skjema = InnloggingSkjema(rf.post("/logg-inn/"), data={"username": bruker.username, "password": "demo"})
    assert skjema.is_valid() is debug
    client, svar = logget_inn(reverse("admin:login"), bruker.username, "demo")
    assert ("_auth_user_id" in client.session) is debug
    if not debug:
        assert svar.status_code == 200 and AccessAttempt.objects.filter(failures_since_start__gte=2).exists()
    bruker.set_password(PASSORD)
    bruker.save()
    client, _ = logget_inn(reverse("admin:login"), bruker.username, PASSORD)
    assert "_auth_user_id" in client.session  # any other password works as always


def test_innloggingssiden_avviser_demopassordet_uten_debug(lag_bruker, mottak, settings):
    settings.DEBUG = False
    bruker = lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG)
    bruker.set_password("demo")
    bruker.save()
    client, svar = logget_inn(reverse("login"), bruker.username, "demo")
    assert "_auth_user_id" not in client.session
    assert "Feil brukernavn eller passord" in svar.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_demonokkelen_bare_med_debug(imdi_bruker, debug):
    enhet = TOTPDevice.objects.create(
        user=imdi_bruker,
        name="Demo",
        key=base64.b32decode(services.DEMO_TOTP_NOKKEL).hex(),
        confirmed=True,
    )
    with override_settings(DEBUG=debug):
        if debug:
            assert services.totp_bekreft(bruker=imdi_bruker, enhet_id=enhet.pk, kode=gyldig_kode(enhet))
        else:
            with pytest.raises(DomeneFeil, match="demonøkkelen"):
                services.totp_bekreft(bruker=imdi_bruker, enhet_id=enhet.pk, kode=gyldig_kode(enhet))
    annen = TOTPDevice.objects.create(user=imdi_bruker, name="App", confirmed=True)
    with override_settings(DEBUG=False):  # any other key works as always
        assert services.totp_bekreft(bruker=imdi_bruker, enhet_id=annen.pk, kode=gyldig_kode(annen))
