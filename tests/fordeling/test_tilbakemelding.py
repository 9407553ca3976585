"""«Meld inn tilbakemelding på bosettingsforberedende informasjon»: from a settled person's folder to
IMDi's admin, grouped by mottak and by what was missing (seed 000, seed 003)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fordeling import services
from fordeling.models import Tilbakemelding
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker

from ..conftest import samtidig
from .test_fordeling import sendt_liste, svar

pytestmark = pytest.mark.django_db


@pytest.fixture
def bosatt(familie, kommune, vedtak, imdi_bruker, bosetter):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    saker.bosettingssak_registrer_utflyttet(
        personer=familie, dato=timezone.localdate() - timedelta(days=1), av=imdi_bruker
    )
    return familie


def test_kommunen_melder_inn_og_imdi_ser_det_gruppert_og_behandler(
    client, bosatt, kommune, mottak, bosetter, imdi_bruker
):
    far = bosatt[0]
    client.force_login(bosetter)
    assert "Meld inn tilbakemelding" in client.get(f"/personer/{far.pk}/").content.decode()
    url = f"/kommuner/{kommune.pk}/tilbakemelding/{far.pk}/"
    # Nothing ticked: the message is next to the field and the text is kept.
    svar_ = client.post(url, {"kategori": "mottak", "tekst": "Hunden var ikke nevnt"})
    html = svar_.content.decode()
    assert svar_.status_code == 400 and "Velg minst én" in html and "Hunden var ikke nevnt" in html
    data = {"kategori": "mottak", "mangler": ["kjaeledyr", "bil"], "tekst": "Hunden og bilen var ikke nevnt"}
    assert client.post(url, data).status_code == 302
    t = Tilbakemelding.objects.get()
    assert t.mottak == mottak and sorted(m.mangel for m in t.mangler.all()) == ["bil", "kjaeledyr"]
    assert far.hendelser.filter(kode="tilbakemelding.registrert").count() == 1
    client.force_login(imdi_bruker)
    html = client.get("/admin/fordeling/tilbakemelding/").content.decode()
    assert "Per mottak" in html and mottak.navn in html and "Kjæledyr" in html and "Bil" in html
    assert (
        client.get("/admin/fordeling/tilbakemelding/?mangler__mangel=kjaeledyr").context["cl"].result_count
        == 1
    )
    assert (
        client.get("/admin/fordeling/tilbakemelding/?mangler__mangel=forerkort").context["cl"].result_count
        == 0
    )
    client.post(
        "/admin/fordeling/tilbakemelding/",
        {"action": "marker_behandlet", "_selected_action": [t.pk], "index": 0},
    )
    t.refresh_from_db()
    assert t.behandlet is not None and t.behandlet_av == imdi_bruker


def test_bare_for_bosatte_og_bare_for_bosetter_skriv(
    client, familie, kommune, vedtak, imdi_bruker, bosetter, lag_bruker
):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    client.force_login(bosetter)
    url = f"/kommuner/{kommune.pk}/tilbakemelding/{familie[0].pk}/"
    assert client.get(url).status_code == 404  # søkt ut, not yet settled
    saker.bosettingssak_registrer_utflyttet(personer=familie, dato=timezone.localdate(), av=imdi_bruker)
    assert client.get(url).status_code == 200
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_dobbelt_innsending_gir_en_tilbakemelding(bosatt, kommune, bosetter):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet måles på PostgreSQL (CI)")
    resultater = samtidig(
        5,
        lambda: services.tilbakemelding_registrer(
            kommune=kommune,
            person_id=bosatt[0].pk,
            kategori="mottak",
            mangler=["annet"],
            tekst="Samme",
            av=bosetter,
        ),
    )
    assert resultater.count("ok") == 1 and Tilbakemelding.objects.count() == 1
