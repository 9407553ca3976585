import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imdinett.celery import app as celery_app
from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.roller import Rolle

from .factories import BrukerFactory, KommuneFactory, MottakFactory, OrganisasjonFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same
# thread are safe here (STYLE.md recipe).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

KREV_TJENESTER = os.environ.get("IMDINETT_REQUIRE_SERVICES") == "1"


def hopp_over_eller_feil(grunn: str):
    """In CI (IMDINETT_REQUIRE_SERVICES=1) a missing browser or broker fails the run; locally it skips."""
    if KREV_TJENESTER:
        pytest.fail(grunn, pytrace=False)
    pytest.skip(grunn)


def pdftekst(data: bytes, *, layout: bool = False) -> str:
    """A PDF read back as text with pdftotext (poppler-utils), as a reader would see it."""
    if not shutil.which("pdftotext"):
        hopp_over_eller_feil("pdftotext (poppler-utils) mangler.")
    valg = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *valg, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def samtidig(antall: int, handling) -> list[str]:
    """Run `handling` in `antall` threads released at once; «ok» or the DomeneFeil message for each."""
    from django.db import connections

    from imdinett.feil import DomeneFeil

    resultater: list[str] = []
    start = threading.Barrier(antall)

    def kjor():
        try:
            start.wait()
            handling()
            resultater.append("ok")
        except DomeneFeil as e:
            resultater.append(e.melding)
        finally:
            connections.close_all()

    traader = [threading.Thread(target=kjor) for _ in range(antall)]
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    return resultater


@pytest.fixture(autouse=True)
def _force_login_med_engangskode(monkeypatch):
    """force_login stands for the whole login, one-time code included (tested in
    tests/organisasjoner/test_tofaktor.py and by every browser test)."""
    from django.test import Client

    from imdinett.organisasjoner.management.commands.totp_kode import force_login_med_kode

    force_login = Client.force_login
    monkeypatch.setattr(
        Client, "force_login", lambda self, user, backend=None: force_login_med_kode(self, user, force_login)
    )


@pytest.fixture(autouse=True)
def _media_epost_og_oppgaver(settings, tmp_path):
    """Files and mail stay in the test; tasks run in-process unless a test asks for the broker."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = True


def _nullstill_forbindelser():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def megler():
    """megler(url): Celery sends to a real broker URL (not eager) for one test; restored afterwards."""

    def sett(url: str):
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        _nullstill_forbindelser()

    gammel = celery_app.conf.broker_url
    yield sett
    celery_app.conf.task_always_eager = True
    celery_app.conf.broker_url = gammel
    _nullstill_forbindelser()


@pytest.fixture
def ekte_worker(megler):
    """A real Celery worker (solo pool) on the Redis at REDIS_URL for the whole test, in this process (it
    shares the test's database, so the test needs `django_db(transaction=True)`, and `mail.outbox`): Celery
    sends there, not eagerly. Yields `vent(betingelse)`, which asks the condition every 0.1 s until it holds
    or two minutes have passed (a busy two-core CI machine renders a PDF slowly); the test then asserts what it
    waited for."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        hopp_over_eller_feil("REDIS_URL er ikke satt; testen trenger en ekte Redis-megler.")
    from celery.contrib.testing.worker import start_worker

    def vent(betingelse) -> None:
        slutt = time.monotonic() + 120
        while not betingelse() and time.monotonic() < slutt:
            time.sleep(0.1)

    megler(redis_url)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield vent


@pytest.fixture
def imdi_org(db):
    return OrganisasjonFactory()


@pytest.fixture
def mottak(db):
    return MottakFactory(navn="Hå testmottak")


@pytest.fixture
def annet_mottak(db):
    return MottakFactory(navn="Toten testmottak")


@pytest.fixture
def kommune(db):
    return KommuneFactory(nummer="1870", navn="Sortland")


@pytest.fixture
def annen_kommune(db):
    return KommuneFactory(nummer="5501", navn="Tromsø")


@pytest.fixture
def imdi_bruker(imdi_org):
    return BrukerFactory(organisasjon=imdi_org, roller={Rolle.IMDI_SAKSBEHANDLER})


@pytest.fixture
def lag_bruker(db):
    """lag_bruker(organisasjon, *roller) -> a user of that organisation holding those roles."""

    def lag(organisasjon: Organisasjon, *roller: Rolle, **felt):
        return BrukerFactory(organisasjon=organisasjon, roller=set(roller), **felt)

    return lag


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        hopp_over_eller_feil(f"Chromium mangler ({CHROMIUM}); nettlesertestene kan ikke kjøre.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Norwegian locale and time zone, as the users have (date and week pickers in bokmål)."""
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def migrer(transactional_db):
    """A data migration's test: `migrer(nodes)` migrates there (no nodes: the latest) and returns that state's
    apps; afterwards the schema goes back to the latest, whatever the test did, so the tests after it see it
    whole."""

    def migrer(til=None):
        executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` reads it
        til = til or executor.loader.graph.leaf_nodes()
        executor.migrate(til)
        return executor.loader.project_state(til).apps

    yield migrer
    migrer()
