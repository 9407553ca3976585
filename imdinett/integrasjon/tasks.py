from celery import shared_task

from . import services


@shared_task
def kall_rydd() -> int:
    """Beat, nightly: the API's call log past its retention is deleted."""
    return services.kall_rydd()
