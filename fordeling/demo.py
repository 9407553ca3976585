"""Demo and benchmark data. It lives in `fordeling`, the app at the top of the dependency graph,
because the demo data of every other app is made here (ARCHITECTURE.md: imdinett.* never imports
mottak, kommune, innmelding or fordeling).

Everything is synthetic: names from short lists, valid DUF and fødselsnummer computed here,
e-mail addresses under example.org only.
"""

import base64
import random
import uuid
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import notat_opprett
from imdinett.kompetanse import services as kompetanse
from imdinett.kompetanse.models import Kilde
from imdinett.kompetanse.selectors import kartleggingsoppgaver
from imdinett.organisasjoner.models import Bruker, Kommune, Kontaktperson, Mottak, Organisasjon, Postnummer
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import krever_tofaktor
from imdinett.organisasjoner.services import DEMO_PASSORD, DEMO_TOTP_NOKKEL, bruker_sett_roller
from imdinett.personer import services as saker
from imdinett.personer.models import (
    Bosettingsinformasjon,
    Bosettingsmerknad,
    Bosettingssak,
    Bosettingssamtale,
    Husstand,
    Karriereveiledning,
    Person,
)
from imdinett.personer.validators import duf_kontrollsiffer
from kommune import services as anmodning_services
from kommune.models import Anmodning, AnmodningTall, Kategori, Vedtak, VedtakTall

from . import services as fordeling

# DEMO_PASSORD, and DEMO_TOTP_NOKKEL the authenticator key shared by the demo users who log in with a
# one-time code (README: add it to an authenticator app, or `make kode BRUKER=imdi`), are defined next to
# the login, which refuses both when debug is off.
P = Person
S = Bosettingssak.Status

NAVN = {
    "Syria": (
        ["Ahmad", "Omar", "Khaled", "Yusuf", "Rami", "Samir", "Hassan", "Karim"],
        ["Layla", "Rania", "Nour", "Hiba", "Amira", "Dana", "Salma", "Yasmin"],
        ["Al-Hamid", "Haddad", "Khoury", "Nasser", "Sabbagh", "Darwish", "Mansour"],
    ),
    "Afghanistan": (
        ["Ahmad", "Farid", "Jawad", "Nasir", "Rahim", "Sayed", "Zaker"],
        ["Fatima", "Mariam", "Parwana", "Shabnam", "Zahra", "Nargis", "Laleh"],
        ["Ahmadi", "Hashimi", "Karimi", "Noori", "Rahimi", "Sultani", "Wardak"],
    ),
    "Eritrea": (
        ["Yonas", "Dawit", "Filmon", "Merhawi", "Robel", "Tesfay"],
        ["Helen", "Luwam", "Selam", "Senait", "Winta", "Yordanos"],
        ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Tekle", "Berhane"],
    ),
    "Ukraina": (
        ["Oleksandr", "Andrii", "Dmytro", "Serhii", "Taras", "Bohdan", "Mykola"],
        ["Olena", "Iryna", "Kateryna", "Oksana", "Natalia", "Sofiia", "Yuliia"],
        ["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Melnyk", "Kravchenko"],
    ),
    "Somalia": (
        ["Abdi", "Mohamed", "Ali", "Hamza", "Ibrahim"],
        ["Hodan", "Amina", "Sahra", "Ifrah", "Nimco"],
        ["Warsame", "Hassan", "Abdullahi", "Farah", "Jama"],
    ),
}


class Generator:
    """Deterministic synthetic identities: unique DUF, valid fødselsnummer, plausible names."""

    def __init__(self, seed: int, duf_start: int = 1000):
        self.rnd = random.Random(seed)
        self.duf_teller = duf_start
        self.reg_teller = seed * 10_000
        self.fnr_brukt: set[str] = set()

    def duf(self, aar: int) -> str:
        self.duf_teller += 1
        forste = f"{aar}{self.duf_teller:06d}"
        return forste + duf_kontrollsiffer(forste)

    def reg_nr(self) -> str:
        self.reg_teller += 1
        return f"9{self.reg_teller:08d}"

    def fnr(self, fodt: date) -> str | None:
        """A D-nummer for some adults (most residents have none yet)."""
        if self.rnd.random() < 0.5:
            return None
        for _ in range(50):
            individ = self.rnd.randint(0, 499) if fodt.year < 2000 else self.rnd.randint(500, 999)
            forste = f"{fodt.day + 40:02d}{fodt.month:02d}{fodt.year % 100:02d}{individ:03d}"
            try:
                k1 = fodselsnummer.calc_check_digit1(forste)
                nummer = forste + k1 + fodselsnummer.calc_check_digit2(forste + k1)
                fodselsnummer.validate(nummer)
            except StdnumError:  # a check digit of 10, or a date out of range: try another
                continue
            if nummer not in self.fnr_brukt:
                self.fnr_brukt.add(nummer)
                return nummer
        return None

    def fodt(self, alder_fra: int, alder_til: int) -> date:
        idag = date(2026, 1, 1)
        return idag - timedelta(days=self.rnd.randint(alder_fra * 365 + 10, alder_til * 365 + 300))


def husstand_plan(gen: Generator, slag: str, land: str) -> list[dict]:
    """The members of one synthetic household of the given kind, as Person field values."""
    menn, kvinner, etternavn_liste = NAVN[land]
    etternavn = gen.rnd.choice(etternavn_liste)
    beskyttelse = P.Beskyttelse.KOLLEKTIV if land == "Ukraina" else P.Beskyttelse.INDIVIDUELL
    plan: list[dict] = []

    def person(kjonn, alder, persontype, relasjon="", plasstype=P.Plasstype.ORD, navn=None):
        fodt = gen.fodt(*alder)
        plan.append(
            {
                "fornavn": navn or gen.rnd.choice(menn if kjonn == "M" else kvinner),
                "etternavn": etternavn,
                "kjonn": kjonn,
                "fodselsdato": fodt,
                "persontype": persontype,
                "relasjon": relasjon,
                "statsborgerskap": land,
                "beskyttelse": beskyttelse,
                "plasstype": plasstype,
                "fodselsnummer": gen.fnr(fodt) if alder[0] >= 18 else None,
            }
        )

    if slag == "familie":
        storrelse = gen.rnd.randint(2, 6)
        if storrelse == 2 and gen.rnd.random() < 0.5:  # a couple
            person("M", (25, 45), P.Persontype.FAMILIEMEDLEM, P.Relasjon.EKTEFELLE)
            person("K", (23, 43), P.Persontype.FAMILIEMEDLEM, P.Relasjon.EKTEFELLE)
        else:
            foreldre = 2 if storrelse > 2 and gen.rnd.random() < 0.8 else 1
            if foreldre == 2:
                person("M", (28, 50), P.Persontype.FAMILIEMEDLEM, P.Relasjon.FAR)
            person("K", (25, 47), P.Persontype.FAMILIEMEDLEM, P.Relasjon.MOR)
            for _ in range(storrelse - foreldre):
                kjonn = gen.rnd.choice("MK")
                person(
                    kjonn,
                    (0, 17),
                    P.Persontype.FAMILIEMEDLEM,
                    P.Relasjon.SONN if kjonn == "M" else P.Relasjon.DATTER,
                )
    elif slag == "enslig":
        person(
            gen.rnd.choice("MMK"),
            (19, 55),
            P.Persontype.ENSLIG_VOKSEN,
            plasstype=gen.rnd.choice(
                [P.Plasstype.ORD] * 6 + [P.Plasstype.TILRETTELAGT, P.Plasstype.SAERSKILT_BO]
            ),
        )
    elif slag == "em":
        person(gen.rnd.choice("MMMK"), (15, 17), P.Persontype.ENSLIG_MINDREAARIG, plasstype=P.Plasstype.EM)
    elif slag == "em_folgeperson":
        person(gen.rnd.choice("MK"), (12, 17), P.Persontype.EM_MED_FOLGEPERSON, plasstype=P.Plasstype.EM)
        person(gen.rnd.choice("MK"), (20, 40), P.Persontype.FOLGEPERSON, P.Relasjon.ANNEN)
    return plan


# (status, kommune key, days since the case was opened); cycled over the households.
STATUSPLAN = [
    (None, None, 0),
    (S.OPPRETTET, None, 25),  # overdue
    (S.OPPRETTET, None, 4),
    (S.UNDER_KARTLEGGING, None, 9),
    (S.UNDER_KARTLEGGING, None, 18),  # overdue
    (S.FORDELINGSKLAR, None, 40),
    (S.FORDELINGSKLAR, None, 60),
    (S.FORDELT, "sortland", 70),
    (S.SOKT_UT, "sortland", 90),
    (S.BOSATT, "sortland", 150),
    (S.BOSETTINGSNEKT, "tromso", 120),
    (S.AVSLUTTET, None, 100),
    (S.FORDELT, "tromso", 75),
    (S.SOKT_UT, "tromso", 95),
    (S.OPPRETTET, None, 1),
    (S.FORDELINGSKLAR, None, 30),
]


def _bruker(
    username: str,
    fornavn: str,
    etternavn: str,
    organisasjon: Organisasjon | None,
    roller: set[Rolle],
    imdi: Bruker | None,
    **ekstra,
) -> Bruker:
    bruker, _ = Bruker.objects.update_or_create(
        username=username,
        defaults={
            "first_name": fornavn,
            "last_name": etternavn,
            "email": f"{username}@example.org",
            "organisasjon": organisasjon,
            "password": make_password(DEMO_PASSORD),
            "is_active": True,
            **ekstra,
        },
    )
    if organisasjon is not None:
        bruker_sett_roller(av=imdi or bruker, bruker=bruker, roller=roller)
    if krever_tofaktor(Bruker.objects.get(pk=bruker.pk)):
        TOTPDevice.objects.update_or_create(
            user=bruker,
            defaults={
                "name": "Demo",
                "key": base64.b32decode(DEMO_TOTP_NOKKEL).hex(),
                "confirmed": True,
                "last_t": -1,
            },
        )
    return bruker


def _mottak(navn, imdi_kode, udi_mot_id, kommunenummer, postnummer, adresse, telefon, kategori) -> Mottak:
    mottak, _ = Mottak.objects.update_or_create(
        imdi_kode=imdi_kode,
        defaults={
            "navn": navn,
            "udi_mot_id": udi_mot_id,
            "kategori": kategori,
            "vertskommune": Kommune.objects.get(nummer=kommunenummer),
            "telefon": telefon,
            "epost": f"{slug(navn)}@example.org",
            "postadresse": adresse,
            "postnummer": Postnummer.objects.get(pk=postnummer),
            "besoksadresse": adresse,
            "besoksadresse_postnummer": Postnummer.objects.get(pk=postnummer),
        },
    )
    return mottak


def slug(tekst: str) -> str:
    return tekst.lower().replace("å", "a").replace("ø", "o").replace("æ", "ae").replace(" ", ".")


def _kommunekontakt(
    nummer: str, postnummer: str, adresse: str, avdeling: str, navn: str, telefon: str
) -> Kommune:
    kommune = Kommune.objects.get(nummer=nummer)
    pn = Postnummer.objects.get(pk=postnummer)
    kommune.postadresse = adresse
    kommune.postnummer = pn
    kommune.epost = f"postmottak@{slug(kommune.navn)}.kommune.example.org"
    kommune.telefon = telefon
    kommune.flyktningkontor_avdeling = avdeling
    kommune.flyktningkontor_adresse = adresse
    kommune.flyktningkontor_postnummer = pn
    kommune.flyktningkontor_navn = navn
    kommune.flyktningkontor_telefon = telefon
    kommune.flyktningkontor_epost = f"flyktningtjenesten@{slug(kommune.navn)}.kommune.example.org"
    kommune.save()
    return kommune


def _opprett_husstander(
    gen: Generator, mottak: Mottak, slag_liste: list[tuple[str, str]]
) -> list[list[Person]]:
    husstander = []
    for slag, land in slag_liste:
        plan = husstand_plan(gen, slag, land)
        husstand = Husstand.objects.create(reg_nr=gen.reg_nr())
        aar = gen.rnd.choice([2024, 2025, 2026])
        husstander.append(
            [
                Person.objects.create(
                    duf_nummer=gen.duf(aar),
                    husstand=husstand,
                    mottak=mottak,
                    sakstype=P.Sakstype.MOTTAKSBEBOER,
                    **m,
                )
                for m in plan
            ]
        )
    return husstander


def _samtale(personer: list[Person], av: Bruker) -> None:
    """A completed interview with every mandatory answer: what a kommune will see at distribution."""
    for person in personer:
        voksen = person.alder() >= 18
        em = person.persontype in (P.Persontype.ENSLIG_MINDREAARIG, P.Persontype.EM_MED_FOLGEPERSON)
        tilrettelagt = person.plasstype == P.Plasstype.TILRETTELAGT
        svar = {
            "kompass_aarsak": "Vertskommunen gjennomfører kompetansekartlegging."
            if person.alder() >= 16
            else "",
            "har_venner_familie": False if voksen or em else None,
            "saerlig_hensyn": tilrettelagt,
            "saerlig_hensyn_beskrivelse": "Kan ikke gå i trapper; trenger bolig på bakkeplan."
            if tilrettelagt
            else "",
            "merknad_yrke": "Har arbeidet som snekker i seks år." if voksen else "",
        }
        if voksen and person.beskyttelse == P.Beskyttelse.KOLLEKTIV:
            svar |= {
                "kjaeledyr": True,
                "kjaeledyr_beskrivelse": "Katt",
                "hoyeste_utdanning": Bosettingssamtale.Utdanningsnivaa.VIDEREGAAENDE,
                "utdanning_fagfelt": "Elektrofag",
                "siste_yrke": "Elektriker",
                "engelsk": Bosettingssamtale.Spraknivaa.GODT,
                "forerkort": True,
                "forerkort_klasser": "B",
                "bil_i_norge": False,
            }
        if em:
            svar |= {
                "em_familie_i_norge": "Ingen kjent familie i Norge.",
                "em_utdanning": "Sju år grunnskole.",
                "em_selvstendighet": Bosettingssamtale.Selvstendighet.MIDDELS,
                "em_selvstendighet_begrunnelse": "Klarer daglige gjøremål, trenger hjelp med skole og økonomi.",
                "em_omsorgslosning": Bosettingssamtale.Omsorgslosning.DELVIS,
                "em_omsorgslosning_begrunnelse": "Trives sammen med jevnaldrende og trenger voksne tilgjengelig.",
            }
        if person.persontype == P.Persontype.EM_MED_FOLGEPERSON:
            svar["folgeperson_vurdering"] = "God og trygg tilknytning til følgepersonen."
        Bosettingssamtale.objects.create(person=person, endret_av=av, **svar)
        if voksen or em:
            Bosettingsmerknad.objects.create(
                person=person, tekst="Ønsker å bo nær kollektivtransport og idrettslag.", opprettet_av=av
            )


def _anmodninger(sortland: Kommune, tromso: Kommune, imdi: Bruker, idag: date) -> None:
    """This year's vedtak confirmed for Sortland and awaiting IMDi for Tromsø; next year's request
    to Sortland unanswered."""
    kommune = Bruker.objects.get(username="kommune")
    aar = idag.year
    for k, tall, svar, bekreft in [
        (
            sortland,
            {"voksne": 30, "em_15_18": 5, "em_under_15": 2},
            {"voksne": (25, "Begrenset tilgang på familieboliger")},
            True,
        ),
        (tromso, {"voksne": 60, "em_15_18": 10, "em_under_15": 4}, {}, False),
    ]:
        a = anmodning_services.anmodning_opprett(
            kommuner=[k], aar=[aar], tall=tall, svarfrist=idag - timedelta(days=200), av=imdi
        )[0]
        anmodning_services.anmodning_send(anmodning=a, av=imdi)
        bruker = kommune if k == sortland else Bruker.objects.get(username="tromso")
        vedtak = {kat: svar.get(kat, (antall, "")) for kat, antall in tall.items()}
        anmodning_services.vedtak_send(anmodning=a, aar=aar, tall=vedtak, av=bruker)
        if bekreft:
            anmodning_services.anmodning_bekreft(anmodning=a, av=imdi)
    neste = anmodning_services.anmodning_opprett(
        kommuner=[sortland],
        aar=[aar + 1],
        tall={"voksne": 30, "em_15_18": 6, "em_under_15": 2},
        svarfrist=idag + timedelta(days=20),
        av=imdi,
    )[0]
    anmodning_services.anmodning_send(anmodning=neste, av=imdi)


def _gi_status(personer: list[Person], status, dager: int, imdi: Bruker) -> None:
    """Bring a household's case up to `status` (at most fordelingsklar, or avsluttet) through the
    lifecycle service (events included)."""
    if status is None:
        return
    opprettet = timezone.now() - timedelta(days=dager)
    liste = saker.bosettingssak_opprett(personer=personer, av=imdi, opprettet=opprettet)
    if status == S.OPPRETTET:
        return
    liste = saker.bosettingssak_start_kartlegging(saker=liste, av=imdi)
    if status == S.UNDER_KARTLEGGING:
        return
    _samtale(personer, imdi)
    liste = saker.bosettingssak_ferdigstill(saker=liste, av=imdi)
    if status == S.AVSLUTTET:
        saker.bosettingssak_avslutt(saker=liste, grunn=Bosettingssak.Avslutningsgrunn.SELVBOSATT, av=imdi)


def _fordel(
    kommune: Kommune, husstander: list[tuple[list[Person], str]], imdi: Bruker, svarer: Bruker
) -> None:
    """Fordelt and later statuses go through real fordelingslister: one list the kommune has not
    answered («Ny»), one it has accepted (letters included); then some are settled or refuse."""
    idag = timezone.localdate()
    ny = [p for p, status in husstander if status == S.FORDELT]
    besvart = [(p, status) for p, status in husstander if status != S.FORDELT]
    for gruppe in (ny, [p for p, _ in besvart]):
        if not gruppe:
            continue
        liste = fordeling.fordelingsliste_lagre(
            kommune=kommune, husstander={p[0].husstand_id: None for p in gruppe}, av=imdi
        )
        fordeling.fordelingsliste_send(liste=liste, overskridelse_begrunnelse="Demodata", av=imdi)
        if gruppe is ny:
            continue
        uke = idag + timedelta(weeks=2)
        svar = {
            person.pk: {"bosettes": True, "begrunnelse": "", "forventet_uke": uke}
            for personer in gruppe
            for person in personer
        }
        fordeling.fordelingsliste_bekreft(liste=liste, svar=svar, av=svarer)
        fordeling.fordelingsliste_send_svar(liste=liste, av=svarer)
    for personer, status in besvart:
        sakene = list(Bosettingssak.objects.filter(person__in=personer))
        if status == S.BOSETTINGSNEKT:
            saker.bosettingssak_registrer_nekt(
                saker=sakene, dato=idag, merknad="Beboer ønsker ikke å flytte til kommunen.", av=imdi
            )
        elif status == S.BOSATT:
            saker.bosettingssak_registrer_utflyttet(personer=personer, dato=idag - timedelta(days=3), av=imdi)


@transaction.atomic
def seed_demo() -> dict:
    """The demo organisations, users and residents. Idempotent: users and roles are reset,
    residents are made once."""
    imdi_org = Organisasjon.objects.get(type=Organisasjon.Type.IMDI)
    bufetat_org = Organisasjon.objects.get(type=Organisasjon.Type.BUFETAT)
    haa = _mottak(
        "Hå asylmottak",
        "1125",
        "MOT001429",
        "1119",
        "4365",
        "Sandroen 2",
        "51436260",
        Mottak.Kategori.ORDINAERT,
    )
    toten = _mottak(
        "Toten asylmottak",
        "1207",
        "MOT001207",
        "3442",
        "2850",
        "Lenavegen 12",
        "61190000",
        Mottak.Kategori.ORDINAERT,
    )
    sortland = _kommunekontakt(
        "1870", "8400", "Postboks 117", "Flyktningtjenesten", "Kari Nordmann", "76109000"
    )
    tromso = _kommunekontakt(
        "5501", "9008", "Postboks 6900", "Flyktningtjenesten Tromsø", "Ola Nordmann", "77790000"
    )
    haa_kommune = Kommune.objects.get(nummer="1119")
    for type_, navn in [
        (Kontaktperson.Type.MOTTAKSADMINISTRATOR, "Morten Mottaksadministrator"),
        (Kontaktperson.Type.BOSETTINGSANSVARLIG, "Mona Mottaksansatt"),
    ]:
        Kontaktperson.objects.update_or_create(
            mottak=haa,
            type=type_,
            defaults={"navn": navn, "telefon": "51436260", "epost": f"{type_}.haa@example.org"},
        )

    admin = _bruker("admin", "Admin", "Superbruker", None, set(), None, is_superuser=True, is_staff=True)
    imdi = _bruker(
        "imdi", "Ingrid", "Saksbehandler", imdi_org, {Rolle.IMDI_SAKSBEHANDLER}, admin, is_staff=True
    )
    brukere = [
        ("mottak", "Mona", "Mottaksansatt", haa, {Rolle.MOTTAK_BOSETTINGSANSVARLIG}),
        ("mottakadmin", "Morten", "Mottaksadministrator", haa, {Rolle.MOTTAKSADMINISTRATOR}),
        ("kompass", "Kari", "Kompass", haa, {Rolle.MOTTAK_KOMPASS}),
        ("toten", "Tor", "Toten", toten, {Rolle.MOTTAK_BOSETTINGSANSVARLIG}),
        (
            "kommune",
            "Siri",
            "Sortland",
            sortland,
            {Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNEADMINISTRATOR},
        ),
        ("kommunelese", "Lars", "Leser", sortland, {Rolle.KOMMUNE_ANMODER_LES, Rolle.KOMMUNE_BOSETTER_LES}),
        ("tromso", "Trine", "Tromsø", tromso, {Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_SKRIV}),
        ("kartlegger", "Hanne", "Kartlegger", haa_kommune, {Rolle.KOMMUNE_KARTLEGGER}),
        ("bufetat", "Bjørn", "Bufetat", bufetat_org, {Rolle.BUFETAT_SAKSBEHANDLER}),
    ]
    for username, fornavn, etternavn, org, roller in brukere:
        _bruker(username, fornavn, etternavn, org, roller, imdi, is_staff=False, is_superuser=False)

    gen = Generator(seed=1119, duf_start=900_000)
    if Husstand.objects.filter(reg_nr=f"9{gen.reg_teller + 1:08d}").exists():
        return {"personer": Person.objects.count(), "ny": False}
    idag = timezone.localdate()
    land = ["Syria", "Afghanistan", "Eritrea", "Ukraina", "Somalia"]
    slag_liste = (
        [("familie", land[i % 5]) for i in range(16)]
        + [("enslig", land[(i + 2) % 5]) for i in range(22)]
        + [("em", land[i % 3]) for i in range(6)]
        + [("em_folgeperson", land[i % 2]) for i in range(3)]
    )
    gen.rnd.shuffle(slag_liste)
    til_kommune: dict[str, list] = {"sortland": [], "tromso": []}
    for i, personer in enumerate(_opprett_husstander(gen, haa, slag_liste)):
        status, kommune, dager = STATUSPLAN[i % len(STATUSPLAN)]
        if kommune:
            _gi_status(personer, S.FORDELINGSKLAR, dager, imdi)
            til_kommune[kommune].append((personer, status))
        else:
            _gi_status(personer, status, dager, imdi)
    gen_toten = Generator(seed=3442, duf_start=950_000)
    toten_husstander = _opprett_husstander(
        gen_toten, toten, [("familie", "Syria"), ("enslig", "Eritrea"), ("enslig", "Afghanistan")]
    )
    for personer, (status, dager) in zip(
        toten_husstander, [(S.OPPRETTET, 5), (S.FORDELINGSKLAR, 30), (None, 0)], strict=True
    ):
        _gi_status(personer, status, dager, imdi)
    _anmodninger(sortland, tromso, imdi, idag)
    for noekkel, kommune, svarer in [("sortland", sortland, "kommune"), ("tromso", tromso, "tromso")]:
        _fordel(kommune, til_kommune[noekkel], imdi, Bruker.objects.get(username=svarer))
    _personmappe(sortland, Bruker.objects.get(username="kommune"), idag)
    _kompetanse(
        sortland, haa, Bruker.objects.get(username="kartlegger"), Bruker.objects.get(username="kompass")
    )
    return {"personer": Person.objects.count(), "ny": True}


def _kompetanse(kommune: Kommune, haa: Mottak, kartlegger: Bruker, kompass: Bruker) -> None:
    """A completed mapping in Sortland's søkt-ut folder; at Hå one self-registration and one mapping under way."""

    def rad(**felt) -> list:
        return [(str(uuid.uuid4()), felt)]

    sokt_ut = Person.objects.filter(bosettingssak__kommune=kommune, bosettingssak__status=S.SOKT_UT).first()
    if sokt_ut is not None:
        kompetanse.kartlegging_lagre(
            person=sokt_ut,
            kilde=Kilde.KARTLEGGING,
            organisasjon=sokt_ut.mottak.vertskommune,
            data={
                "gjennomforing": "intervju_tolk",
                "tolkesprak": "Arabisk",
                "forerkort": True,
                "forerkort_klasser": "B",
                "regneferdigheter": "godt",
                "digitale_ferdigheter": "middels",
                "yrkesonsker": "Sveiser med fagbrev",
                "merknad_yrke": "Viste bilder av sveisearbeid; virker svært erfaren.",
            },
            rader={
                "sprak": rad(
                    sprak="Arabisk", morsmaal=True, tale="svaert_godt", lese="svaert_godt", skrive="godt"
                )
                + rad(sprak="Engelsk", morsmaal=False, tale="middels", lese="daarlig", skrive="daarlig")
                + rad(sprak="Norsk", morsmaal=False, tale="daarlig", lese="ukjent", skrive="ukjent"),
                "utdanning": rad(
                    nivaa="videregaaende",
                    fagfelt="Mekaniske fag",
                    antall_aar=3,
                    land="Syria",
                    fullfort=True,
                    dokumentasjon="delvis",
                ),
                "arbeid": rad(
                    yrke="Sveiser", antall_aar=12, land="Syria", beskrivelse="Sveising av stålkonstruksjoner"
                ),
            },
            av=kartlegger,
        )
        kompetanse.kartlegging_ferdigstill(person=sokt_ut, kilde=Kilde.KARTLEGGING, av=kartlegger)
    venter = list(kartleggingsoppgaver(kartlegger)[:2])
    if len(venter) == 2:
        selvreg, under_arbeid = venter
        kompetanse.engangskode_generer(person=selvreg, mottak=haa, av=kompass)
        kompetanse.selvregistrering_lagre(
            person=selvreg,
            data={
                "interesser": "Fotball og matlaging",
                "yrkesonsker": "Kokk",
                "digitale_ferdigheter": "godt",
            },
            rader={
                "sprak": rad(sprak="Tigrinja", morsmaal=True, tale="svaert_godt", lese="godt", skrive="godt"),
                "arbeid": rad(yrke="Kokk", antall_aar=4, land="Etiopia"),
            },
        )
        kompetanse.kartlegging_lagre(
            person=under_arbeid,
            kilde=Kilde.KARTLEGGING,
            organisasjon=haa.vertskommune,
            data={"gjennomforing": "intervju"},
            rader={"sprak": rad(sprak="Dari", morsmaal=True, tale="godt", lese="middels", skrive="daarlig")},
            av=kartlegger,
        )


def _personmappe(kommune: Kommune, skriver: Bruker, idag: date) -> None:
    """Something in every section of one søkt-ut folder, a note on it, and feedback on a settled person."""
    sokt_ut = Person.objects.filter(bosettingssak__kommune=kommune, bosettingssak__status=S.SOKT_UT).first()
    if sokt_ut is not None:
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
            dato=idag - timedelta(days=20),
            veileder="Karriere Vest",
            notat="Har lang erfaring som sveiser og ønsker å ta fagbrev i Norge.",
        )
        notat_opprett(
            av=skriver,
            tittel="Befaring av bolig",
            omraade=Omraade.BOSETTING,
            tekst="Boligen i sentrum er vurdert og passer familien.",
            organisasjon=kommune,
            personer=[sokt_ut],
        )
    bosatt = Person.objects.filter(bosettingssak__kommune=kommune, bosettingssak__status=S.BOSATT).first()
    if bosatt is not None:
        fordeling.tilbakemelding_registrer(
            kommune=kommune,
            person_id=bosatt.pk,
            kategori="mottak",
            mangler=["kjaeledyr"],
            tekst="Familien hadde en katt som ikke var nevnt i kartleggingen.",
            av=skriver,
        )


NASJONAL_STATUS = [  # (status, weight): a year's flow, most cases already settled
    (None, 8),
    (S.OPPRETTET, 6),
    (S.UNDER_KARTLEGGING, 6),
    (S.FORDELINGSKLAR, 12),
    (S.FORDELT, 4),
    (S.SOKT_UT, 8),
    (S.BOSATT, 50),
    (S.BOSETTINGSNEKT, 1),
    (S.AVSLUTTET, 5),
]
NASJONAL_SLAG = [("familie", 40), ("enslig", 45), ("em", 10), ("em_folgeperson", 5)]


def _vektet(rnd: random.Random, valg: list[tuple]) -> object:
    return rnd.choices([v for v, _ in valg], weights=[w for _, w in valg])[0]


@transaction.atomic
def seed_national(antall_mottak: int = 100, antall_personer: int = 40_000) -> str:
    """National volume for benchmarks: ~100 mottak and ~40,000 persons with cases in every status,
    written in bulk (no events: this is load, not history)."""
    if Mottak.objects.filter(imdi_kode__startswith="N").count() >= antall_mottak:
        return "Nasjonale data finnes allerede."
    gen = Generator(seed=2024, duf_start=100_000)
    rnd = gen.rnd
    kommuner = list(Kommune.objects.filter(overordnet__isnull=True))
    postnr = {}
    for pn in Postnummer.objects.order_by("nummer"):
        postnr.setdefault(pn.kommunenummer, pn)
    kategorier = [
        (Mottak.Kategori.ORDINAERT, 70),
        (Mottak.Kategori.EM, 10),
        (Mottak.Kategori.INTEGRERING, 8),
        (Mottak.Kategori.AKUTT, 6),
        (Mottak.Kategori.TILRETTELAGT, 3),
        (Mottak.Kategori.SAERSKILT_BO, 2),
        (Mottak.Kategori.SAERSKILT_PLEIE, 1),
    ]
    alle_mottak = []
    for i in range(antall_mottak):
        kommune = rnd.choice(kommuner)
        alle_mottak.append(
            Mottak.objects.create(
                navn=f"{kommune.navn} mottak {i + 1}",
                imdi_kode=f"N{i + 1:04d}",
                udi_mot_id=f"MOTN{i + 1:05d}",
                kategori=_vektet(rnd, kategorier),
                vertskommune=kommune,
                epost=f"mottak{i + 1}@example.org",
                postadresse="Mottaksveien 1",
                postnummer=postnr.get(kommune.nummer),
            )
        )
    planer = []
    totalt = 0
    while totalt < antall_personer:
        plan = husstand_plan(gen, _vektet(rnd, NASJONAL_SLAG), rnd.choice(list(NAVN)))
        planer.append(plan)
        totalt += len(plan)
    husstander = Husstand.objects.bulk_create([Husstand(reg_nr=f"8{i:08d}") for i in range(len(planer))])
    personer, husstand_av = [], []
    for plan, husstand in zip(planer, husstander, strict=True):
        mottak = rnd.choice(alle_mottak)
        for m in plan:
            personer.append(
                Person(
                    duf_nummer=gen.duf(rnd.choice([2024, 2025, 2026])),
                    husstand=husstand,
                    mottak=mottak,
                    sakstype=P.Sakstype.MOTTAKSBEBOER,
                    **m,
                )
            )
            husstand_av.append(husstand.pk)
    Person.objects.bulk_create(personer, batch_size=5000)
    naa = timezone.now()
    idag = timezone.localdate()
    saker_ = []
    status_for = {h.pk: _vektet(rnd, NASJONAL_STATUS) for h in husstander}
    kommune_for = {h.pk: rnd.choice(kommuner) for h in husstander}
    for person, husstand_id in zip(personer, husstand_av, strict=True):
        status = status_for[husstand_id]
        if status is None:
            continue
        opprettet = naa - timedelta(days=rnd.randint(1, 300))
        sak = Bosettingssak(
            person=person, status=status, opprettet=opprettet, frist=Bosettingssak.frist_for(opprettet)
        )
        if status not in (S.OPPRETTET, S.UNDER_KARTLEGGING):
            sak.fordelingsklar_fra = opprettet + timedelta(days=10)
        if status in (S.FORDELT, S.SOKT_UT, S.BOSATT, S.BOSETTINGSNEKT):
            sak.kommune = kommune_for[husstand_id]
        if status in (S.SOKT_UT, S.BOSETTINGSNEKT):
            sak.forventet_uke = idag + timedelta(days=7 * rnd.randint(1, 8) - idag.weekday())
        if status == S.BOSATT:
            sak.bosettingsdato = idag - timedelta(days=rnd.randint(0, 300))
            person.mottak = None
        if status == S.AVSLUTTET:
            sak.avslutningsgrunn = Bosettingssak.Avslutningsgrunn.UTREIST
        saker_.append(sak)
    Bosettingssak.objects.bulk_create(saker_, batch_size=5000)
    Person.objects.bulk_update([p for p in personer if p.mottak is None], ["mottak"], batch_size=5000)
    Person.objects.filter(mottak__isnull=True, husstand__reg_nr__startswith="8").update(plasstype="")
    _nasjonale_anmodninger(kommuner, rnd, naa)
    return (
        f"Nasjonale data: {antall_mottak} mottak, {len(personer)} personer, {len(saker_)} bosettingssaker, "
        f"anmodning og vedtak for {len(kommuner)} kommuner."
    )


def _nasjonale_anmodninger(kommuner: list[Kommune], rnd: random.Random, naa) -> None:
    """This year's anmodning to every kommune, each answered with a confirmed vedtak."""
    aar = timezone.localdate(naa).year
    anmodninger = Anmodning.objects.bulk_create(
        [
            Anmodning(
                kommune=k, status=Anmodning.Status.BEKREFTET, svarfrist=date(aar, 1, 31), sendt=naa, svart=naa
            )
            for k in kommuner
        ]
    )
    tall, vedtak_tall = [], []
    vedtak = Vedtak.objects.bulk_create(
        [Vedtak(anmodning=a, aar=aar, status=Vedtak.Status.BEKREFTET) for a in anmodninger]
    )
    for a, v in zip(anmodninger, vedtak, strict=True):
        for kategori, maks in [(Kategori.VOKSNE, 120), (Kategori.EM_15_18, 12), (Kategori.EM_UNDER_15, 4)]:
            antall = rnd.randint(0, maks)
            tall.append(AnmodningTall(anmodning=a, aar=aar, kategori=kategori, antall=antall))
            vedtak_tall.append(
                VedtakTall(vedtak=v, kategori=kategori, antall=rnd.randint(antall // 2, antall))
            )
    AnmodningTall.objects.bulk_create(tall)
    VedtakTall.objects.bulk_create(vedtak_tall)
