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
Bolig = Innmelding.Boligtype
Tiltak = Innmelding.EmTiltak
Alder = Innmelding.EmAlder

# (sent days ago, kommune, type, ready in weeks, fields, what became of it: (days ago, how, text) or None).
INNMELDINGER = [
    (5, "sortland", Type.LEDIG_BOLIG, 4, {"boligtype": Bolig.FAMILIEBOLIG, "antall": 5,
     "merknad": "Fire soverom i Sigerfjord, ti minutter fra skole og barnehage."}, None),
    (2, "sortland", Type.LEDIG_BOLIG, 6, {"boligtype": Bolig.EM_TILTAK, "em_tiltak": Tiltak.FOSTERHJEM,
     "em_alder": Alder.UNDER_15, "antall": 1, "merknad": "Godkjent fosterhjem med erfaring fra barnevernet."},
     None),
    (3, "tromso", Type.ANTALL_PLASSER, 3, {"antall": 12}, None),
    (12, "sortland", Type.BESTEMT_PERSON, 2, {"tilknytning": Innmelding.Tilknytning.AMOT,
     "merknad": "Har bodd på alternativ mottaksplass i kommunen i et halvt år og har fått jobbtilbud her."},
     (10, "svar", "Vi setter husstanden på neste fordelingsliste til Sortland.")),
    (40, "sortland", Type.ANTALL_PLASSER, 2, {"antall": 8}, (38, "behandlet", "")),
    (33, "tromso", Type.LEDIG_BOLIG, 3, {"boligtype": Bolig.BOFELLESSKAP, "antall": 3, "saerlig_hensyn": True,
     "saerlig_hensyn_beskrivelse": "Heis og bad tilpasset rullestol."},
     (30, "avslaatt", "Ingen fordelingsklare voksne som ønsker bofellesskap i Nord-Norge nå.")),
    (21, "sortland", Type.LEDIG_BOLIG, 2, {"boligtype": Bolig.EM_TILTAK, "em_tiltak": Tiltak.HYBEL,
     "em_alder": Alder.FRA_15, "antall": 2}, (19, "kansellert", "Hybelen ble leid ut til en lærling.")),
    (60, "tromso", Type.LEDIG_BOLIG, 2, {"boligtype": Bolig.EM_TILTAK, "em_tiltak": Tiltak.BOFELLESSKAP_DOGN,
     "em_alder": Alder.UNDER_15, "antall": 2}, (52, "behandlet", "")),
]  # fmt: skip


def innmeldinger(
    kommuner: dict[str, tuple[Kommune, Bruker]], *, imdi: Bruker, bufetat: Bruker, amot: Person, paa
) -> None:
    """The kommuner's notices ({key: (kommune, the user who sends)}): IMDi's and Bufetat's queues hold work,
    and the kommune's lists show every status (seed 002 «Innmeldinger»). The bestemt person is `amot`."""
    for sendt, noekkel, type_, uker, felt, utfall in INNMELDINGER:
        kommune, sender = kommuner[noekkel]
        with paa(sendt):
            innmelding = services.innmelding_send(
                kommune=kommune,
                type=type_,
                forventet_uke=timezone.localdate() + timedelta(weeks=uker),
                av=sender,
                **felt | ({"person": amot} if type_ == Type.BESTEMT_PERSON else {}),
            )
        if utfall is None:
            continue
        dager, hvordan, tekst = utfall
        behandler = bufetat if innmelding.mottaker == Innmelding.Mottaker.BUFETAT else imdi
        with paa(dager):
            if hvordan == "kansellert":
                services.innmelding_kanseller(innmelding=innmelding, begrunnelse=tekst, av=sender)
                continue
            services.innmelding_ta(innmelding=innmelding, av=behandler)
            if hvordan == "svar":
                services.innmelding_svar(innmelding=innmelding, svar=tekst, av=behandler)
            else:
                services.innmelding_avslutt(
                    innmelding=innmelding, behandlet=hvordan == "behandlet", begrunnelse=tekst, av=behandler
                )
