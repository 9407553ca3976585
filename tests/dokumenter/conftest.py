"""The distribution fixtures (a family at a mottak, the kommune's vedtak, its Bosetter, the mottak's
Bosettingsansvarlig) and the letters made by answering a fordelingsliste."""

import pytest

from fordeling import services
from fordeling.models import Fordelingsliste
from imdinett.dokumenter.models import Dokument
from kommune.models import Anmodning

from ..fordeling.conftest import ansatt, bosetter, familie, vedtak  # noqa: F401
from ..fordeling.test_fordeling import sendt_liste, svar


@pytest.fixture
def besvart(kommune, familie, vedtak, imdi_bruker, bosetter, django_capture_on_commit_callbacks):  # noqa: F811
    """Sortland has said yes to the family: three «Vedtak om bosettingskommune» to the mottak and
    «Bosetting av flyktninger» naming all three to the kommune (made by the task after the answer's commit)."""
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    with django_capture_on_commit_callbacks(execute=True):
        services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    return Fordelingsliste.objects.get(pk=liste.pk)


@pytest.fixture
def brev(besvart, vedtak, familie):  # noqa: F811
    """kind → letters."""
    return {
        "vedtak": list(Dokument.objects.filter(type="vedtak_bosettingskommune").order_by("pk")),
        "liste": besvart.brev,
        "anmodning": Anmodning.objects.get(pk=vedtak.pk).brev,
    }
