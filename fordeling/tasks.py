"""The distribution's tasks: the daily reminder sweep, the letters of an answered list, and «Forslag til
fordeling» computed and, after 30 days, deleted.

The letters (`brev_lages`) are retried by Celery with back-off, unlike the e-mail outbox whose retries are
the sweep's alone (imdinett/hendelser/tasks.py): a render fails for a moment (a busy machine, a file system
hiccup) and is worth trying again at once, the whole chain (`BREV_FORSOK` attempts, at most some minutes)
stays well inside Redis' visibility timeout, and a repeated run is harmless (the service skips letters
that exist). The list's `brev_status` is the record: «venter» until made, «feilet» with the error after
the last attempt. A task lost with the broker or the worker is queued again by `brev_sweep`.
"""

from celery import shared_task

from . import brev, services

BREV_FORSOK = 4


@shared_task
def paaminnelse_sweep() -> int:
    return services.paaminnelser_send()


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    max_retries=BREV_FORSOK - 1,
    retry_backoff=30,
    retry_backoff_max=120,
)
def brev_lages(self, liste_id: int) -> int:
    """Queued after commit by «Send svar», «Lag brevene på nytt» and the sweep: the list's letters."""
    try:
        return brev.fordelingsliste_lag_brev(liste_id=liste_id)
    except Exception as e:
        if self.request.retries >= self.max_retries:
            brev.fordelingsliste_brev_feilet(liste_id=liste_id, feil=f"{type(e).__name__}: {e}")
        raise


@shared_task
def brev_sweep() -> int:
    """Beat, every five minutes: lists whose letters were ordered long ago and are still «venter»."""
    return brev.brev_bestill_ventende()


@shared_task(acks_late=True)
def forslag_beregn(beregning_id: int) -> None:
    """«Forslag til fordeling» computed in the worker (fordeling.forslag.beregning)."""
    from .forslag.beregning import forslag_kjor

    forslag_kjor(beregning_id)


@shared_task
def forslag_rydd() -> int:
    from .forslag.beregning import forslag_rydd

    return forslag_rydd()
