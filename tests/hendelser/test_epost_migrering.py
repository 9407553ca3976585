"""Migration hendelser/0005: e-mails already in the outbox get their status (sent ones «sendt», the others
«venter», due at once)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FOER = [("hendelser", "0004_hendelser_uforanderlige")]
ETTER = [("hendelser", "0005_epost_status")]


@pytest.mark.django_db(transaction=True)
def test_eksisterende_eposter_faar_riktig_status():
    executor = MigrationExecutor(connection)
    executor.migrate(FOER)
    Epost = executor.loader.project_state(FOER).apps.get_model("hendelser", "Epost")
    sendt = Epost.objects.create(til="a@example.org", emne="Sendt", tekst="x", sendt=timezone.now(), forsok=1)
    venter = Epost.objects.create(til="b@example.org", emne="Venter", tekst="x", forsok=3, siste_feil="Feil")

    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` reads it
    executor.migrate(ETTER)
    Epost = executor.loader.project_state(ETTER).apps.get_model("hendelser", "Epost")
    sendt = Epost.objects.get(pk=sendt.pk)
    venter = Epost.objects.get(pk=venter.pk)
    assert (sendt.status, sendt.neste_forsok) == ("sendt", None)
    assert (venter.status, venter.forsok, venter.siste_feil) == ("venter", 3, "Feil")
    assert venter.neste_forsok <= timezone.now()
