from celery import shared_task

from . import services


@shared_task
def paaminnelse_sweep() -> int:
    return services.paaminnelser_send()
