"""Resilience (issue #10): Redis down, parallel answers and vedtak, a worker killed mid-task.

- With the broker stopped, completing an interview and sending and answering a fordelingsliste succeed;
  their e-mails wait in the outbox; when Redis is back the sweep delivers each exactly once.
- Twenty parallel answers to one list and twenty parallel vedtak for one anmodning (PostgreSQL): one wins,
  no duplicate letters or events.
- A Celery worker killed (kill -9) while it sends: with acks_late + reject_on_worker_lost the task is
  redelivered and the e-mail sent once; with the whole worker gone the sweep delivers it, once.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from fordeling import brev as fordelingsbrev
from fordeling import services as fordeling
from fordeling.models import Fordelingsliste
from imdinett.celery import app as celery_app
from imdinett.dokumenter.models import Dokument
from imdinett.hendelser import services as hendelser
from imdinett.hendelser.models import Epost, Hendelse
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person
from kommune import services as anmodning_tj
from kommune.models import Vedtak
from mottak import services as samtale

from .conftest import hopp_over_eller_feil, samtidig
from .factories import HusstandFactory, PersonFactory
from .hjelpere_robusthet import EgenRedis, linjer
from .mottak.conftest import fyll_ut

AAR = timezone.localdate().year
UKE = timezone.localdate() + timedelta(weeks=3)
ROT = Path(__file__).resolve().parent.parent


@pytest.fixture
def egen_redis(tmp_path):
    redis = EgenRedis(tmp_path)
    if not redis.binaer:
        hopp_over_eller_feil("redis-server mangler; robusthetstestene trenger en egen Redis.")
    redis.start()
    yield redis
    redis.stopp()


def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet og workere måles på PostgreSQL (CI)")


@pytest.fixture
def ansatt(lag_bruker, mottak):
    return lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)


@pytest.fixture
def bosetter(lag_bruker, kommune):
    return lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)


def _familie(mottak) -> list[Person]:
    h = HusstandFactory()
    return [
        PersonFactory(
            husstand=h,
            mottak=mottak,
            fornavn="Khaled",
            relasjon="far",
            fodselsdato=date(1984, 11, 8),
            kjonn="M",
        ),
        PersonFactory(
            husstand=h, mottak=mottak, fornavn="Rania", relasjon="mor", fodselsdato=date(1986, 2, 1)
        ),
        PersonFactory(
            husstand=h, mottak=mottak, fornavn="Nour", relasjon="datter", fodselsdato=date(2014, 5, 5)
        ),
    ]


def _anmodning(kommune, imdi_bruker):
    a = anmodning_tj.anmodning_opprett(
        kommuner=[kommune],
        aar=[AAR],
        tall={"voksne": 10, "em_15_18": 2, "em_under_15": 0},
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )[0]
    return anmodning_tj.anmodning_send(anmodning=a, av=imdi_bruker)


VEDTAKSTALL = {"voksne": (10, ""), "em_15_18": (2, ""), "em_under_15": (0, "")}


@pytest.fixture
def vedtak(kommune, imdi_bruker, lag_bruker):
    a = _anmodning(kommune, imdi_bruker)
    anmodning_tj.vedtak_send(
        anmodning=a, aar=AAR, tall=VEDTAKSTALL, av=lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV)
    )
    return anmodning_tj.anmodning_bekreft(anmodning=a, av=imdi_bruker)


def _svar(liste):
    return {
        linje.person_id: {"bosettes": True, "begrunnelse": "", "forventet_uke": UKE}
        for linje in liste.linjer.all()
    }


def _liste(kommune, familie, imdi_bruker):
    liste = fordeling.fordelingsliste_lagre(
        kommune=kommune, husstander={familie[0].husstand_id: None}, av=imdi_bruker
    )
    return fordeling.fordelingsliste_send(liste=liste, av=imdi_bruker)


# --- Redis down ------------------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_uten_redis_lykkes_arbeidet_og_sveipet_leverer_hver_epost_en_gang(
    egen_redis, megler, mottak, kommune, vedtak, imdi_bruker, ansatt, bosetter, caplog
):
    """Real commits (transaction=True), so on_commit really tries to publish to the stopped broker."""
    megler(egen_redis.url)
    # Connect once while Redis is up, so the outage also hits a pooled (stale) connection.
    with celery_app.connection_for_write() as forbindelse:
        forbindelse.ensure_connection(max_retries=1)
    for epost in Epost.objects.filter(sendt__isnull=True):  # the fixtures' mails went eagerly before
        hendelser.epost_forsok_sending(epost_id=epost.pk)
    mail.outbox.clear()
    egen_redis.stopp()

    start = time.monotonic()
    familie = _familie(mottak)
    saker.bosettingssak_opprett(personer=familie, av=imdi_bruker)  # e-mail to the mottak
    for p in familie:
        fyll_ut(p, ansatt)
    samtale.bosettingssamtale_ferdigstill(person=familie[0], av=ansatt)
    liste = _liste(kommune, familie, imdi_bruker)
    fordeling.fordelingsliste_bekreft(liste=liste, svar=_svar(liste), av=bosetter)
    fordeling.fordelingsliste_send_svar(liste=liste, av=bosetter)  # e-mail: søkt ut
    brukt = time.monotonic() - start

    assert {s.status for s in Bosettingssak.objects.filter(person__in=familie)} == {
        Bosettingssak.Status.SOKT_UT
    }
    liste = Fordelingsliste.objects.get(pk=liste.pk)
    assert liste.status == Fordelingsliste.Status.BESVART
    assert (
        liste.brev_status == Fordelingsliste.BrevStatus.VENTER and liste.brev_id is None
    )  # the letters wait
    ventende = list(Epost.objects.filter(sendt__isnull=True).order_by("pk"))
    emner = [e.emne for e in ventende]
    assert len(ventende) >= 2 and any("søkt ut" in e for e in emner), emner
    assert mail.outbox == []  # nothing sent while the broker is down
    assert brukt < 30, f"brokerfeil skal ikke henge forespørselen ({brukt:.1f} s)"
    # The after-commit publish really was tried and failed, logged by on_commit(robust=True): each e-mail's
    # and the letters'.
    mislykket = [r.getMessage() for r in caplog.records if "on_commit" in r.getMessage()]
    assert sum("_epost_koe_etter_commit" in m for m in mislykket) == len(ventende), mislykket
    assert sum("_brev_bestill" in m for m in mislykket) == 1, mislykket

    egen_redis.start()
    senere = timezone.now() + fordelingsbrev.BREV_SVEIP_ETTER + timedelta(seconds=1)
    foer = len(caplog.records)
    assert (
        fordelingsbrev.brev_bestill_ventende(naa=senere) == 1
    )  # queued on the broker again, and delivered to it
    assert not [r for r in caplog.records[foer:] if "on_commit" in r.getMessage()]
    assert hendelser.epost_send_forfalte() == len(ventende)
    assert hendelser.epost_send_forfalte() == 0
    assert sorted(m.subject for m in mail.outbox) == sorted(emner)
    assert not Epost.objects.filter(sendt__isnull=True).exists()
    assert all(e.forsok == 1 for e in Epost.objects.filter(pk__in=[e.pk for e in ventende]))


# --- Twenty at once ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_tjue_samtidige_svar_paa_en_liste_gir_ett_svar(
    mottak, kommune, vedtak, imdi_bruker, ansatt, bosetter
):
    _postgres()
    familie = _familie(mottak)
    saker.bosettingssak_opprett(personer=familie, av=imdi_bruker)
    for p in familie:
        fyll_ut(p, ansatt)
    samtale.bosettingssamtale_ferdigstill(person=familie[0], av=ansatt)
    liste = _liste(kommune, familie, imdi_bruker)
    eposter = Epost.objects.count()

    def svar():
        fordeling.fordelingsliste_bekreft(liste=liste, svar=_svar(liste), av=bosetter)
        fordeling.fordelingsliste_send_svar(liste=liste, av=bosetter)

    resultater = samtidig(20, svar)
    assert len(resultater) == 20, resultater  # no thread died of anything but a DomeneFeil
    assert resultater.count("ok") == 1, resultater
    assert all("allerede besvart" in r for r in resultater if r != "ok"), resultater
    liste.refresh_from_db()
    assert liste.status == Fordelingsliste.Status.BESVART
    assert Dokument.objects.filter(type="bosetting_av_flyktninger").count() == 1
    assert Dokument.objects.filter(type="vedtak_bosettingskommune").count() == len(familie)
    assert Hendelse.objects.filter(kode="fordelingsliste.besvart").count() == 1
    assert Hendelse.objects.filter(kode="bosettingssak.sokt_ut").count() == 1
    assert Epost.objects.count() - eposter == 1  # one «søkt ut» e-mail to the mottak


@pytest.mark.django_db(transaction=True)
def test_tjue_samtidige_vedtak_for_en_anmodning_gir_ett_vedtak(kommune, imdi_bruker, lag_bruker):
    _postgres()
    a = _anmodning(kommune, imdi_bruker)
    skrivere = [lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV) for _ in range(20)]
    koe = list(skrivere)

    def send():
        anmodning_tj.vedtak_send(anmodning=a, aar=AAR, tall=VEDTAKSTALL, av=koe.pop())

    resultater = samtidig(20, send)
    assert len(resultater) == 20, resultater
    assert resultater.count("ok") == 1, resultater
    assert all("Vedtaket er allerede sendt" in r for r in resultater if r != "ok"), resultater
    assert Vedtak.objects.filter(anmodning=a).count() == 1
    assert Hendelse.objects.filter(kode="vedtak.sendt").count() == 1


# --- A worker killed mid-task --------------------------------------------------------------------


def _worker(redis_url: str, logg: Path, pause: float, miljo: dict) -> subprocess.Popen:
    """A real worker process (prefork, one child) on the test database and our own Redis."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "tests.hjelpere_robusthet.LangsomEpost",
        "ROBUST_EPOST_LOGG": str(logg),
        "ROBUST_EPOST_PAUSE": str(pause),
        "DJANGO_SETTINGS_MODULE": "imdinett.settings",
        **miljo,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "imdinett", "worker", "-P", "prefork", "-c", "1",
         "--without-mingle", "--without-gossip", "-l", "warning"],
        cwd=ROT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _vent(betingelse, sekunder: float, hva: str):
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if verdi := betingelse():
            return verdi
        time.sleep(0.1)
    pytest.fail(f"Tidsavbrudd: {hva}")


def _drep(prosess: subprocess.Popen) -> None:
    if prosess.poll() is None:
        os.killpg(prosess.pid, signal.SIGKILL)
        prosess.wait(10)


@pytest.fixture
def worker_oppsett(egen_redis, megler, tmp_path, monkeypatch, settings):
    _postgres()
    megler(egen_redis.url)
    logg = tmp_path / "epost.logg"
    monkeypatch.setenv("ROBUST_EPOST_LOGG", str(logg))
    settings.EMAIL_BACKEND = "tests.hjelpere_robusthet.LangsomEpost"  # the sweep in this process, too
    startet: list[subprocess.Popen] = []

    def start(pause: float = 3.0, **miljo) -> subprocess.Popen:
        startet.append(_worker(egen_redis.url, logg, pause, miljo))
        return startet[-1]

    yield start, logg
    for p in startet:
        _drep(p)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_drept_worker_barn_gir_ny_levering_og_en_epost(worker_oppsett):
    """kill -9 of the pool process during SMTP: acks_late + reject_on_worker_lost requeue the task,
    the killed attempt's transaction is rolled back (row lock released), the retry sends once."""
    start, logg = worker_oppsett
    start(pause=3.0)
    epost = hendelser.epost_legg_i_utboks(til=["mottak@example.org"], emne="Drept midt i", tekst="Hei")
    forste = _vent(lambda: linjer(logg, "start"), 60, "workeren begynte ikke å sende")
    os.kill(int(forste[0].split()[1]), signal.SIGKILL)

    _vent(lambda: Epost.objects.get(pk=epost.pk).sendt, 60, "oppgaven ble ikke levert på nytt")
    assert len(linjer(logg, "start")) == 2  # the killed attempt and the redelivered one
    assert [linje.split(" ", 2)[2] for linje in linjer(logg, "sendt")] == ["Drept midt i"]
    epost.refresh_from_db()
    assert epost.forsok == 1  # the killed attempt's increment was rolled back with its transaction
    time.sleep(1)
    assert len(linjer(logg, "sendt")) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_drept_hel_worker_sveipet_fra_ny_worker_leverer_en_gang(worker_oppsett):
    """kill -9 of the whole worker (main process and child): the message stays unacked in Redis until
    the visibility timeout (15 minutes), so a new worker does not see it at once — the beat sweep, run
    through the new worker, delivers it; the late redelivery then skips it."""
    from imdinett.hendelser.tasks import epost_sendes, epost_sweep

    start, logg = worker_oppsett
    gammel = start(pause=3.0)
    epost = hendelser.epost_legg_i_utboks(til=["mottak@example.org"], emne="Hele workeren", tekst="Hei")
    _vent(lambda: linjer(logg, "start"), 60, "workeren begynte ikke å sende")
    _drep(gammel)
    assert Epost.objects.get(pk=epost.pk).sendt is None and linjer(logg, "sendt") == []

    start(pause=0)
    epost_sweep.delay()  # what beat does every five minutes
    _vent(lambda: Epost.objects.get(pk=epost.pk).sendt, 60, "sveipet leverte ikke")
    epost_sendes.delay(epost.pk)  # the late redelivery after the visibility timeout
    # One child handles the queue in order: when the next mail is out, the redelivery has run.
    neste = hendelser.epost_legg_i_utboks(til=["mottak@example.org"], emne="Neste", tekst="Hei")
    _vent(lambda: Epost.objects.get(pk=neste.pk).sendt, 60, "neste e-post ble ikke levert")
    assert sorted(linje.split(" ", 2)[2] for linje in linjer(logg, "sendt")) == ["Hele workeren", "Neste"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_drept_hel_worker_leveres_paa_nytt_etter_synlighetstiden(worker_oppsett):
    """kill -9 of the whole worker, no sweep: Redis hands the unacked task out again after the visibility
    timeout (settings: 15 minutes, here 2 seconds), and a new worker sends the e-mail, once."""
    start, logg = worker_oppsett
    gammel = start(pause=3.0)
    epost = hendelser.epost_legg_i_utboks(til=["mottak@example.org"], emne="Synlig igjen", tekst="Hei")
    _vent(lambda: linjer(logg, "start"), 60, "workeren begynte ikke å sende")
    _drep(gammel)
    start(pause=0, CELERY_VISIBILITY_TIMEOUT="2")
    _vent(lambda: Epost.objects.get(pk=epost.pk).sendt, 60, "oppgaven ble ikke levert på nytt")
    time.sleep(3)  # past another visibility timeout: no second delivery
    assert [linje.split(" ", 2)[2] for linje in linjer(logg, "sendt")] == ["Synlig igjen"]
