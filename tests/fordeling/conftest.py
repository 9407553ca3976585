from datetime import date, timedelta

import pytest
from django.utils import timezone

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person
from kommune import services as anmodning
from mottak import services as samtale
from utvikling.identiteter import Generator

from ..factories import HusstandFactory, PersonFactory
from ..mottak.conftest import fyll_ut

P = Person.Persontype
AAR = timezone.localdate().year
D_NUMMER = next(n for n in (Generator(seed=i).fnr(date(1986, 2, 1)) for i in range(50)) if n)


def fordelingsklar(personer, av):
    """Interview completed for the household: its cases are fordelingsklar."""
    saker.bosettingssak_opprett(personer=personer, av=av)
    for p in personer:
        fyll_ut(p, av)
    samtale.bosettingssamtale_ferdigstill(person=personer[0], av=av)
    return personer


@pytest.fixture
def ansatt(lag_bruker, mottak):
    return lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)


@pytest.fixture
def familie(mottak, ansatt):
    h = HusstandFactory()
    return fordelingsklar(
        [
            PersonFactory(
                husstand=h,
                mottak=mottak,
                fornavn="Khaled",
                persontype=P.FAMILIEMEDLEM,
                relasjon="far",
                fodselsdato=date(1984, 11, 8),
                kjonn="M",
            ),
            PersonFactory(
                husstand=h,
                mottak=mottak,
                fornavn="Rania",
                persontype=P.FAMILIEMEDLEM,
                relasjon="mor",
                fodselsdato=date(1986, 2, 1),
                fodselsnummer=D_NUMMER,
            ),
            PersonFactory(
                husstand=h,
                mottak=mottak,
                fornavn="Nour",
                persontype=P.FAMILIEMEDLEM,
                relasjon="datter",
                fodselsdato=date(2014, 5, 5),
            ),
        ],
        ansatt,
    )


@pytest.fixture
def enslig(mottak, ansatt):
    return fordelingsklar([PersonFactory(mottak=mottak, fornavn="Yonas", kjonn="M")], ansatt)[0]


@pytest.fixture
def vedtak(kommune, imdi_bruker, lag_bruker):
    """Sortland decided 10 / 2 / 0 places this year, confirmed by IMDi."""
    a = lag_vedtak(kommune, {"voksne": 10, "em_15_18": 2, "em_under_15": 0}, imdi_bruker, lag_bruker)
    return anmodning.anmodning_bekreft(anmodning=a, av=imdi_bruker)


def lag_vedtak(kommune, tall, imdi_bruker, lag_bruker):
    """The kommune decides `tall` places this year (not yet confirmed by IMDi); the anmodning."""
    skriver = lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV)
    a = anmodning.anmodning_opprett(
        kommuner=[kommune],
        aar=[AAR],
        tall=tall,
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )[0]
    anmodning.anmodning_send(anmodning=a, av=imdi_bruker)
    anmodning.vedtak_send(anmodning=a, aar=AAR, tall={k: (v, "") for k, v in tall.items()}, av=skriver)
    return a


@pytest.fixture
def tromso_vedtak(annen_kommune, imdi_bruker, lag_bruker):
    lag_vedtak(annen_kommune, {"voksne": 40, "em_15_18": 0, "em_under_15": 0}, imdi_bruker, lag_bruker)
    return annen_kommune


@pytest.fixture
def bosetter(lag_bruker, kommune):
    return lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)


def status(person) -> str:
    return Bosettingssak.objects.get(person=person).status
