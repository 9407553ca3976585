from datetime import timedelta

import pytest
from django.utils import timezone

from kommune import services

AAR = timezone.localdate().year + 1


@pytest.fixture
def anmodning(kommune, imdi_bruker):
    """A sent anmodning to Sortland for next year: 20 / 5 / 2."""
    a = services.anmodning_opprett(
        kommuner=[kommune],
        aar=[AAR],
        tall={"voksne": 20, "em_15_18": 5, "em_under_15": 2},
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )[0]
    return services.anmodning_send(anmodning=a, av=imdi_bruker)
