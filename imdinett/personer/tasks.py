from celery import shared_task

from . import services


@shared_task
def historikk_rydd() -> dict[str, int]:
    """Beat, nightly: the access log and notifications past their retention are deleted."""
    return services.historikk_rydd()
