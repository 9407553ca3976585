"""Synthetic identities for demo and benchmark data: names from short lists, valid DUF and fødselsnummer
computed here, households of every kind. Deterministic for a given seed."""

import random
from datetime import date, timedelta

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from imdinett.identitetsnummer import duf_kontrollsiffer
from imdinett.personer.models import Person

P = Person

NAVN = {
    "Syria": (
        ["Ahmad", "Omar", "Khaled", "Yusuf", "Rami", "Samir", "Hassan", "Karim", "Bassel", "Majd", "Tarek"],
        ["Layla", "Rania", "Nour", "Hiba", "Amira", "Dana", "Salma", "Yasmin", "Lina", "Ghada", "Reem"],
        ["Al-Hamid", "Haddad", "Khoury", "Nasser", "Sabbagh", "Darwish", "Mansour", "Aziz", "Hamdan"],
    ),
    "Afghanistan": (
        ["Ahmad", "Farid", "Jawad", "Nasir", "Rahim", "Sayed", "Zaker", "Mustafa", "Habib", "Wahid"],
        ["Fatima", "Mariam", "Parwana", "Shabnam", "Zahra", "Nargis", "Laleh", "Freshta", "Sima", "Roya"],
        ["Ahmadi", "Hashimi", "Karimi", "Noori", "Rahimi", "Sultani", "Wardak", "Popal", "Amiri"],
    ),
    "Eritrea": (
        ["Yonas", "Dawit", "Filmon", "Merhawi", "Robel", "Tesfay", "Semere", "Awet", "Henok"],
        ["Helen", "Luwam", "Selam", "Senait", "Winta", "Yordanos", "Saba", "Rahel", "Feven"],
        ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Tekle", "Berhane", "Ghebreyesus", "Asmerom"],
    ),
    "Ukraina": (
        ["Oleksandr", "Andrii", "Dmytro", "Serhii", "Taras", "Bohdan", "Mykola", "Yurii", "Vasyl", "Maksym"],
        ["Olena", "Iryna", "Kateryna", "Oksana", "Natalia", "Sofiia", "Yuliia", "Halyna", "Tetiana"],
        ["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Melnyk", "Kravchenko", "Boiko", "Lysenko"],
    ),
    "Somalia": (
        ["Abdi", "Mohamed", "Ali", "Hamza", "Ibrahim", "Abdirahman", "Yasin", "Guled"],
        ["Hodan", "Amina", "Sahra", "Ifrah", "Nimco", "Fadumo", "Hibo", "Ayan"],
        ["Warsame", "Hassan", "Abdullahi", "Farah", "Jama", "Osman", "Egal"],
    ),
    "Sudan": (
        ["Abdelrahman", "Mohanad", "Osman", "Elfatih", "Musa", "Adam", "Ismail"],
        ["Fatima", "Sara", "Mawada", "Hanan", "Samah", "Tasneem", "Aisha"],
        ["Elamin", "Abdalla", "Elbashir", "Idris", "Mahmoud", "Yagoub"],
    ),
    "Den demokratiske republikken Kongo": (
        ["Jean", "Patrick", "Emmanuel", "Didier", "Christian", "Joseph", "Espoir"],
        ["Grace", "Esther", "Chantal", "Furaha", "Neema", "Bora", "Solange"],
        ["Mukendi", "Kabila", "Bahati", "Mwamba", "Ilunga", "Kasongo", "Lukusa"],
    ),
}
# Mother tongues by nationality, the first the most common (the household shares one).
MORSMAAL = {
    "Syria": ["Arabisk", "Arabisk", "Arabisk", "Kurdisk"],
    "Afghanistan": ["Dari", "Dari", "Pashto"],
    "Eritrea": ["Tigrinja"],
    "Ukraina": ["Ukrainsk", "Ukrainsk", "Russisk"],
    "Somalia": ["Somali"],
    "Sudan": ["Arabisk"],
    "Den demokratiske republikken Kongo": ["Swahili", "Lingala", "Swahili"],
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
        """A birth date giving an age from `alder_fra` to `alder_til` (whole years) today."""
        return date.today() - timedelta(days=self.rnd.randint(alder_fra * 366 + 10, alder_til * 365 + 300))


def husstand_plan(gen: Generator, slag: str, land: str) -> list[dict]:
    """The members of one synthetic household of the given kind, as Person field values."""
    menn, kvinner, etternavn_liste = NAVN[land]
    etternavn = gen.rnd.choice(etternavn_liste)
    beskyttelse = P.Beskyttelse.KOLLEKTIV if land == "Ukraina" else P.Beskyttelse.INDIVIDUELL
    plan: list[dict] = []

    def person(kjonn, alder, persontype, relasjon="", plasstype=P.Plasstype.ORD) -> int:
        """Add a member; returns the age in whole years."""
        fodt = gen.fodt(*alder)
        brukt = {p["fornavn"] for p in plan}
        plan.append(
            {
                "fornavn": gen.rnd.choice([n for n in (menn if kjonn == "M" else kvinner) if n not in brukt]),
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
        return (date.today() - fodt).days // 366

    if slag == "familie":
        storrelse = gen.rnd.randint(2, 6)
        if storrelse == 2 and gen.rnd.random() < 0.5:  # a couple
            person("M", (25, 45), P.Persontype.FAMILIEMEDLEM, P.Relasjon.EKTEFELLE)
            person("K", (23, 43), P.Persontype.FAMILIEMEDLEM, P.Relasjon.EKTEFELLE)
        else:
            foreldre = 2 if storrelse > 2 and gen.rnd.random() < 0.8 else 1
            far = person("M", (28, 50), P.Persontype.FAMILIEMEDLEM, P.Relasjon.FAR) if foreldre == 2 else 99
            mor = person("K", (25, 47), P.Persontype.FAMILIEMEDLEM, P.Relasjon.MOR)
            eldste_barn = min(17, min(far, mor) - 19)  # a parent was at least 18 at the birth
            for _ in range(storrelse - foreldre):
                kjonn = gen.rnd.choice("MK")
                person(
                    kjonn,
                    (0, eldste_barn),
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
        person(gen.rnd.choice("MMMK"), (15, 16), P.Persontype.ENSLIG_MINDREAARIG, plasstype=P.Plasstype.EM)
    elif slag == "em_under_15":  # Bufetat's (seed 002)
        person(gen.rnd.choice("MK"), (12, 13), P.Persontype.ENSLIG_MINDREAARIG, plasstype=P.Plasstype.EM)
    elif slag == "em_folgeperson":
        person(gen.rnd.choice("MK"), (12, 16), P.Persontype.EM_MED_FOLGEPERSON, plasstype=P.Plasstype.EM)
        person(gen.rnd.choice("MK"), (20, 40), P.Persontype.FOLGEPERSON, P.Relasjon.ANNEN)
    return plan
