"""The e-mail outbox: nothing is lost when the broker or SMTP is down, nothing is sent twice."""

import time

import pytest
from django.core import mail
from django.utils import timezone

from imdinett.hendelser import services
from imdinett.hendelser.models import Epost
from imdinett.hendelser.tasks import epost_sweep


@pytest.mark.django_db
def test_epost_koet_mens_megleren_er_nede_sendes_av_sveipet(megler, django_capture_on_commit_callbacks):
    megler("redis://127.0.0.1:1/0")  # nothing listens there: the broker is down
    with django_capture_on_commit_callbacks(execute=True):
        epost = services.epost_legg_i_utboks(til=["mottak@example.org"], emne="Ny bosettingssak", tekst="Hei")
    epost.refresh_from_db()
    assert epost.sendt is None and mail.outbox == []  # the request committed; the mail waits

    assert epost_sweep() == 1
    assert [m.subject for m in mail.outbox] == ["Ny bosettingssak"]
    assert epost_sweep() == 0  # exactly once
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_smtp_feil_lagres_og_sveipet_prover_igjen_naar_det_er_tid(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    epost = Epost.objects.create(til="a@example.org", emne="Varsel", tekst="Tekst")
    assert services.epost_send_forfalte() == 0
    epost.refresh_from_db()
    assert epost.status == Epost.Status.VENTER and epost.sendt is None
    assert epost.forsok == 1 and "refused" in epost.siste_feil.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.epost_send_forfalte() == 0  # not due yet: the first pause has not passed
    Epost.objects.filter(pk=epost.pk).update(neste_forsok=timezone.now())
    assert services.epost_send_forfalte() == 1
    epost.refresh_from_db()
    assert epost.status == Epost.Status.SENDT and epost.sendt is not None
    assert epost.forsok == 2 and epost.siste_feil == "" and epost.neste_forsok is None


@pytest.mark.django_db
def test_ingen_mottaker_gir_ingen_epost():
    assert services.epost_legg_i_utboks(til=["", ""], emne="x", tekst="y") is None
    assert not Epost.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ekte_celery_worker_paa_redis_leverer_epost(ekte_worker):
    epost = services.epost_legg_i_utboks(til=["bosetting@example.org"], emne="Fra worker", tekst="Levert")
    # Outside any atomic block on_commit runs at once: the task goes through Redis to the worker.
    for _ in range(100):
        epost.refresh_from_db()
        if epost.sendt:
            break
        time.sleep(0.1)
    assert epost.sendt is not None
    assert [m.subject for m in mail.outbox] == ["Fra worker"]
