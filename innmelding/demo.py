"""Innmelding's demo data (utvikling.demo orchestrates): the kommuner's notices of the past weeks in every status
— waiting for IMDi and for Bufetat, being handled with an answer, handled, refused, cancelled — sent and handled
through the services the pages and the admin use, each at its day (`paa(dager_siden)`)."""

from datetime import timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker, Kommune
from imdinett.personer.models import Person

from . import services
from .models import Innmelding

Type = Innmelding.Type
Boligtype = Innmelding.Boligtype


def _send(paa, dager: int, kommune: Kommune, av: Bruker, type_: str, uker: int, **felt) -> Innmelding:
    with paa(dager):
        return services.innmelding_send(
            kommune=kommune,
            type=type_,
            forventet_uke=timezone.localdate() + timedelta(weeks=uker),
            av=av,
            **felt,
        )


def innmeldinger(
    sortland: Kommune,
    tromso: Kommune,
    *,
    kommune: Bruker,
    tromso_bruker: Bruker,
    imdi: Bruker,
    bufetat: Bruker,
    amot: Person,
    paa,
) -> None:
    """Sortland and Tromsø's notices: IMDi's and Bufetat's queues hold work, and the kommune's lists show
    every status (seed 002 «Innmeldinger»)."""
    # Waiting: a family home for IMDi, an EM-tiltak for under-15s (Bufetat's), Tromsø's weekly capacity.
    _send(
        paa,
        5,
        sortland,
        kommune,
        Type.LEDIG_BOLIG,
        4,
        boligtype=Boligtype.FAMILIEBOLIG,
        antall=5,
        merknad="Fire soverom i Sigerfjord, ti minutter fra skole og barnehage.",
    )
    _send(
        paa,
        2,
        sortland,
        kommune,
        Type.LEDIG_BOLIG,
        6,
        boligtype=Boligtype.EM_TILTAK,
        em_tiltak=Innmelding.EmTiltak.FOSTERHJEM,
        em_alder=Innmelding.EmAlder.UNDER_15,
        antall=1,
        merknad="Godkjent fosterhjem med erfaring fra barnevernet.",
    )
    _send(paa, 3, tromso, tromso_bruker, Type.ANTALL_PLASSER, 3, antall=12)
    # Being handled, with IMDi's answer: the AMOT resident placed in Sortland (binding for IMDi's choice).
    amot_innmelding = _send(
        paa,
        12,
        sortland,
        kommune,
        Type.BESTEMT_PERSON,
        2,
        person=amot,
        tilknytning=Innmelding.Tilknytning.AMOT,
        merknad="Har bodd på alternativ mottaksplass i kommunen i et halvt år og har fått jobbtilbud her.",
    )
    with paa(10):
        services.innmelding_ta(innmelding=amot_innmelding, av=imdi)
        services.innmelding_svar(
            innmelding=amot_innmelding,
            svar="Vi setter husstanden på neste fordelingsliste til Sortland.",
            av=imdi,
        )
    # Handled, refused and cancelled weeks ago.
    plasser = _send(paa, 40, sortland, kommune, Type.ANTALL_PLASSER, 2, antall=8)
    with paa(38):
        services.innmelding_avslutt(innmelding=plasser, behandlet=True, av=imdi)
    bofellesskap = _send(
        paa,
        33,
        tromso,
        tromso_bruker,
        Type.LEDIG_BOLIG,
        3,
        boligtype=Boligtype.BOFELLESSKAP,
        antall=3,
        saerlig_hensyn=True,
        saerlig_hensyn_beskrivelse="Heis og bad tilpasset rullestol.",
    )
    with paa(30):
        services.innmelding_avslutt(
            innmelding=bofellesskap,
            behandlet=False,
            begrunnelse="Ingen fordelingsklare voksne som ønsker bofellesskap i Nord-Norge nå.",
            av=imdi,
        )
    hybel = _send(
        paa,
        21,
        sortland,
        kommune,
        Type.LEDIG_BOLIG,
        2,
        boligtype=Boligtype.EM_TILTAK,
        em_tiltak=Innmelding.EmTiltak.HYBEL,
        em_alder=Innmelding.EmAlder.FRA_15,
        antall=2,
    )
    with paa(19):
        services.innmelding_kanseller(
            innmelding=hybel, begrunnelse="Hybelen ble leid ut til en lærling.", av=kommune
        )
    fosterhjem = _send(
        paa,
        60,
        tromso,
        tromso_bruker,
        Type.LEDIG_BOLIG,
        2,
        boligtype=Boligtype.EM_TILTAK,
        em_tiltak=Innmelding.EmTiltak.BOFELLESSKAP_DOGN,
        em_alder=Innmelding.EmAlder.UNDER_15,
        antall=2,
    )
    with paa(52):
        services.innmelding_ta(innmelding=fosterhjem, av=bufetat)
        services.innmelding_avslutt(innmelding=fosterhjem, behandlet=True, av=bufetat)
