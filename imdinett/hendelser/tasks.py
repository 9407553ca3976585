from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_epost(self, epost_id: int) -> bool:
    return services.epost_send(epost_id=epost_id)


@shared_task
def epost_sweep() -> int:
    return services.epost_send_usendte()
