"""IMDi's admin: every page opens on the demo data in bokmål; IMDi sees what it confirms on an anmodning and
adds settlement cases on Bosettingssaker."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner.models import Bruker, Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingssak
from kommune import services
from kommune.models import Kategori
from tests.factories import HusstandFactory, OrganisasjonFactory, PersonFactory
from utvikling.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_alle_adminsider_aapner_for_imdi(client):
    call_command("load_referansedata", verbosity=0)
    seed_demo()
    imdi = Bruker.objects.get(username="imdi")
    client.force_login(imdi)
    assert client.get(reverse("admin:index")).status_code == 200
    sjekket = 0
    sider = []
    foresporsel = type("Foresporsel", (), {"user": imdi})()
    for modell, modeladmin in admin.site._registry.items():
        navn = f"admin:{modell._meta.app_label}_{modell._meta.model_name}"
        if not modeladmin.has_view_permission(foresporsel):
            continue  # Django's own (groups, axes): superusers only
        liste = client.get(reverse(f"{navn}_changelist"))
        assert liste.status_code == 200, navn
        sider.append((navn, liste.content.decode()))
        objekt = modeladmin.get_queryset(foresporsel).first()
        if objekt is not None:
            endre = client.get(reverse(f"{navn}_change", args=[objekt.pk]))
            assert endre.status_code == 200, navn
            sider.append((f"{navn}_change", endre.content.decode()))
        if modeladmin.has_add_permission(foresporsel):
            ny = client.get(reverse(f"{navn}_add"))
            assert ny.status_code == 200, navn
            sider.append((f"{navn}_add", ny.content.decode()))
        sjekket += 1
    assert sjekket >= 15
    # IMDi works in the admin all day: none of the English Django's nb catalogue leaves (locale/nb).
    engelsk = ["Skip to main content", "Start typing to filter", "Show counts", "Hide counts", "Toggle theme"]
    # nor Django's words for a column or a filter where the field has its own («PK», «Uke tekst», «Tom»).
    teknisk = [">PK<", ">Uke tekst<", ">Tom<", ">Ikke tom<"]
    funnet = {(navn, e) for navn, html in sider for e in engelsk + teknisk if e in html}
    assert not funnet, funnet
    assert "Ikke behandlet" in dict(sider)["admin:fordeling_tilbakemelding"]  # the filter on Behandlet
    assert "Hopp til hovedinnholdet" in sider[0][1] and "Skriv for å filtrere" in sider[0][1]


def test_skjemafeil_i_admin_er_paa_bokmaal(client, imdi_bruker, imdi_org):
    """Django's «Please correct the error(s) below.» is plural in its template but not in its nb catalogue."""
    client.force_login(imdi_bruker)
    ny = reverse("admin:integrasjon_apiklient_add")
    for felt, tekst in (
        ({}, "Rett feilene nedenfor."),
        ({"navn": "X", "organisasjon": imdi_org.pk}, "Rett feilen nedenfor."),
    ):
        svar = client.post(ny, {**felt, "aktiv": "on"}).content.decode()
        assert tekst in svar
        assert "Please correct" not in svar


def test_imdi_ser_anmodet_vedtatt_og_svarfristendring_paa_anmodningen(
    client, imdi_bruker, kommune, lag_bruker
):
    """IMDi (the role, not a superuser) confirms, comments on or returns only what it can see (#19 no. 1)."""
    kommunens = lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV)
    (anmodning,) = services.anmodning_opprett(
        kommuner=[kommune],
        aar=[2027],
        tall={Kategori.VOKSNE: 17, Kategori.EM_15_18: 3, Kategori.EM_UNDER_15: 0},
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )
    services.anmodning_send(anmodning=anmodning, av=imdi_bruker)
    services.svarfrist_endre(
        anmodning=anmodning,
        ny=timezone.localdate() + timedelta(days=44),
        begrunnelse="Kommunestyret møtes først i februar",
        av=kommunens,
    )
    services.vedtak_send(
        anmodning=anmodning,
        aar=2027,
        tall={
            Kategori.VOKSNE: (12, "Få boliger"),
            Kategori.EM_15_18: (3, ""),
            Kategori.EM_UNDER_15: (0, ""),
        },
        av=kommunens,
    )
    client.force_login(imdi_bruker)
    side = client.get(reverse("admin:kommune_anmodning_change", args=[anmodning.pk])).content.decode()
    tekst = " ".join(re.sub(r"<[^>]+>", " ", side).split())
    assert "Enslige voksne/familier: 17" in tekst  # what IMDi asked for
    assert "Enslige voksne/familier: 12 (begrunnelse: Få boliger)" in tekst  # the kommune's vedtak
    assert "Kommunestyret møtes først i februar" in tekst  # the svarfrist change


def test_imdi_legger_til_bosettingssak_for_en_husstand(client, imdi_bruker, mottak, lag_bruker):
    """«Legg til bosettingssak» on Bosettingssaker (#19 no. 16): a person without a case, and by default the
    rest of the household; through the service, so the case is recorded and the mottak told."""
    husstand = HusstandFactory()
    mor, barn = PersonFactory.create_batch(2, husstand=husstand, mottak=mottak)
    client.force_login(imdi_bruker)
    liste = client.get(reverse("admin:personer_bosettingssak_changelist")).content.decode()
    assert reverse("admin:personer_bosettingssak_add") in liste
    ny = reverse("admin:personer_bosettingssak_add")
    assert "Bare personer uten bosettingssak" in client.get(ny).content.decode()

    tom = client.post(ny, {"hele_husstanden": "on"}).content.decode()
    assert "Velg personen som skal ha bosettingssak." in tom

    svar = client.post(ny, {"person": mor.pk, "hele_husstanden": "on"}, follow=True).content.decode()
    assert f"Bosettingssak opprettet for 2 personer i {husstand}." in svar
    assert set(Bosettingssak.objects.values_list("person", flat=True)) == {mor.pk, barn.pk}
    assert Hendelse.objects.filter(kode="bosettingssak.opprettet", personer=mor).exists()

    igjen = client.post(ny, {"person": barn.pk}).content.decode()
    assert "Personen finnes ikke, eller har allerede en bosettingssak." in igjen
    assert Bosettingssak.objects.count() == 2

    bufetat = OrganisasjonFactory(navn="Bufetat", type=Organisasjon.Type.BUFETAT)
    client.force_login(lag_bruker(bufetat, Rolle.BUFETAT_SAKSBEHANDLER))
    assert client.get(ny).status_code == 403  # Bufetat reaches the admin for its innmeldinger only
