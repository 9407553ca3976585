"""IMDi's letters of an answered fordelingsliste after the answer (issue #21): «Send svar» orders them
(`services._brev_bestill`, «venter»); the task `fordeling.tasks.brev_lages` makes them here after the commit
(`services._lag_brev` draws them, one letter per transaction), records «feilet» after its last attempt; IMDi
queues them again with «Lag brevene på nytt»; the sweep queues those whose task was lost. The kommune's letter
is ordered out to the kommune as it is stored (the outbox in imdinett.dokumenter, issue #23); its sending's
status shows on the list in the admin."""

import logging
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.services import varsel_send_imdi
from imdinett.organisasjoner.tilgang import krev_imdi

from .models import Fordelingsliste
from .services import _brev_bestill, _laas, _lag_brev, _logg

Brevstatus = Fordelingsliste.BrevStatus
log = logging.getLogger(__name__)
# Letters still «venter» this long after they were ordered are queued again by the sweep: longer than the
# task's own retries (fordeling.tasks) take, so a list is re-queued only when its task was lost.
BREV_SVEIP_ETTER = timedelta(minutes=10)


def fordelingsliste_lag_brev(*, liste_id: int) -> int:
    """The task's work: the letters of an answered list whose letters are «venter», then «laget».
    Returns how many letters this call made.

    Each letter is its own transaction under the list's lock and is skipped when it exists, so a repeated
    task, the sweep's and «Lag brevene på nytt»'s never make a second letter for a line, and a failure
    keeps the letters made before it (the retry makes the rest). An exception reaches the task, which
    retries and, after its last attempt, records «feilet» (`fordelingsliste_brev_feilet`)."""
    liste = Fordelingsliste.objects.select_related("kommune", "besvart_av").get(pk=liste_id)
    if not liste.brev_venter:
        return 0
    godtatt = list(
        liste.linjer.filter(bosettes=True)
        .select_related("person", "person__mottak__postnummer", "person__husstand")
        .order_by("person__husstand__reg_nr", "person__fodselsdato")
    )
    laget = _lag_brev(liste, godtatt, liste.besvart_av)
    Fordelingsliste.objects.filter(pk=liste.pk, brev_status=Brevstatus.VENTER).update(
        brev_status=Brevstatus.LAGET, brev_feil=""
    )
    return laget


@transaction.atomic
def fordelingsliste_brev_feilet(*, liste_id: int, feil: str) -> None:
    """The task's last attempt failed: the list's letters are «feilet» with the error, and IMDi is told; the
    admin shows it with «Lag brevene på nytt». The sweep leaves a failed list alone."""
    liste = Fordelingsliste.objects.select_for_update().get(pk=liste_id)
    if not liste.brev_venter:
        return
    liste.brev_status, liste.brev_feil = Brevstatus.FEILET, feil[:2000]
    liste.save(update_fields=["brev_status", "brev_feil"])
    log.error("Brevene til fordelingsliste %s kunne ikke lages: %s", liste.pk, feil)
    varsel_send_imdi(  # the list's name only: the error stays in the admin
        tittel=f"Brevene til fordelingslisten «{liste.navn}» kunne ikke lages",
        tekst="Se feilen og lag brevene på nytt i fordelingslisten.",
        lenke=reverse("admin:fordeling_fordelingsliste_change", args=[liste.pk]),
    )


@transaction.atomic
def fordelingsliste_lag_brev_paa_nytt(*, liste: Fordelingsliste, av) -> Fordelingsliste:
    """IMDi's «Lag brevene på nytt» on an answered list whose letters failed or still wait: queued again
    after commit; the letters already made are kept."""
    krev_imdi(av)
    liste = _laas(liste)
    if not liste.er_besvart or not (liste.brev_venter or liste.brev_feilet):
        raise DomeneFeil(f"Brevene til «{liste.navn}» venter ikke på å bli laget.")
    _brev_bestill(liste)
    _logg(  # without the error: the kommune reads its list's events
        liste,
        kode="fordelingsliste.brev_bestilt",
        tittel=f"Brevene til fordelingsliste «{liste.navn}» lages på nytt",
        av=av,
    )
    return liste


def brev_bestill_ventende(*, naa=None) -> int:
    """The sweep (beat): lists whose letters still wait `BREV_SVEIP_ETTER` after they were ordered — the
    broker was down at the commit, or the task was lost — are queued again. How many."""
    grense = (naa or timezone.now()) - BREV_SVEIP_ETTER
    antall = 0
    for pk in Fordelingsliste.objects.filter(
        brev_status=Brevstatus.VENTER, brev_bestilt__lte=grense
    ).values_list("pk", flat=True):
        with transaction.atomic():
            liste = Fordelingsliste.objects.select_for_update().get(pk=pk)
            if liste.brev_venter and liste.brev_bestilt <= grense:
                _brev_bestill(liste)
                antall += 1
    return antall
