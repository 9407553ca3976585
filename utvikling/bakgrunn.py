"""Who the demo's people were before they came, and what they tell the mottak: education and work that fit the
age, a mother tongue of the nationality, and interview answers, notes and competence rows that agree with each
other and vary from person to person. Deterministic for a given generator (utvikling.identiteter)."""

from dataclasses import dataclass
from datetime import timedelta

from imdinett.personer.models import Bosettingssamtale, Person
from imdinett.uker import mandag, uke_tekst

from .identiteter import MORSMAAL, Generator

P = Person
Nivaa = Bosettingssamtale.Utdanningsnivaa
Sprak = Bosettingssamtale.Spraknivaa


@dataclass(frozen=True)
class Yrke:
    navn: str
    nivaa: str  # Bosettingssamtale.Utdanningsnivaa
    fagfelt: str
    fra_alder: int  # the age the work can have begun
    oppgaver: tuple[str, ...]


YRKER = [
    Yrke("Snekker", Nivaa.FAGSKOLE, "Byggfag", 19, ("med tak og forskaling", "med innredning", "med møbler")),
    Yrke(
        "Elektriker", Nivaa.VIDEREGAAENDE, "Elektrofag", 19, ("med boliginstallasjoner", "med reparasjoner")
    ),
    Yrke("Sveiser", Nivaa.VIDEREGAAENDE, "Mekaniske fag", 18, ("med stålkonstruksjoner", "på et raffineri")),
    Yrke(
        "Lærer", Nivaa.HOYERE, "Pedagogikk", 23, ("i matematikk på ungdomstrinnet", "i engelsk i barneskolen")
    ),
    Yrke(
        "Sykepleier",
        Nivaa.HOYERE,
        "Sykepleie",
        23,
        ("på et barnesykehus", "på en fødeavdeling", "på legevakt"),
    ),
    Yrke("Kokk", Nivaa.GRUNNSKOLE, "", 16, ("på en restaurant", "på et hotellkjøkken", "med catering")),
    Yrke("Frisør", Nivaa.GRUNNSKOLE, "", 16, ("i egen salong", "hos en herrefrisør")),
    Yrke("Sjåfør", Nivaa.GRUNNSKOLE, "", 18, ("med lastebil mellom byene", "med bybuss", "med taxi")),
    Yrke("Bonde", Nivaa.INGEN, "", 14, ("på familiens gård med sauer og geiter", "med grønnsaksdyrking")),
    Yrke("Regnskapsfører", Nivaa.HOYERE, "Økonomi", 23, ("i et handelsfirma", "i en bank")),
    Yrke("Bilmekaniker", Nivaa.FAGSKOLE, "Bilfag", 18, ("i eget verksted", "på et bilverksted")),
    Yrke("Syerske", Nivaa.GRUNNSKOLE, "", 15, ("på en tekstilfabrikk", "hjemme for kunder")),
    Yrke(
        "Butikkmedarbeider",
        Nivaa.VIDEREGAAENDE,
        "Salg og service",
        17,
        ("i en dagligvarebutikk", "på et marked"),
    ),
    Yrke("Ingeniør", Nivaa.HOYERE, "Bygg og anlegg", 24, ("med veibygging", "med vannforsyning")),
    Yrke("Renholder", Nivaa.INGEN, "", 16, ("på et sykehus", "i kontorbygg")),
    Yrke("Tannlegeassistent", Nivaa.VIDEREGAAENDE, "Helsefag", 19, ("på en tannklinikk",)),
    Yrke(
        "IT-konsulent",
        Nivaa.HOYERE,
        "Informatikk",
        23,
        ("med nettsider for små bedrifter", "med serverdrift"),
    ),
    Yrke("Murer", Nivaa.GRUNNSKOLE, "", 16, ("med boligbygg", "med restaurering av gamle hus")),
]

BYER = {
    "Syria": ["Aleppo", "Homs", "Damaskus", "Idlib", "Latakia", "Hama"],
    "Afghanistan": ["Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad"],
    "Eritrea": ["Asmara", "Keren", "Massawa", "Mendefera"],
    "Ukraina": ["Kharkiv", "Mariupol", "Kyiv", "Odesa", "Zaporizjzja", "Dnipro"],
    "Somalia": ["Mogadishu", "Kismayo", "Baidoa", "Hargeisa"],
    "Sudan": ["Khartoum", "Omdurman", "Nyala", "El Fasher"],
    "Den demokratiske republikken Kongo": ["Goma", "Bukavu", "Kinshasa", "Uvira"],
}
ANDRE_SPRAK = {  # second languages one may have besides the mother tongue
    "Syria": ["Arabisk", "Tyrkisk"],
    "Afghanistan": ["Persisk", "Urdu", "Pashto"],
    "Eritrea": ["Arabisk", "Amharisk"],
    "Ukraina": ["Russisk", "Polsk"],
    "Somalia": ["Arabisk", "Swahili"],
    "Sudan": ["Fransk"],
    "Den demokratiske republikken Kongo": ["Fransk", "Kinyarwanda"],
}
INTERESSER = [
    "spiller fotball",
    "lager mat",
    "strikker",
    "går lange turer",
    "leser bøker",
    "synger i kor",
    "maler",
    "løper",
    "spiller sjakk",
    "syr klær",
    "driver med kampsport",
    "spiller gitar",
    "hjelper til på kjøkkenet",
    "reparerer sykler",
    "svømmer",
    "spiller volleyball",
    "tegner",
    "dyrker grønnsaker",
]
BOSTED = [
    "nær en skole",
    "i en by med moské",
    "nær kollektivtransport",
    "i en mindre kommune",
    "i en by",
    "nær sjøen",
    "i et rolig boområde",
    "nær et idrettslag",
    "i nærheten av et sykehus",
    "nær fjellet",
]
GRUNN = [
    "fordi barna har gått glipp av mye skole",
    "for å komme raskt i arbeid",
    "for å slippe å ha bil",
    "fordi han liker friluftsliv",
    "for å kunne fortsette med idrett",
    "fordi hun vil ta utdanning",
    "for å få ro etter lang tid i leir",
    "fordi familien trenger tett oppfølging av helsetjenesten",
    "for å lære norsk fortere",
    "for å kunne besøke slekt",
]
NORSK = [
    "Følger norskopplæringen i mottaket og forstår enkle beskjeder.",
    "Har startet på norskkurs og kan presentere seg på norsk.",
    "Har lært seg litt norsk på egen hånd gjennom apper.",
    "Kan ikke norsk ennå, men går på språkkafé en gang i uka.",
    "Snakker enkel norsk og tar gjerne ordet i samtaler.",
]
HENSYN = [
    "Bruker rullestol og trenger bolig på bakkeplan med bredere dører.",
    "Har nedsatt syn og trenger oversiktlig bolig nær butikk og buss.",
    "Har astma; bolig uten fukt og med god ventilasjon.",
    "Har diabetes og må ha fast oppfølging hos fastlege.",
    "Har kneskade og kan ikke gå i trapper.",
    "Trenger jevnlig oppfølging av psykolog etter krigsopplevelser.",
]
Aarsak = Bosettingssamtale.KompassAarsak
KOMPASS_AARSAK = [  # (the answer from the seed's list, what the mottak adds)
    (Aarsak.VERTSKOMMUNEN, "Vertskommunen har satt opp kartlegging i {uke}."),
    (Aarsak.VERTSKOMMUNEN, "Beboeren var syk da vertskommunen kartla; ny time i {uke}."),
    (Aarsak.PLANER, "Kompass var nede da registreringen skulle gjøres; nytt forsøk i {uke}."),
    (Aarsak.TRENGER_HJELP, "Ventet på tolk i {morsmaal}; kartlegging avtalt i {uke}."),
]
# An EM's answers about the følgeperson (seed 003 §2.5.2) and the mottak's summary, each set telling one story.
FOLGEPERSON = [
    {
        "folgeperson_relasjon": "Følgepersonen er tanten; de har bodd sammen hele flukten.",
        "folgeperson_har_det_bra": True,
        "folgeperson_gjor_sammen": "Lager mat og går tur sammen; tanten følger opp skolen.",
        "folgeperson_trenger_hjelp": False,
        "folgeperson_trygg": True,
        "folgeperson_redd": False,
        "folgeperson_bo_sammen": True,
        "folgeperson_bo_sammen_grunn": "Tanten er den eneste familien {han} har her.",
        "folgeperson_vurdering": "{Han} og tanten har en trygg tilknytning. Mottaket anbefaler felles bosetting.",
    },
    {
        "folgeperson_relasjon": "Følgepersonen er en eldre fetter; de kom til Norge sammen.",
        "folgeperson_har_det_bra": True,
        "folgeperson_gjor_sammen": "Spiller fotball og ser film sammen i helgene.",
        "folgeperson_trenger_hjelp": True,
        "folgeperson_hjelp": "Hjelp til lekser og til å forstå brev fra skolen.",
        "folgeperson_trygg": True,
        "folgeperson_redd": False,
        "folgeperson_bo_sammen": True,
        "folgeperson_bo_sammen_grunn": "Vil ikke bo alene og stoler på fetteren.",
        "folgeperson_vurdering": "Fetteren ivaretar omsorgen godt i hverdagen; de ansatte hjelper med skolen. "
        "Mottaket anbefaler felles bosetting.",
    },
    {
        "folgeperson_relasjon": "Ikke i slekt; de traff hverandre i en leir i Hellas for to år siden.",
        "folgeperson_har_det_bra": True,
        "folgeperson_gjor_sammen": "Spiser middag sammen, ellers mest hver for seg.",
        "folgeperson_trenger_hjelp": True,
        "folgeperson_hjelp": "Noen å snakke med om hverdagen og skolen.",
        "folgeperson_trygg": True,
        "folgeperson_redd": False,
        "folgeperson_bo_sammen": False,
        "folgeperson_bo_sammen_grunn": "Ønsker å bo med jevnaldrende i et bofellesskap.",
        "folgeperson_vurdering": "God kontakt, men {han} søker mer støtte fra de ansatte enn fra følgepersonen. "
        "Mottaket anbefaler bofellesskap med oppfølging.",
    },
]


@dataclass(frozen=True)
class Bakgrunn:
    """One person's past: mother tongue, schooling and (for adults) work."""

    morsmaal: str
    nivaa: str
    skoleaar: int
    yrke: Yrke | None
    aar_i_arbeid: int
    by: str
    engelsk: str
    andre_sprak: str
    forerkort: bool


def bakgrunn(gen: Generator, person: Person, morsmaal: str, alder: int) -> Bakgrunn:
    """Education and work that fit the age: a job only from the age it can begin, years of work at most the
    years since then."""
    rnd = gen.rnd
    land = person.statsborgerskap
    yrker = [y for y in YRKER if y.fra_alder + 1 <= alder]
    hjemme = alder < 18 or (person.kjonn == "K" and rnd.random() < 0.2) or not yrker
    yrke = None if hjemme else rnd.choice(yrker)
    if yrke is not None:
        aar = rnd.randint(1, min(25, alder - yrke.fra_alder))
        nivaa = yrke.nivaa
    else:
        aar = 0
        nivaa = Nivaa.GRUNNSKOLE if alder >= 16 else ""
    skoleaar = max(0, min(alder - 7, {"ingen": 0, "grunnskole": 9, "videregaaende": 12}.get(nivaa, 15)))
    if nivaa == Nivaa.INGEN:
        skoleaar = rnd.randint(0, min(4, max(0, alder - 7)))
    engelsk = rnd.choice(
        [Sprak.INGEN, Sprak.LITT, Sprak.LITT, Sprak.GODT] + [Sprak.SVAERT_GODT] * (nivaa == Nivaa.HOYERE)
    )
    andre = [s for s in ANDRE_SPRAK[land] if s != morsmaal]
    return Bakgrunn(
        morsmaal=morsmaal,
        nivaa=nivaa,
        skoleaar=skoleaar,
        yrke=yrke,
        aar_i_arbeid=aar,
        by=rnd.choice(BYER[land]),
        engelsk=engelsk,
        andre_sprak=rnd.choice(andre) if andre and rnd.random() < 0.4 else "",
        forerkort=alder >= 18 and (yrke is not None and yrke.navn == "Sjåfør" or rnd.random() < 0.35),
    )


def morsmaal(gen: Generator, land: str) -> str:
    return gen.rnd.choice(MORSMAAL[land])


def aar_tekst(n: int) -> str:
    return f"{n} år" if n != 1 else "ett år"


def samtalesvar(gen: Generator, person: Person, b: Bakgrunn, alder: int, idag) -> dict:
    """The interview's answers for a completed bosettingssamtale: varied sentences built from the person's
    own background, so the notes agree with the structured answers."""
    rnd = gen.rnd
    voksen = alder >= 18
    # No names in free text: the kommune reads these notes before it has accepted the person.
    han = "hun" if person.kjonn == "K" else "han"
    em = person.persontype in (P.Persontype.ENSLIG_MINDREAARIG, P.Persontype.EM_MED_FOLGEPERSON)
    hensyn = person.plasstype in (
        P.Plasstype.TILRETTELAGT,
        P.Plasstype.SAERSKILT_BO,
        P.Plasstype.SAERSKILT_PLEIE,
    )
    svar: dict = {
        "saerlig_hensyn": hensyn,
        "saerlig_hensyn_beskrivelse": rnd.choice(HENSYN) if hensyn else "",
    }
    if not (voksen or em):
        return svar
    uke = uke_tekst(mandag(idag + timedelta(weeks=rnd.randint(1, 8))))
    if alder >= 16 and person.beskyttelse != P.Beskyttelse.KOLLEKTIV:  # kollektiv: mapped after settlement
        aarsak, merknad = rnd.choice(KOMPASS_AARSAK)
        svar |= {
            "kompass_aarsak": aarsak,
            "kompass_aarsak_merknad": merknad.format(uke=uke, morsmaal=b.morsmaal.lower()),
        }
    svar |= {
        "har_venner_familie": False,
        "merknad_sprak": f"{b.morsmaal} er morsmålet"
        + (f", og {b.andre_sprak.lower()} snakkes godt" if b.andre_sprak else "")
        + f". Engelsk: {Sprak(b.engelsk).label.lower()}. {rnd.choice(NORSK)}",
        "merknad_interesser": f"{han.capitalize()} {' og '.join(rnd.sample(INTERESSER, 2))}.",
        "engelsk": b.engelsk,
        "andre_sprak": b.andre_sprak,
    }
    if b.yrke is not None:
        oppgave, yrke = rnd.choice(b.yrke.oppgaver), b.yrke.navn.lower()
        videre = (
            "Vil gjerne ha utdanningen godkjent i Norge."
            if b.yrke.nivaa in (Nivaa.FAGSKOLE, Nivaa.HOYERE)
            else "Ønsker å fortsette i samme yrke."
        )
        svar |= {
            "siste_yrke": b.yrke.navn,
            "merknad_yrke": rnd.choice(
                [
                    f"Har arbeidet som {yrke} i {aar_tekst(b.aar_i_arbeid)} i {b.by}, {oppgave}.",
                    f"{aar_tekst(b.aar_i_arbeid).capitalize()} som {yrke} i {b.by} ({oppgave}). {videre}",
                    f"Jobbet som {yrke} i {b.by} i {aar_tekst(b.aar_i_arbeid)}, sist {oppgave}. {videre}",
                ]
            ),
        }
    if b.nivaa:
        fag = f" innen {b.yrke.fagfelt.lower()}" if b.yrke and b.yrke.fagfelt else ""
        svar |= {
            "hoyeste_utdanning": b.nivaa,
            "utdanning_fagfelt": ""
            if b.nivaa == Nivaa.INGEN
            else (b.yrke and b.yrke.fagfelt) or "Allmenne fag",
            "merknad_utdanning": f"{Nivaa(b.nivaa).label}{fag}, {b.skoleaar} års skolegang i {b.by}."
            + rnd.choice([" Har med vitnemål.", " Vitnemålet ble igjen i hjemlandet.", ""]),
        }
    if voksen:  # every adult (IMDi's letter in seed 003)
        dyr = rnd.choice(["", "", "", "Katt", "Hund (liten, rolig)", "To katter"])
        svar |= {
            "forerkort": b.forerkort,
            "forerkort_klasser": "B" if b.forerkort else "",
            "bil_i_norge": False,
            "kjaeledyr": bool(dyr),
            "kjaeledyr_beskrivelse": dyr,
        }
    if em:
        svar |= {
            "em_familie_i_norge": rnd.choice(
                [
                    "Ingen kjent familie i Norge.",
                    "En fetter bor i Drammen; har sporadisk kontakt.",
                    "Onkel i Bergen, men han kan ikke ta omsorgen.",
                    "En eldre søster bor i Trondheim; de snakker sammen hver uke.",
                    "Ingen familie her; en venn fra reisen bor i et annet mottak.",
                    "Tante i Oslo, som ønsker kontakt, men har ikke plass.",
                ]
            ),
            "em_utdanning": f"Gikk {aar_tekst(b.skoleaar)} på skole i {b.by}"
            + rnd.choice(
                [", siste år med avbrudd.", ", og liker matematikk best.", "; leser og skriver godt."]
            ),
            "em_selvstendighet": rnd.choice(Bosettingssamtale.Selvstendighet.values),
            "em_selvstendighet_begrunnelse": rnd.choice(
                [
                    f"{han.capitalize()} lager mat selv og møter presis på skolen, men trenger hjelp med økonomi.",
                    f"{han.capitalize()} trenger påminnelser om avtaler og hjelp til lekser.",
                    f"{han.capitalize()} er selvstendig i hverdagen, men har lite nettverk.",
                    f"{han.capitalize()} handler og vasker selv, men glemmer ofte lekser og avtaler.",
                    f"{han.capitalize()} klarer det praktiske, men blir usikker i møte med nye voksne.",
                ]
            ),
            "em_omsorgslosning": rnd.choice(
                [
                    Bosettingssamtale.Omsorgslosning.DELVIS,
                    Bosettingssamtale.Omsorgslosning.DOGNBEMANNET,
                    Bosettingssamtale.Omsorgslosning.FOSTERHJEM,
                    Bosettingssamtale.Omsorgslosning.HYBEL,
                ]
            ),
            "em_omsorgslosning_begrunnelse": rnd.choice(
                [
                    "Trives sammen med jevnaldrende og trenger voksne tilgjengelig.",
                    f"{han.capitalize()} er ung og har behov for en fast voksen hver dag.",
                    f"{han.capitalize()} har klart seg godt på avdelingen og er klar for mer ansvar.",
                    f"{han.capitalize()} sover dårlig og trenger en voksen til stede om natten.",
                    f"{han.capitalize()} ønsker å bo nær andre ungdommer som snakker samme språk.",
                    "Fungerer godt med lite tilsyn, men trenger oppfølging med skole og økonomi.",
                ]
            ),
        }
    if person.persontype == P.Persontype.EM_MED_FOLGEPERSON:
        svar |= {
            felt: tekst.format(han=han, Han=han.capitalize()) if isinstance(tekst, str) else tekst
            for felt, tekst in rnd.choice(FOLGEPERSON).items()
        }
    return svar


def bosettingsmerknad(gen: Generator, person: Person) -> str:
    grunn = gen.rnd.choice(GRUNN)
    if person.kjonn == "K":
        grunn = grunn.replace(" han ", " hun ")
    return f"Ønsker å bo {gen.rnd.choice(BOSTED)} {grunn}."


def kompetanserader(b: Bakgrunn, land: str) -> dict[str, list[dict]]:
    """The competence rows a mapping records for this background (kompetanse.services' `rader`)."""
    nivaa = {"ingen": "daarlig", "litt": "middels", "godt": "godt", "svaert_godt": "svaert_godt"}[b.engelsk]
    rader: dict[str, list[dict]] = {
        "sprak": [
            {"sprak": b.morsmaal, "morsmaal": True, "tale": "svaert_godt", "lese": "godt", "skrive": "godt"},
            {"sprak": "Engelsk", "morsmaal": False, "tale": nivaa, "lese": nivaa, "skrive": nivaa},
        ]
    }
    if b.nivaa:
        rader["utdanning"] = [
            {
                "nivaa": "bachelor" if b.nivaa == Nivaa.HOYERE else b.nivaa,
                "fagfelt": b.yrke.fagfelt if b.yrke else "",
                "antall_aar": {"ingen": b.skoleaar, "grunnskole": 9, "videregaaende": 3, "fagskole": 2}.get(
                    b.nivaa, 4
                ),
                "land": land,
                "fullfort": True,
                "dokumentasjon": "delvis",
            }
        ]
    if b.yrke is not None:
        rader["arbeid"] = [
            {
                "yrke": b.yrke.navn,
                "antall_aar": b.aar_i_arbeid,
                "land": land,
                "beskrivelse": f"{b.yrke.navn} i {b.by}, {b.yrke.oppgaver[0]}",
            }
        ]
    return rader
