from celery import shared_task

from . import services


@shared_task
def ventende_behandle() -> dict[str, int]:
    """Beat, every ten minutes: the waiting messages tried again (those a later message did not release),
    and those waiting past the cap given up."""
    return services.ventende_behandle()
