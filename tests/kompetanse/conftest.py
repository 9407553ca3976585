import uuid
from datetime import date

import pytest

from imdinett.organisasjoner.roller import Rolle

from ..mottak.conftest import ansatt, familie  # noqa: F401 — a family of four with open cases at `mottak`


@pytest.fixture
def kartlegger(lag_bruker, mottak):
    """Kommune_Kartlegger of the mottak's vertskommune."""
    return lag_bruker(mottak.vertskommune, Rolle.KOMMUNE_KARTLEGGER)


@pytest.fixture
def far(familie):  # noqa: F811
    return familie[0]


def rad(type_: str, **felt) -> tuple[str, dict]:
    """One row as the form posts it: its key and its prefixed fields."""
    nokkel = felt.pop("nokkel", None) or str(uuid.uuid4())
    return nokkel, {f"{type_}-{nokkel}-{navn}": verdi for navn, verdi in felt.items()}


def skjemadata(rader: dict[str, list[tuple[str, dict]]] | None = None, **felt) -> dict:
    """A POST of the mapping form: the registration's fields, and per row type the keys and fields."""
    data: dict = dict(felt)
    for type_, liste in (rader or {}).items():
        data[type_] = [nokkel for nokkel, _ in liste]
        for _, verdier in liste:
            data.update(verdier)
    return data


FULL_KARTLEGGING = {
    "gjennomforing": "intervju_tolk",
    "tolkesprak": "Arabisk",
    "forerkort": "True",
    "forerkort_klasser": "B",
    "regneferdigheter": "godt",
    "digitale_ferdigheter": "middels",
}


def full_rader() -> dict:
    return {
        "sprak": [
            rad("sprak", sprak="Arabisk", morsmaal="on", tale="svaert_godt", lese="godt", skrive="godt")
        ],
        "utdanning": [rad("utdanning", nivaa="bachelor", fagfelt="Sykepleie", antall_aar="4", land="Syria")],
        "arbeid": [rad("arbeid", yrke="Sykepleier", antall_aar="6", land="Syria")],
    }


IDAG = date.today()
