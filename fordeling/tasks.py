from celery import shared_task

from . import services


@shared_task
def paaminnelse_sweep() -> int:
    return services.paaminnelser_send()


@shared_task(acks_late=True)
def forslag_beregn(beregning_id: int) -> None:
    """«Forslag til fordeling» computed in the worker (fordeling.forslag.beregning)."""
    from .forslag.beregning import forslag_kjor

    forslag_kjor(beregning_id)


@shared_task
def forslag_rydd() -> int:
    from .forslag.beregning import forslag_rydd

    return forslag_rydd()
