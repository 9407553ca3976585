# The distribution fixtures: a fordelingsklar family, Sortland's vedtak, its Bosetter and the canary notes.
import pytest

from fordeling import services as fordeling
from imdinett.organisasjoner.roller import Rolle as R

from ..fordeling.conftest import ansatt, bosetter, familie, vedtak  # noqa: F401
from ..fordeling.test_fordeling import sendt_liste, svar
from ..fordeling.test_sider import hemmelig  # noqa: F401


@pytest.fixture
def sokt_ut(familie, kommune, vedtak, imdi_bruker, bosetter):  # noqa: F811
    """The family accepted by Sortland: søkt ut there."""
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    fordeling.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    fordeling.fordelingsliste_send_svar(liste=liste, av=bosetter)
    return familie


@pytest.fixture
def brukere(lag_bruker, kommune, annen_kommune, mottak, imdi_bruker, bosetter):  # noqa: F811
    return {
        "kommune": bosetter,
        "kommunelese": lag_bruker(kommune, R.KOMMUNE_ANMODER_LES, R.KOMMUNE_BOSETTER_LES),
        "anmoder": lag_bruker(kommune, R.KOMMUNE_ANMODER_SKRIV),
        "tromso": lag_bruker(annen_kommune, R.KOMMUNE_ANMODER_SKRIV, R.KOMMUNE_BOSETTER_SKRIV),
        "kompass": lag_bruker(mottak, R.MOTTAK_KOMPASS),
        "mottakadmin": lag_bruker(mottak, R.MOTTAKSADMINISTRATOR),
        "imdi": imdi_bruker,
    }
