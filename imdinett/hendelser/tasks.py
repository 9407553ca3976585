"""The outbox's tasks. The task `epost_sendes` runs the service `epost_forsok_sending` once; the beat task
`epost_sweep` runs `epost_send_forfalte`.

Retries are the sweep's alone, by the e-mail's `neste_forsok` (back-off in `Epost.PAUSER`), not Celery's
`self.retry(countdown=…)`: the row is then the one record of when the next attempt is due, visible in the
admin, and it survives a broker outage or a worker lost with its queued retries; and on Redis a countdown
longer than the visibility timeout (15 minutes) is handed out again, while the back-off reaches 12 hours.
The task only makes the first attempt come at once after commit.
"""

from celery import shared_task

from . import services


@shared_task
def epost_sendes(epost_id: int) -> bool:
    """Queued after commit by `epost_legg_i_utboks` (and «Prøv igjen»): one attempt, if the e-mail is due."""
    return services.epost_forsok_sending(epost_id=epost_id)


@shared_task
def epost_sweep() -> int:
    """Beat, every five minutes: one attempt for every due e-mail (failed ones wait for «Prøv igjen»)."""
    return services.epost_send_forfalte()
