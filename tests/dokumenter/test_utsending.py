"""Letters out (issue #23): the outbox `Utsending` behind the letters, sent by the worker through the adapter
the settings choose — `behold` (the default: kept in IMDinett, no HTTP) or `svarut`, here against a local fake
SvarUT the tests start (tests/dokumenter/falsk_svarut.py): sent once with the PDF and its metadata, the receipt
by the status poll, failures retried after a growing pause, «feilet» after the last attempt and visible to
IMDi, «Send på nytt», and never two sendings for one letter."""

import json
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from imdinett.dokumenter import services, tasks
from imdinett.dokumenter.models import Dokument, Utsending
from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.roller import Rolle

from ..conftest import samtidig
from .falsk_svarut import BRUKER, PASSORD, FalskSvarUt

Status = Utsending.Status


@pytest.fixture
def svarut(settings):
    """The fake SvarUT, and the settings that send to it."""
    falsk = FalskSvarUt().start()
    settings.BREV_UTSENDING = "svarut"
    settings.SVARUT_URL = falsk.url
    settings.SVARUT_BRUKERNAVN, settings.SVARUT_PASSORD = BRUKER, PASSORD
    settings.SVARUT_TIMEOUT = 0.5
    yield falsk
    falsk.stopp()


def kommunebrevet() -> Utsending:
    return Utsending.objects.select_related("dokument").get(dokument__type="bosetting_av_flyktninger")


def forfall() -> None:
    """The pause is over: every waiting sending is due."""
    Utsending.objects.filter(status=Status.VENTER).update(neste_forsok=timezone.now())


@pytest.mark.django_db
def test_brevet_til_kommunen_sendes_en_gang_med_pdf_og_metadata(svarut, besvart, client, imdi_bruker):
    utsending = kommunebrevet()
    assert Utsending.objects.count() == 1  # the persons' letters go by post from the mottak, not to SvarUT
    assert utsending.status == Status.SENDT and utsending.kanal == "svarut" and utsending.forsok == 1
    [kall] = svarut.kall("/sendForsendelse")
    metadata = json.loads(kall["deler"][0]["innhold"])
    assert kall["deler"][0]["innholdstype"] == "application/json"
    assert metadata["tittel"] == "Bosetting av flyktninger – Sortland kommune"
    assert metadata["mottaker"]["postAdresse"]["navn"] == "Sortland kommune"
    assert "digitalAdresse" not in metadata["mottaker"]  # no organisation number known: SvarUT posts it
    assert metadata["eksternReferanse"] == str(utsending.referanse)
    pdf = kall["deler"][1]
    assert pdf["innholdstype"] == "application/pdf" and pdf["innhold"].startswith(b"%PDF")
    assert pdf["innhold"] == utsending.dokument.fil.open("rb").read()
    assert utsending.forsendelse_id in svarut.forsendelser and utsending.sendt is not None

    assert services.utsending_sweep() == {"sendt": 0, "mottatt": 0}  # polled, never sent again
    assert len(svarut.kall("/sendForsendelse")) == 1 and len(svarut.kall("/status")) == 1

    client.force_login(imdi_bruker)  # IMDi sees it where it sees the list's letter
    side = client.get(reverse("admin:fordeling_fordelingsliste_change", args=[besvart.pk])).content.decode()
    assert "Sendt, venter på kvittering" in side
    assert reverse("admin:dokumenter_utsending_change", args=[utsending.pk]) in side


@pytest.mark.django_db
def test_organisasjonsnummeret_sender_til_altinn(svarut, kommune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kommune.organisasjonsnummer = "964982953"
        kommune.full_clean()
        kommune.save()
        dokument = _brev(kommune)
    metadata = svarut.forsendelser[Utsending.objects.get(dokument=dokument).forsendelse_id]["metadata"]
    assert metadata["mottaker"]["digitalAdresse"] == {"organisasjonsNummer": "964982953"}


@pytest.mark.django_db
def test_kvitteringen_kommer_med_statusen(svarut, besvart, client, imdi_bruker):
    utsending = kommunebrevet()
    svarut.sett_status(utsending.forsendelse_id, "KLAR_FOR_MOTTAK")
    assert services.utsending_sweep() == {"sendt": 0, "mottatt": 0}
    utsending.refresh_from_db()
    assert utsending.status == Status.SENDT and utsending.ekstern_status == "KLAR_FOR_MOTTAK"

    svarut.sett_status(utsending.forsendelse_id, "LEST")  # the kommune's postmottak opened it in Altinn
    assert services.utsending_sweep() == {"sendt": 0, "mottatt": 1}
    utsending.refresh_from_db()
    assert utsending.status == Status.MOTTATT and utsending.mottatt is not None
    assert services.utsending_sweep() == {"sendt": 0, "mottatt": 0}  # a received letter is not asked again
    client.force_login(imdi_bruker)
    side = client.get(reverse("admin:dokumenter_utsending_changelist") + "?status__exact=mottatt")
    assert "Bosetting av flyktninger – Sortland kommune" in side.content.decode()


@pytest.mark.django_db
def test_feil_og_tidsavbrudd_proves_igjen_med_pause_og_sendes_en_gang(
    svarut, kommune, django_capture_on_commit_callbacks
):
    svarut.plan = ["500", "treg"]
    with django_capture_on_commit_callbacks(execute=True):
        utsending = _brev(kommune).utsending
    utsending.refresh_from_db()
    assert utsending.status == Status.VENTER and utsending.forsok == 1 and "500" in utsending.siste_feil
    assert utsending.neste_forsok - timezone.now() > Utsending.PAUSER[0] - timedelta(seconds=30)
    assert (
        services.utsending_sweep()["sendt"] == 0 and len(svarut.kall("/sendForsendelse")) == 1
    )  # not due yet

    forfall()
    assert services.utsending_sweep()["sendt"] == 0  # SvarUT took it, but the answer came too late
    utsending.refresh_from_db()
    assert utsending.forsok == 2 and "Timeout" in utsending.siste_feil
    assert utsending.neste_forsok - timezone.now() > Utsending.PAUSER[1] - timedelta(seconds=30)

    forfall()
    assert services.utsending_sweep()["sendt"] == 1
    utsending.refresh_from_db()
    assert utsending.status == Status.SENDT and utsending.forsok == 3 and utsending.siste_feil == ""
    # the third attempt found the second one's forsendelse by its reference and sent nothing again
    assert len(svarut.kall("/sendForsendelse")) == 2 and len(svarut.forsendelser) == 1
    assert utsending.forsendelse_id == next(iter(svarut.forsendelser))
    assert svarut.kall(f"/eksternref/{utsending.referanse}")


@pytest.mark.django_db
def test_etter_siste_forsok_feilet_synlig_for_imdi_og_send_paa_nytt(
    svarut, kommune, client, imdi_bruker, lag_bruker, django_capture_on_commit_callbacks
):
    svarut.plan = ["500"] * Utsending.MAKS_FORSOK
    with django_capture_on_commit_callbacks(execute=True):
        utsending = _brev(kommune).utsending
    for _ in range(Utsending.MAKS_FORSOK - 1):
        forfall()
        services.utsending_sweep()
    utsending.refresh_from_db()
    assert utsending.status == Status.FEILET and utsending.forsok == Utsending.MAKS_FORSOK
    assert utsending.neste_forsok is None and "500" in utsending.siste_feil
    forfall()
    assert services.utsending_sweep()["sendt"] == 0  # a failed sending waits for IMDi
    assert len(svarut.kall("/sendForsendelse")) == Utsending.MAKS_FORSOK
    assert Hendelse.objects.filter(kode="utsending.feilet").count() == 1
    imdi = Organisasjon.objects.get(type=Organisasjon.Type.IMDI)
    assert Varsel.objects.filter(organisasjon=imdi, tittel__contains="kunne ikke sendes").count() == 1

    liste = reverse("admin:dokumenter_utsending_changelist")
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    assert client.get(liste).status_code == 302  # IMDi's workbench only
    client.force_login(imdi_bruker)
    side = client.get(liste + "?status__exact=feilet").content.decode()
    assert "Feilet" in side and "SvarUT svarte 500" in side and "Send på nytt" in side
    gammel_referanse = utsending.referanse
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(liste, {"action": "send_paa_nytt", "_selected_action": [utsending.pk]})
    assert svar.status_code == 302
    utsending.refresh_from_db()
    assert (
        utsending.status == Status.SENDT and utsending.forsok == 1 and utsending.referanse != gammel_referanse
    )
    assert Hendelse.objects.filter(kode="utsending.send_paa_nytt", utfort_av=imdi_bruker).count() == 1
    assert Utsending.objects.count() == 1


@pytest.mark.django_db
def test_avvist_i_svarut_feiler_og_kan_sendes_paa_nytt(
    svarut, kommune, imdi_bruker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        utsending = _brev(kommune).utsending
    utsending.refresh_from_db()
    svarut.sett_status(utsending.forsendelse_id, "AVVIST")
    services.utsending_sweep()
    utsending.refresh_from_db()
    assert utsending.status == Status.FEILET and "AVVIST" in utsending.siste_feil
    with django_capture_on_commit_callbacks(execute=True):
        services.utsending_send_paa_nytt(utsending=utsending, av=imdi_bruker)
    utsending.refresh_from_db()
    assert (
        utsending.status == Status.SENDT and len(svarut.forsendelser) == 2
    )  # a new forsendelse, not the rejected


@pytest.mark.django_db
def test_behold_er_standard_og_gjor_ingen_http_kall(settings, besvart):
    falsk = FalskSvarUt().start()  # listening, but the default never calls it
    settings.SVARUT_URL = falsk.url
    try:
        assert settings.BREV_UTSENDING == "behold"
        utsending = kommunebrevet()
        assert utsending.status == Status.BEHOLDT and utsending.kanal == "behold" and utsending.forsok == 1
        assert utsending.forsendelse_id == "" and utsending.sendt is None
        assert services.utsending_sweep() == {"sendt": 0, "mottatt": 0}
        assert falsk.foresporsler == []
    finally:
        falsk.stopp()


@pytest.mark.django_db
def test_bare_imdi_sender_paa_nytt_og_bare_det_som_feilet(
    kommune, imdi_bruker, lag_bruker, django_capture_on_commit_callbacks
):
    from imdinett.feil import DomeneFeil

    with django_capture_on_commit_callbacks(execute=True):
        utsending = _brev(kommune).utsending
    with pytest.raises(DomeneFeil, match="Bare et brev som ikke kunne sendes"):
        services.utsending_send_paa_nytt(utsending=utsending, av=imdi_bruker)
    Utsending.objects.filter(pk=utsending.pk).update(status=Status.FEILET, neste_forsok=None)
    with pytest.raises(DomeneFeil, match="Bare IMDi"):
        services.utsending_send_paa_nytt(
            utsending=utsending, av=lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
        )


@pytest.mark.django_db(transaction=True)
def test_aldri_to_utsendinger_for_ett_brev(svarut, kommune):
    dokument = _brev(kommune, utsendes=False)
    pk = []
    assert samtidig(8, lambda: pk.append(services.utsending_bestill(dokument=dokument).pk)) == ["ok"] * 8
    assert len(set(pk)) == 1 and Utsending.objects.filter(dokument=dokument).count() == 1
    # the task (after commit, eager here) and sweeps racing for one due sending: SvarUT gets it once
    assert Utsending.objects.get().status == Status.SENDT
    Utsending.objects.update(
        status=Status.VENTER, forsok=0, forsendelse_id="", sendt=None, neste_forsok=timezone.now()
    )
    sendte = []
    assert samtidig(8, lambda: sendte.append(services.utsending_forsok(utsending_id=pk[0]))) == ["ok"] * 8
    assert sorted(sendte) == [False] * 7 + [True]
    assert len(svarut.kall("/sendForsendelse")) == 2  # the one after commit, and one of the eight
    assert Utsending.objects.get().status == Status.SENDT


@pytest.mark.django_db
def test_sveipet_sender_det_som_aldri_naadde_megleren(svarut, kommune, django_capture_on_commit_callbacks):
    assert django_settings.CELERY_BEAT_SCHEDULE["send-brev"]["task"] == tasks.utsending_sweep.name
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost: it never reaches a worker
        dokument = _brev(kommune)
    utsending = Utsending.objects.get(dokument=dokument)
    assert utsending.status == Status.VENTER and utsending.forsok == 0 and svarut.foresporsler == []
    assert tasks.utsending_sweep.apply().get() == {"sendt": 1, "mottatt": 0}
    utsending.refresh_from_db()
    assert utsending.status == Status.SENDT and len(svarut.kall("/sendForsendelse")) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ekte_celery_worker_paa_redis_sender_brevet(svarut, ekte_worker, kommune):
    dokument = _brev(kommune)  # commits; the task goes through Redis to the worker
    for _ in range(300):
        if Utsending.objects.filter(dokument=dokument, status=Status.SENDT).exists():
            break
        time.sleep(0.1)
    utsending = Utsending.objects.get(dokument=dokument)
    assert utsending.status == Status.SENDT, utsending.siste_feil
    assert utsending.forsendelse_id in svarut.forsendelser


def _brev(kommune, *, utsendes: bool = True) -> Dokument:
    return services.dokument_lagre(
        tittel=f"Bosetting av flyktninger – {kommune.navn} kommune",
        type="bosetting_av_flyktninger",
        template="fordeling/brev_bosetting_av_flyktninger.html",
        context={
            "kommune": kommune,
            "liste": {"navn": "Test"},
            "linjer": [],
            "mottaker": f"{kommune.navn} kommune",
        },
        organisasjon=kommune,
        tillatelse="dokument.les",
        utsendes=utsendes,
    )


@pytest.mark.django_db
def test_organisasjonsnummeret_sjekkes_med_kontrollsifferet(kommune):
    kommune.organisasjonsnummer = "964982954"
    with pytest.raises(ValidationError) as feil:
        kommune.full_clean()
    assert feil.value.message_dict["organisasjonsnummer"] == [
        "Organisasjonsnummeret er ikke gyldig (9 siffer med riktig kontrollsiffer)."
    ]
