"""The demo's people and their histories: Hå asylmottak's and Toten's residents, overføringsflyktninger,
privatboende, an AMOT resident and a person in an institution, each household with a story told at the days it
happened (utvikling.tid) through the apps' demo modules — the mottak's interview, the kommune's lists, its
settlements — and what IMDi, the kommune and the kartlegger add to the folders."""

import uuid
from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from fordeling import demo as fordeling_demo
from imdinett.hendelser.models import Omraade, Varsel
from imdinett.hendelser.services import notat_opprett, varsel_marker_lest
from imdinett.kompetanse import services as kompetanse
from imdinett.kompetanse.models import Kilde
from imdinett.kompetanse.selectors import kartleggingsoppgaver
from imdinett.organisasjoner.models import Bruker, Kommune, Mottak
from imdinett.personer.models import (
    SAMTALE_AAPEN,
    Bosettingsinformasjon,
    Bosettingssak,
    Husstand,
    Karriereveiledning,
    Person,
)
from imdinett.uker import mandag
from mottak import demo as mottak_demo
from mottak import services as mottak_services

from .bakgrunn import Bakgrunn, aar_tekst, bakgrunn, bosettingsmerknad, kompetanserader, morsmaal, samtalesvar
from .identiteter import MORSMAAL, Generator, husstand_plan
from .tid import Klokke

P = Person
Saksstatus = Bosettingssak.Status
LAND = list(MORSMAAL)

# Hå asylmottak's households, cycled: (status, kommune, how the distribution ends, days since the case opened).
# A distributed household is fordelingsklar first; fordeling.demo tells the rest of its story.
HISTORIER = [
    (None, None, "", 0),
    (Saksstatus.OPPRETTET, None, "", 25),  # the interview overdue
    (Saksstatus.OPPRETTET, None, "", 4),
    (Saksstatus.UNDER_KARTLEGGING, None, "", 9),
    (Saksstatus.UNDER_KARTLEGGING, None, "", 18),  # overdue
    (Saksstatus.FORDELINGSKLAR, None, "", 40),
    (Saksstatus.FORDELINGSKLAR, None, "", 62),
    (Saksstatus.FORDELINGSKLAR, "sortland", "fordelt", 45),
    (Saksstatus.FORDELINGSKLAR, "sortland", "sokt_ut", 70),
    (Saksstatus.FORDELINGSKLAR, "sortland", "bosatt", 150),
    (Saksstatus.FORDELINGSKLAR, "tromso", "nekt", 120),
    (Saksstatus.AVSLUTTET, None, "", 100),
    (Saksstatus.FORDELINGSKLAR, "tromso", "fordelt", 50),
    (Saksstatus.FORDELINGSKLAR, "tromso", "sokt_ut", 95),
    (Saksstatus.OPPRETTET, None, "", 1),
    (Saksstatus.FORDELINGSKLAR, "sortland", "avslaatt", 110),
]
UTFALL = ("bosatt", "nekt", "avslaatt", "venter_dato", "sokt_ut", "fordelt")


class Befolkning:
    """The people, their backgrounds and what becomes of them; `fordel` hands the distributed to the kommuner."""

    def __init__(self, brukere: dict[str, Bruker], klokke: Klokke):
        self.gen = Generator(seed=1119, duf_start=900_000)
        self.brukere = brukere
        self.klokke = klokke
        self.bakgrunn: dict[int, Bakgrunn] = {}
        self.fordeles: dict[str, dict[str, list]] = {
            "sortland": defaultdict(list),
            "tromso": defaultdict(list),
        }

    def husstander(self, slag_liste, *, mottak=None, sakstype=P.Sakstype.MOTTAKSBEBOER, adresse="") -> list:
        """Create households of the given (kind, nationality), each with one mother tongue."""
        ut = []
        for slag, land in slag_liste:
            husstand = Husstand.objects.create(reg_nr=self.gen.reg_nr())
            tunge = morsmaal(self.gen, land)
            personer = []
            for felt in husstand_plan(self.gen, slag, land):
                person = Person.objects.create(
                    duf_nummer=self.gen.duf(self.gen.rnd.choice([2024, 2025, 2026])),
                    husstand=husstand,
                    mottak=mottak,
                    sakstype=sakstype,
                    adresse=adresse,
                    **felt | ({} if mottak else {"plasstype": ""}),
                )
                self.bakgrunn[person.pk] = bakgrunn(self.gen, person, tunge, person.alder())
                personer.append(person)
            ut.append(personer)
        return ut

    def historie(
        self, personer, status, dager: int, ansatt: Bruker, *, kommune=None, utfall="", kartlegg=False
    ):
        """One household's story: its interview (answers from who they are) and, for the distributed, its
        place in the kommune's lists. `kartlegg`: the vertskommune maps the adults' competence before the
        interview is completed, so no Kompass reason is given."""
        idag = timezone.localdate() - timedelta(days=dager)
        svar, merknader = {}, {}
        for person in personer:
            b = self.bakgrunn[person.pk]
            svar[person.pk] = samtalesvar(self.gen, person, b, person.alder(), idag)
            if "merknad_sprak" in svar[person.pk]:
                merknader[person.pk] = bosettingsmerknad(self.gen, person)
            if kartlegg and person.alder() >= 16 and status not in (None, Saksstatus.OPPRETTET):
                for felt in ("kompass_aarsak", "kompass_aarsak_merknad"):
                    svar[person.pk].pop(felt, None)
                with self.klokke.paa(max(dager - 6, 0)):
                    self.kartlegg(person, ferdig=True)
        mottak_demo.gi_status(
            personer,
            status,
            dager,
            self.klokke.paa,
            imdi=self.brukere["imdi"],
            ansatt=ansatt,
            svar=svar,
            merknader=merknader,
        )
        if kommune:
            self.fordeles[kommune][utfall].append(personer)

    def kartlegg(self, person: Person, *, ferdig: bool) -> None:
        """The kartlegger's mapping from the person's background (completed, or begun with the language)."""
        b = self.bakgrunn[person.pk]
        rader = kompetanserader(b, person.statsborgerskap)
        if not ferdig:
            rader = {"sprak": rader["sprak"][:1]}
        kartlegger = self.brukere["kartlegger"]
        kompetanse.kartlegging_lagre(
            person=person,
            kilde=Kilde.KARTLEGGING,
            organisasjon=kartlegger.organisasjon,
            data={
                "gjennomforing": "intervju_tolk",
                "tolkesprak": b.morsmaal,
                "forerkort": b.forerkort,
                "forerkort_klasser": "B" if b.forerkort else "",
                "yrkesonsker": b.yrke.navn if b.yrke else "",
                "merknad_yrke": f"Fortalte engasjert om {aar_tekst(b.aar_i_arbeid)} som {b.yrke.navn.lower()} i {b.by}."
                if b.yrke
                else "",
                "regneferdigheter": "godt" if b.skoleaar >= 9 else "middels",
                "digitale_ferdigheter": "godt" if b.nivaa in ("hoyere", "videregaaende") else "daarlig",
                "ingen_arbeidserfaring": b.yrke is None,
            },
            rader={navn: [(str(uuid.uuid4()), rad) for rad in liste] for navn, liste in rader.items()},
            av=kartlegger,
        )
        if ferdig:
            kompetanse.kartlegging_ferdigstill(person=person, kilde=Kilde.KARTLEGGING, av=kartlegger)

    def mottaksbeboere(self, haa: Mottak, toten: Mottak) -> None:
        slag_liste = (
            [("familie", LAND[i % 7]) for i in range(16)]
            + [("enslig", LAND[(i + 2) % 7]) for i in range(22)]
            + [("em", LAND[i % 3]) for i in range(6)]
            + [("em_folgeperson", LAND[i % 2 + 1]) for i in range(3)]
            + [("em_under_15", "Afghanistan")]
        )
        self.gen.rnd.shuffle(slag_liste)
        for i, personer in enumerate(self.husstander(slag_liste, mottak=haa)):
            status, kommune, utfall, dager = HISTORIER[i % len(HISTORIER)]
            # Later rounds a few days apart; open interviews barely, so only the planned ones are overdue.
            dager += (i // len(HISTORIER)) * (1 if status in SAMTALE_AAPEN else 6)
            self.historie(
                personer,
                status,
                dager,
                self.brukere["mottak"],
                kommune=kommune,
                utfall=utfall,
                kartlegg=i % 4 == 0,
            )
        toten_husstander = self.husstander(
            [("familie", "Syria"), ("enslig", "Eritrea"), ("enslig", "Afghanistan")], mottak=toten
        )
        for personer, (status, dager) in zip(
            toten_husstander,
            [(Saksstatus.OPPRETTET, 5), (Saksstatus.FORDELINGSKLAR, 30), (None, 0)],
            strict=True,
        ):
            self.historie(personer, status, dager, self.brukere["toten"])

    def utenfor_mottak(self, sortland: Kommune) -> Person:
        """Persons IMDi interviews itself: overføringsflyktninger (with the window UDI and IOM can organise the
        journey in), privatboende and an institusjon resident — and an AMOT resident in Sortland, whom the
        kommune reports as a bestemt person. Returns the AMOT resident."""
        imdi = self.brukere["imdi"]
        idag = timezone.localdate()
        overforte = self.husstander(
            [("familie", "Den demokratiske republikken Kongo"), ("familie", "Syria"), ("enslig", "Sudan")],
            sakstype=P.Sakstype.OVERFORINGSFLYKTNING,
            adresse="Kakuma flyktningleir, Kenya",
        )
        for personer, (kommune, utfall, dager) in zip(
            overforte, [(None, "", 35), ("sortland", "sokt_ut", 80), ("tromso", "fordelt", 48)], strict=True
        ):
            self.historie(personer, Saksstatus.FORDELINGSKLAR, dager, imdi, kommune=kommune, utfall=utfall)
            Bosettingssak.objects.filter(person__in=personer).update(
                forste_mulige_uke=mandag(idag + timedelta(weeks=1)),
                siste_mulige_uke=mandag(idag + timedelta(weeks=12)),
            )
            Bosettingsinformasjon.objects.create(
                person=personer[0],
                sosial_informasjon=f"Husstanden har bodd i leiren i {4 + len(personer)} år. UNHCR beskriver "
                "husstanden som ressurssterk; barna har gått på leirskolen.",
                tilknyttede_saker=f"Slekt i samme uttak: Reg-nr. {self.gen.reg_nr()} (søkt bosatt samme sted).",
            )
        privat = self.husstander(
            [("familie", "Eritrea"), ("enslig", "Somalia")],
            sakstype=P.Sakstype.PRIVATBOENDE,
            adresse="Kirkegata 14, 8400 Sortland",
        )
        self.historie(
            privat[0], Saksstatus.FORDELINGSKLAR, 100, imdi, kommune="sortland", utfall="venter_dato"
        )
        self.historie(privat[1], Saksstatus.FORDELINGSKLAR, 130, imdi, kommune="sortland", utfall="bosatt")
        (institusjon,) = self.husstander(
            [("enslig", "Syria")], sakstype=P.Sakstype.INSTITUSJON, adresse="Sunnaas sykehus, Nesoddtangen"
        )
        self.historie(institusjon, Saksstatus.FORDELINGSKLAR, 55, imdi)
        (amot,) = self.husstander(
            [("enslig", "Afghanistan")], sakstype=P.Sakstype.AMOT, adresse="Strandgata 3, 8400 Sortland"
        )
        self.historie(amot, Saksstatus.FORDELINGSKLAR, 38, imdi)
        return amot[0]

    def fordel(self, kommuner: dict[str, Kommune], svarere: dict[str, Bruker]) -> None:
        for noekkel, kommune in kommuner.items():
            husstander = {utfall: self.fordeles[noekkel][utfall] for utfall in UTFALL}
            fordeling_demo.fordel(
                kommune, husstander, self.brukere["imdi"], svarere[noekkel], self.klokke.paa
            )

    def mottakets_merknader(self, haa: Mottak) -> None:
        """A behandler while an interview is open, a function report for a særskilt-bo resident, and an internal
        note sent to IMDi after completion (seed 001, seed 003 §2.5)."""
        ansatt = self.brukere["mottak"]
        aapen = Person.objects.filter(mottak=haa, bosettingssak__status=Saksstatus.UNDER_KARTLEGGING).first()
        with self.klokke.paa(6):
            mottak_services.behandler_opprett(
                person=aapen,
                navn="Dr. Ingrid Time",
                virksomhet="Hå legesenter",
                adresse="Postvegen 1, 4360 Varhaug",
                telefon="51430000",
                av=ansatt,
            )
        saerskilt = Person.objects.filter(mottak=haa, plasstype__in=["SBO", "SPO"]).first()
        with self.klokke.paa(20):
            mottak_services.funksjonsrapport_registrer(
                person=saerskilt,
                dato=timezone.localdate(),
                ingen_endring=False,
                merknad="Trenger nå hjelp til morgenstell; hjemmesykepleien er koblet inn.",
                av=ansatt,
            )
        klar = next(  # a woman of an age to expect a child
            p
            for p in Person.objects.filter(
                mottak=haa, kjonn="K", bosettingssak__status=Saksstatus.FORDELINGSKLAR
            )
            if 20 <= p.alder() <= 42
        )
        with self.klokke.paa(8):
            mottak_services.intern_merknad_opprett(
                person=klar,
                tittel="Venter barn",
                melding="Termin i mars. Bør bosettes i bolig med plass til barnevogn og nær helsestasjon.",
                av=ansatt,
            )
            mottak_services.intern_merknad_varsle_imdi(person=klar, av=ansatt)

    def kompetanse(self, haa: Mottak) -> None:
        """At Hå, one self-registration (with a one-time code from Kompass) and one mapping under way."""
        venter = [p for p in kartleggingsoppgaver(self.brukere["kartlegger"]) if p.alder() >= 18][:2]
        if len(venter) < 2:
            return
        selvreg, under_arbeid = venter
        with self.klokke.paa(3):
            kompetanse.engangskode_generer(person=selvreg, mottak=haa, av=self.brukere["kompass"])
            b = self.bakgrunn[selvreg.pk]
            rader = kompetanserader(b, selvreg.statsborgerskap)
            kompetanse.selvregistrering_lagre(
                person=selvreg,
                data={"interesser": "Fotball og matlaging", "yrkesonsker": b.yrke.navn if b.yrke else ""},
                rader={navn: [(str(uuid.uuid4()), rad) for rad in liste] for navn, liste in rader.items()},
            )
        with self.klokke.paa(1):
            self.kartlegg(under_arbeid, ferdig=False)

    def personmappe(self, kommune: Kommune, skriver: Bruker) -> None:
        """IMDi's Bosettingsinformasjon and career guidance, and the kommune's note, in one søkt-ut folder."""
        sokt_ut = (
            Person.objects.filter(
                bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.SOKT_UT, mottak__isnull=False
            )
            .order_by("fodselsdato")
            .first()
        )
        b = self.bakgrunn[sokt_ut.pk]
        with self.klokke.paa(14):
            Bosettingsinformasjon.objects.create(
                person=sokt_ut,
                telefon="+47 400 12 345",
                veiledende_kommune=kommune,
                veiledende_merknad="Søster bor i kommunen.",
                familiemerknad="Familien ønsker å bo nær skole for barna.",
                helseinfo="Trenger bolig uten trapper (kneskade).",
            )
            Karriereveiledning.objects.create(
                person=sokt_ut,
                dato=timezone.localdate() - timedelta(days=6),
                veileder="Karriere Vest",
                notat=(
                    f"Har {b.aar_i_arbeid} års erfaring som {b.yrke.navn.lower()} og vil ha norsk godkjenning."
                    if b.yrke
                    else "Har ikke yrkeserfaring ennå; ønsker grunnskole for voksne og deretter fagbrev."
                ),
            )
        with self.klokke.paa(9):
            notat_opprett(
                av=skriver,
                tittel="Befaring av bolig",
                omraade=Omraade.BOSETTING,
                tekst="Boligen i sentrum er vurdert og passer familien.",
                organisasjon=kommune,
                personer=[sokt_ut],
            )

    def les_gamle_varsler(self, brukere) -> None:
        """The demo users have read their notices older than a week (a real inbox is not months unread)."""
        grense = timezone.now() - timedelta(days=7)
        for bruker in brukere:
            if bruker.organisasjon_id:
                varsler = Varsel.objects.filter(organisasjon_id=bruker.organisasjon_id, opprettet__lt=grense)
                varsel_marker_lest(bruker=bruker, varsler=varsler)
