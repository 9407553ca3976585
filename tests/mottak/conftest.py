from datetime import date

import pytest

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Person
from mottak import services

from ..factories import HusstandFactory, PersonFactory

P = Person.Persontype
R = Person.Relasjon

FULLT_SVAR = {
    "kompass_aarsak": "planer",
    "har_venner_familie": False,
    "kjaeledyr": False,
    "forerkort": False,
    "bil_i_norge": False,
    "saerlig_hensyn": False,
}


@pytest.fixture
def familie(mottak, imdi_bruker):
    """A family of four at the mottak with an open settlement case."""
    husstand = HusstandFactory()
    medlemmer = [
        PersonFactory(
            husstand=husstand,
            mottak=mottak,
            fornavn="Khaled",
            persontype=P.FAMILIEMEDLEM,
            relasjon=R.FAR,
            fodselsdato=date(1984, 11, 8),
            kjonn="M",
        ),
        PersonFactory(
            husstand=husstand,
            mottak=mottak,
            fornavn="Rania",
            persontype=P.FAMILIEMEDLEM,
            relasjon=R.MOR,
            fodselsdato=date(1986, 2, 1),
        ),
        PersonFactory(
            husstand=husstand,
            mottak=mottak,
            fornavn="Nour",
            persontype=P.FAMILIEMEDLEM,
            relasjon=R.DATTER,
            fodselsdato=date(2014, 5, 5),
        ),
        PersonFactory(
            husstand=husstand,
            mottak=mottak,
            fornavn="Omar",
            persontype=P.FAMILIEMEDLEM,
            relasjon=R.SONN,
            fodselsdato=date(2019, 9, 9),
            kjonn="M",
        ),
    ]
    saker.bosettingssak_opprett(personer=medlemmer, av=imdi_bruker)
    return medlemmer


@pytest.fixture
def ansatt(lag_bruker, mottak):
    return lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)


def fyll_ut(person, av):
    """Everything an adult with individual protection must answer."""
    svar = FULLT_SVAR if person.alder() >= 18 else {"saerlig_hensyn": False}
    services.samtale_lagre(person=person, data=svar, av=av)
    if person.alder() >= 18:
        services.bosettingsmerknad_opprett(
            person=person, tekst="Ønsker nærhet til kollektivtransport.", av=av
        )
