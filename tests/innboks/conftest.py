import itertools
from datetime import date

import pytest
from django.utils import timezone

from imdinett.innboks.services import ta_imot
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak
from tests.factories import gyldig_duf

_id = itertools.count(1)
_reg = itertools.count(700_000_001)


def person(duf: str | None = None, **felt) -> dict:
    """One person of «tillatelse_innvilget», as UDI sends it."""
    return {
        "duf_nummer": duf or gyldig_duf(),
        "fornavn": "Amina",
        "etternavn": "Warsame",
        "fodselsdato": "1990-04-02",
        "kjonn": "K",
        "statsborgerskap": "Somalia",
        "persontype": "enslig_voksen",
        "plasstype": "ORD",
        **felt,
    }


def tillatelse(*personer: dict, mottak=None, **felt) -> dict:
    return {
        "reg_nr": str(next(_reg)),
        "beskyttelse": "individuell",
        "sakstype": "mottaksbeboer",
        "mottak": mottak.udi_mot_id if mottak else None,
        "personer": list(personer) or [person()],
        **felt,
    }


def send(kilde: str, type: str, data, melding_id: str | None = None):
    """ta_imot as the integration calls it; (the stored message, new?)."""
    return ta_imot(
        kilde=kilde,
        melding_id=f"m-{next(_id)}" if melding_id is None else melding_id,
        type=type,
        data=data,
        avsender="test",
    )


def sokt_ut(duf: list[str], kommune, av=None) -> list[Bosettingssak]:
    """The cases taken to «søkt ut» to `kommune` through the lifecycle (the interview and the list skipped)."""
    sakene = saker.bosettingssak_ferdigstill(
        saker=Bosettingssak.objects.filter(person__duf_nummer__in=duf), av=av
    )
    sakene = saker.bosettingssak_fordel(saker=sakene, kommune=kommune, av=av)
    return saker.bosettingssak_sok_ut(saker=sakene, forventet_uke=timezone.localdate(), av=av)


@pytest.fixture
def idag() -> date:
    return timezone.localdate()
