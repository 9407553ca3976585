"""The API's call log is kept 13 months, deleted by the nightly beat task; the newer lines stay."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from imdinett.integrasjon import tasks
from imdinett.integrasjon.models import Kall

pytestmark = pytest.mark.django_db


def test_kall_eldre_enn_13_maaneder_slettes_om_natten():
    naa = timezone.now()
    gammel, ny = (
        Kall.objects.create(metode="GET", sti="/api/kommune/personer", status=200, varighet_ms=3)
        for _ in range(2)
    )
    Kall.objects.filter(pk=gammel.pk).update(tidspunkt=naa - timedelta(days=397))
    Kall.objects.filter(pk=ny.pk).update(tidspunkt=naa - timedelta(days=395))
    assert settings.CELERY_BEAT_SCHEDULE["api-lagringstid"]["task"] == tasks.kall_rydd.name
    assert tasks.kall_rydd.delay().get() == 1
    assert list(Kall.objects.values_list("pk", flat=True)) == [ny.pk]
