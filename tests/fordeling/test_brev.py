"""IMDi's letters of an answered fordelingsliste (issue #21): made by a Celery task after the answer's commit,
shown as «lages» until then, retried with back-off, «feilet» visible in the admin with «Lag brevene på nytt»,
re-queued by the sweep when the task was lost, never two letters for one line."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fordeling import brev as brevene
from fordeling import services, tasks
from fordeling.models import Fordelingsliste
from imdinett.dokumenter import services as dokument_services
from imdinett.dokumenter.models import Dokument
from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.organisasjoner.roller import Rolle

from ..conftest import pdftekst
from .test_fordeling import sendt_liste, svar

Brevstatus = Fordelingsliste.BrevStatus


def bekreftet(kommune, familie, imdi_bruker, bosetter):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    return services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)


def brev() -> tuple[int, int]:
    """(«Vedtak om bosettingskommune», «Bosetting av flyktninger») kept."""
    return (
        Dokument.objects.filter(type="vedtak_bosettingskommune").count(),
        Dokument.objects.filter(type="bosetting_av_flyktninger").count(),
    )


@pytest.fixture
def pdf_feiler(monkeypatch):
    """feil(antall, etter=0): after `etter` more renders, the next `antall` raise (a font or the disk failing
    for a while); WeasyPrint draws every other letter as usual."""
    ekte = dokument_services.pdf_render
    plan = {"etter": 0, "antall": 0}

    def render(**kwargs):
        if plan["etter"] > 0:
            plan["etter"] -= 1
        elif plan["antall"] > 0:
            plan["antall"] -= 1
            raise OSError("Skriften DejaVu Sans kunne ikke leses")
        return ekte(**kwargs)

    monkeypatch.setattr(dokument_services, "pdf_render", render)

    def feil(antall: int, etter: int = 0) -> None:
        plan.update(etter=etter, antall=antall)

    return feil


@pytest.mark.django_db
def test_svaret_kommer_foer_brevene_og_sidene_viser_at_de_lages(
    client, kommune, familie, vedtak, imdi_bruker, bosetter, lag_bruker, django_capture_on_commit_callbacks
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    kommuneside = reverse("fordeling:liste", args=[kommune.pk, liste.pk])
    adminside = reverse("admin:fordeling_fordelingsliste_change", args=[liste.pk])
    with django_capture_on_commit_callbacks() as etter_commit:
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    liste.refresh_from_db()
    assert liste.er_besvart and liste.brev_status == Brevstatus.VENTER and liste.brev_bestilt is not None
    assert brev() == (0, 0)  # nothing drawn inside the answer's transaction
    client.force_login(bosetter)
    side = client.get(kommuneside).content.decode()
    assert "Brevet «Bosetting av flyktninger» lages" in side and "(PDF)" not in side
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))  # will never open the letter
    side = client.get(kommuneside)
    assert side.status_code == 200 and "lages" not in side.content.decode()
    client.force_login(imdi_bruker)
    side = client.get(adminside).content.decode()
    assert "Brevene lages" in side and side.count("Lages …") == len(familie)

    for callback in etter_commit:  # the commit: the task (eager without Redis) draws the letters
        callback()
    liste.refresh_from_db()
    assert liste.brev_status == Brevstatus.LAGET and brev() == (len(familie), 1)
    side = client.get(adminside).content.decode()
    assert "Brevene lages" not in side and "Lages …" not in side
    assert side.count(">PDF</a>") == len(familie) and liste.brev.tittel in side
    client.force_login(bosetter)
    side = client.get(kommuneside).content.decode()
    assert f"{liste.brev.tittel} (PDF)" in side and "lages" not in side
    tekst = pdftekst(liste.brev.fil.read())
    assert "Bosetting av flyktninger" in tekst and all(p.navn in tekst for p in familie)


@pytest.mark.django_db
def test_ingen_godtatt_gir_ingen_brev_og_ingen_oppgave(
    kommune, familie, vedtak, imdi_bruker, bosetter, django_capture_on_commit_callbacks
):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    nei = dict.fromkeys(familie, "Ingen ledig bolig")
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste, nei=nei), av=bosetter)
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    assert Fordelingsliste.objects.get(pk=liste.pk).brev_status == Brevstatus.LAGET
    assert brev() == (0, 0)


@pytest.mark.django_db
def test_oppgaven_to_ganger_lager_ikke_to_brev(
    kommune, familie, vedtak, imdi_bruker, bosetter, django_capture_on_commit_callbacks
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    assert brev() == (len(familie), 1)
    # The broker hands the task out again (or the sweep queued it while it ran): the list is still «venter».
    Fordelingsliste.objects.filter(pk=liste.pk).update(brev_status=Brevstatus.VENTER)
    assert tasks.brev_lages.apply(args=[liste.pk]).get() == 0
    assert tasks.brev_lages.apply(args=[liste.pk]).get() == 0  # «laget» again: nothing to do
    assert brev() == (len(familie), 1)
    assert Fordelingsliste.objects.get(pk=liste.pk).brev_status == Brevstatus.LAGET


@pytest.mark.django_db
def test_en_feil_proves_igjen_og_brevene_blir_laget_en_gang(
    kommune, familie, vedtak, imdi_bruker, bosetter, pdf_feiler, django_capture_on_commit_callbacks
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    pdf_feiler(1, etter=1)  # the first letter is drawn, the second fails once
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    liste.refresh_from_db()
    assert liste.brev_status == Brevstatus.LAGET and liste.brev_feil == ""
    assert brev() == (len(familie), 1)  # the retry kept the first letter and made the rest
    assert not Varsel.objects.filter(tittel__contains="kunne ikke lages").exists()


@pytest.mark.django_db
def test_brev_som_feiler_hver_gang_er_feilet_i_admin_og_lages_paa_nytt(
    client,
    kommune,
    familie,
    vedtak,
    imdi_org,
    imdi_bruker,
    bosetter,
    pdf_feiler,
    django_capture_on_commit_callbacks,
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    pdf_feiler(tasks.BREV_FORSOK, etter=1)  # the first letter is drawn; every attempt fails at the second
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)  # the answer itself stands
    liste.refresh_from_db()
    assert liste.er_besvart and liste.brev_status == Brevstatus.FEILET
    assert liste.brev_feil == "OSError: Skriften DejaVu Sans kunne ikke leses"
    assert brev() == (1, 0)
    varsel = Varsel.objects.get(organisasjon=imdi_org, tittel__contains="kunne ikke lages")
    assert varsel.lenke == reverse("admin:fordeling_fordelingsliste_change", args=[liste.pk])
    assert liste.brev_feil not in varsel.tittel + varsel.tekst
    assert brevene.brev_bestill_ventende(naa=timezone.now() + timedelta(hours=1)) == 0  # not the sweep's

    client.force_login(imdi_bruker)
    oversikt = client.get(reverse("admin:fordeling_fordelingsliste_changelist"), {"brev_status": "feilet"})
    assert liste.navn in oversikt.content.decode()
    side = client.get(varsel.lenke).content.decode()
    assert "Brevene kunne ikke lages" in side and "OSError: Skriften DejaVu Sans" in side
    assert 'value="lag_brev">Lag brevene på nytt</button>' in side
    with django_capture_on_commit_callbacks(execute=True):
        svaret = client.post(varsel.lenke, {"handling": "lag_brev"})
    assert svaret.status_code == 302
    liste.refresh_from_db()
    assert liste.brev_status == Brevstatus.LAGET and liste.brev_feil == ""
    assert brev() == (len(familie), 1)  # the letter made before the failure was kept, not made again
    assert Hendelse.objects.filter(kode="fordelingsliste.brev_bestilt", utfort_av=imdi_bruker).exists()
    side = client.get(varsel.lenke).content.decode()
    assert "Brevene kunne ikke lages" not in side and "Lag brevene på nytt</button>" not in side
    with django_capture_on_commit_callbacks(execute=True):
        svaret = client.post(varsel.lenke, {"handling": "lag_brev"})
    assert "venter ikke på å bli laget" in svaret.content.decode() and brev() == (len(familie), 1)


@pytest.mark.django_db
def test_adminhandlingen_lager_brevene_paa_nytt(
    client, kommune, familie, vedtak, imdi_bruker, bosetter, pdf_feiler, django_capture_on_commit_callbacks
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    pdf_feiler(tasks.BREV_FORSOK)
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    assert Fordelingsliste.objects.get(pk=liste.pk).brev_status == Brevstatus.FEILET and brev() == (0, 0)
    client.force_login(imdi_bruker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:fordeling_fordelingsliste_changelist"),
            {"action": "lag_brev_paa_nytt", "_selected_action": [liste.pk]},
        )
    assert Fordelingsliste.objects.get(pk=liste.pk).brev_status == Brevstatus.LAGET
    assert brev() == (len(familie), 1)


@pytest.mark.django_db
def test_sveipet_koer_brev_som_aldri_naadde_megleren(
    kommune, familie, vedtak, imdi_bruker, bosetter, django_capture_on_commit_callbacks
):
    assert settings.CELERY_BEAT_SCHEDULE["lag-ventende-brev"]["task"] == tasks.brev_sweep.name
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost: it never reaches a worker
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    assert brev() == (0, 0)
    assert tasks.brev_sweep.apply().get() == 0  # ordered just now: its task may still be on its way
    senere = timezone.now() + brevene.BREV_SVEIP_ETTER + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert brevene.brev_bestill_ventende(naa=senere) == 1
    assert Fordelingsliste.objects.get(pk=liste.pk).brev_status == Brevstatus.LAGET
    assert brev() == (len(familie), 1)
    assert brevene.brev_bestill_ventende(naa=senere) == 0


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ekte_celery_worker_paa_redis_lager_brevene(
    ekte_worker, kommune, familie, vedtak, imdi_bruker, bosetter
):
    liste = bekreftet(kommune, familie, imdi_bruker, bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)  # commits; the task goes through Redis
    ekte_worker(
        lambda: not Fordelingsliste.objects.filter(pk=liste.pk, brev_status=Brevstatus.VENTER).exists()
    )
    liste.refresh_from_db()
    assert liste.brev_status == Brevstatus.LAGET, liste.brev_feil
    assert brev() == (len(familie), 1)
    assert familie[0].navn in pdftekst(liste.linjer.get(person=familie[0]).brev.fil.read())


def test_migreringen_merker_besvarte_lister_som_laget(migrer, kommune, imdi_bruker):
    gamle = migrer([("fordeling", "0005_listenummer_paakrevd")])
    Gammel = gamle.get_model("fordeling", "Fordelingsliste")
    felles = {"kommune_id": kommune.pk, "aar": 2026, "opprettet_av_id": imdi_bruker.pk}
    besvart = Gammel.objects.create(
        **felles,
        nummer=1,
        navn="nr. 1",
        status="besvart",
        besvart=timezone.now(),
        besvart_av_id=imdi_bruker.pk,
    )
    sendt = Gammel.objects.create(**felles, nummer=2, navn="nr. 2", status="sendt")
    nye = migrer().get_model("fordeling", "Fordelingsliste")
    assert nye.objects.get(pk=besvart.pk).brev_status == "laget"  # their letters were made in the answer
    assert nye.objects.get(pk=sendt.pk).brev_status == ""
