"""List pages use a fixed number of queries whatever the number of rows."""

import pytest

from imdinett.hendelser.services import varsel_send
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services

from .factories import BrukerFactory, HusstandFactory, KommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db
MAKS = 12


def rader(antall, mottak, imdi_bruker):
    for _ in range(antall):
        person = PersonFactory(mottak=mottak, etternavn="Haddad", husstand=HusstandFactory())
        services.bosettingssak_opprett(personer=[person], av=imdi_bruker)
        varsel_send(organisasjon=mottak, tittel="Ny bosettingssak: 1 person")
        BrukerFactory(organisasjon=mottak, roller={Rolle.MOTTAK_KOMPASS})
        KommuneFactory()


URLER = ["/varsler/", "/brukeradministrasjon/", "/personer/?q=Haddad", "/kommuner/sok/", "/"]


@pytest.mark.parametrize("antall", [2, 40])
def test_listesider_har_fast_antall_sporringer(
    client, django_assert_max_num_queries, lag_bruker, mottak, imdi_bruker, antall
):
    rader(antall, mottak, imdi_bruker)
    bruker = lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR, Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG)
    client.force_login(bruker)
    for url in URLER:
        with django_assert_max_num_queries(MAKS):
            svar = client.get(url)
        assert svar.status_code == 200
    assert client.get("/personer/?q=Haddad").content.decode().count("Haddad") >= antall
