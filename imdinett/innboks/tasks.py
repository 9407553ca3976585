from celery import shared_task

from . import services


@shared_task
def ventende_behandle() -> int:
    """Beat, every ten minutes: the waiting messages tried again (those a later message did not release)."""
    return services.ventende_behandle()
