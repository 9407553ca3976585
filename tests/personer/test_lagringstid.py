"""Issue #21: retention. The access log is kept five years, notifications 13 months (docs/beslutninger.md
«Lagringstid for historikk»); Hendelser, the case record, are kept. The nightly beat task runs the service."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from imdinett.celery import app
from imdinett.hendelser.models import Hendelse, Varsel, VarselLest
from imdinett.hendelser.services import hendelse_registrer
from imdinett.personer.models import Innsynslogg
from imdinett.personer.services import historikk_rydd
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_gammel_historikk_slettes_saksloggen_beholdes(kommune, imdi_bruker):
    naa = timezone.now()
    person = PersonFactory()
    laget = {}
    for navn, siden in [("gammel", timedelta(days=5 * 365 + 10)), ("ny", timedelta(days=5 * 365 - 10))]:
        with time_machine.travel(naa - siden):
            laget[f"innsyn_{navn}"] = Innsynslogg.objects.create(
                person=person, bruker=imdi_bruker, seksjon="Bosetting"
            )
            hendelse_registrer(omraade="bosetting", kode="test", tittel=f"Hendelse {navn}", personer=[person])
    for navn, siden in [("gammel", timedelta(days=400)), ("ny", timedelta(days=390))]:
        with time_machine.travel(naa - siden):
            laget[f"varsel_{navn}"] = Varsel.objects.create(organisasjon=kommune, tittel=f"Varsel {navn}")
            VarselLest.objects.create(varsel=laget[f"varsel_{navn}"], bruker=imdi_bruker)

    assert historikk_rydd(naa=naa) == {"innsynslogg": 1, "varsler": 1}
    assert list(Innsynslogg.objects.all()) == [laget["innsyn_ny"]]
    assert list(Varsel.objects.all()) == [laget["varsel_ny"]]
    assert Hendelse.objects.filter(tittel__startswith="Hendelse").count() == 2  # the case record stays
    logget = Hendelse.objects.get(kode="historikk.ryddet")
    assert logget.data == {"innsynslogg": 1, "varsler": 1}
    assert historikk_rydd(naa=naa) == {"innsynslogg": 0, "varsler": 0}
    assert Hendelse.objects.filter(kode="historikk.ryddet").count() == 1  # nothing to record the second night


def test_rydding_er_planlagt_hver_natt():
    app.loader.import_default_modules()  # the tasks autodiscovery finds, as the worker loads them
    plan = next(p for p in settings.CELERY_BEAT_SCHEDULE.values() if p["task"].endswith("historikk_rydd"))
    assert plan["task"] in app.tasks and plan["schedule"].hour == {3}


@pytest.mark.django_db(transaction=True)
def test_databasen_sletter_bare_innsynslogg_forbi_lagringstiden(imdi_bruker):
    """On PostgreSQL the log stays unchangeable (hendelser 0004) except for a line past its five years."""
    from django.db import IntegrityError, connection

    if connection.vendor != "postgresql":
        pytest.skip("Utløseren finnes på PostgreSQL (CI)")
    person = PersonFactory()
    with time_machine.travel(timezone.now() - timedelta(days=5 * 365 + 10)):
        gammel = Innsynslogg.objects.create(person=person, bruker=imdi_bruker, seksjon="Bosetting")
    ny = Innsynslogg.objects.create(person=person, bruker=imdi_bruker, seksjon="Bosetting")
    with pytest.raises(IntegrityError, match="kan ikke endres eller slettes"):
        Innsynslogg.objects.filter(pk=ny.pk).delete()
    with pytest.raises(IntegrityError, match="kan ikke endres eller slettes"):
        Innsynslogg.objects.filter(pk=gammel.pk).update(seksjon="Annet")
    assert Innsynslogg.objects.filter(pk=gammel.pk).delete()[0] == 1
