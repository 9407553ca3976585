"""The letters' outbox (issue #23): `utsending_sendes` makes one attempt after the commit that ordered the
sending; the beat task `utsending_sweep` makes the due ones (retries after their pause, first attempts the
broker missed, attempts whose worker died) and polls the receipts of the sent ones.

As in the e-mail outbox (imdinett/hendelser/tasks.py), retries are the sweep's, by the row's `neste_forsok`,
not Celery's: the row is the one record of attempts and the next time, visible in the admin, and it survives
a broker outage or a lost worker."""

from celery import shared_task

from . import services


@shared_task
def utsending_sendes(utsending_id: int) -> bool:
    return services.utsending_forsok(utsending_id=utsending_id)


@shared_task
def utsending_sweep() -> dict[str, int]:
    """Beat, every five minutes."""
    return services.utsending_sweep()
