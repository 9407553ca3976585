"""Demo data (`manage.py seed_demo`, debug only): the demo organisations, users and residents. Each app
contributes its own part — `mottak.demo` (cases up to fordelingsklar, the bosettingssamtale), `kommune.demo`
(anmodninger and vedtak), `fordeling.demo` (fordelingslister, settlements, feedback) — and this module makes
the core's part (organisations, users, residents, the person folder, kompetanse) and calls them in order.
`utvikling.nasjonal` adds national volume for the benchmarks.

Everything is synthetic (utvikling.identiteter): e-mail addresses under example.org only.
"""

import base64
import uuid
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fordeling import demo as fordeling_demo
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import notat_opprett
from imdinett.kompetanse import services as kompetanse
from imdinett.kompetanse.models import Kilde
from imdinett.kompetanse.selectors import kartleggingsoppgaver
from imdinett.organisasjoner.models import Bruker, Kommune, Kontaktperson, Mottak, Organisasjon, Postnummer
from imdinett.organisasjoner.roller import Omraade as Rolleomraade
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import krever_tofaktor
from imdinett.organisasjoner.services import DEMO_PASSORD, DEMO_TOTP_NOKKEL, bruker_sett_roller
from imdinett.personer.models import (
    Bosettingsinformasjon,
    Bosettingssak,
    Husstand,
    Karriereveiledning,
    Person,
)
from kommune import demo as kommune_demo
from mottak import demo as mottak_demo

from .identiteter import Generator, husstand_plan

# DEMO_PASSORD, and DEMO_TOTP_NOKKEL the authenticator key shared by the demo users who log in with a
# one-time code (README: add it to an authenticator app, or `make kode BRUKER=imdi`), are defined next to
# the login, which refuses both when debug is off.
P = Person
Saksstatus = Bosettingssak.Status

# (status, kommune key, days since the case was opened); cycled over the households.
STATUSPLAN = [
    (None, None, 0),
    (Saksstatus.OPPRETTET, None, 25),  # overdue
    (Saksstatus.OPPRETTET, None, 4),
    (Saksstatus.UNDER_KARTLEGGING, None, 9),
    (Saksstatus.UNDER_KARTLEGGING, None, 18),  # overdue
    (Saksstatus.FORDELINGSKLAR, None, 40),
    (Saksstatus.FORDELINGSKLAR, None, 60),
    (Saksstatus.FORDELT, "sortland", 70),
    (Saksstatus.SOKT_UT, "sortland", 90),
    (Saksstatus.BOSATT, "sortland", 150),
    (Saksstatus.BOSETTINGSNEKT, "tromso", 120),
    (Saksstatus.AVSLUTTET, None, 100),
    (Saksstatus.FORDELT, "tromso", 75),
    (Saksstatus.SOKT_UT, "tromso", 95),
    (Saksstatus.OPPRETTET, None, 1),
    (Saksstatus.FORDELINGSKLAR, None, 30),
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
    # One user per role, named after it and holding that role alone (issue #20), so what each role sees can
    # be tried: at Hå asylmottak (the integreringsmottak roles too), Sortland, IMDi and Bufetat; the
    # Kartlegger at Hå kommune, the vertskommune of Hå asylmottak.
    enkeltrolle_org = {
        Rolleomraade.MOTTAK: haa,
        Rolleomraade.KOMMUNE: sortland,
        Rolleomraade.IMDI: imdi_org,
        Rolleomraade.BUFETAT: bufetat_org,
    }
    for rolle in Rolle:
        org = haa_kommune if rolle == Rolle.KOMMUNE_KARTLEGGER else enkeltrolle_org[rolle.omraade]
        _bruker(
            rolle.value, "Demo", rolle.navn, org, {rolle}, imdi, is_staff=rolle == Rolle.IMDI_SAKSBEHANDLER
        )

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
            mottak_demo.gi_status(personer, Saksstatus.FORDELINGSKLAR, dager, imdi)
            til_kommune[kommune].append((personer, status))
        else:
            mottak_demo.gi_status(personer, status, dager, imdi)
    gen_toten = Generator(seed=3442, duf_start=950_000)
    toten_husstander = _opprett_husstander(
        gen_toten, toten, [("familie", "Syria"), ("enslig", "Eritrea"), ("enslig", "Afghanistan")]
    )
    for personer, (status, dager) in zip(
        toten_husstander, [(Saksstatus.OPPRETTET, 5), (Saksstatus.FORDELINGSKLAR, 30), (None, 0)], strict=True
    ):
        mottak_demo.gi_status(personer, status, dager, imdi)
    kommune_demo.anmodninger(sortland, tromso, imdi, idag)
    for noekkel, kommune, svarer in [("sortland", sortland, "kommune"), ("tromso", tromso, "tromso")]:
        fordeling_demo.fordel(kommune, til_kommune[noekkel], imdi, Bruker.objects.get(username=svarer))
    _personmappe(sortland, Bruker.objects.get(username="kommune"), idag)
    fordeling_demo.tilbakemelding(sortland, Bruker.objects.get(username="kommune"))
    _kompetanse(
        sortland, haa, Bruker.objects.get(username="kartlegger"), Bruker.objects.get(username="kompass")
    )
    return {"personer": Person.objects.count(), "ny": True}


def _kompetanse(kommune: Kommune, haa: Mottak, kartlegger: Bruker, kompass: Bruker) -> None:
    """A completed mapping in Sortland's søkt-ut folder; at Hå one self-registration and one mapping under way."""

    def rad(**felt) -> list:
        return [(str(uuid.uuid4()), felt)]

    sokt_ut = Person.objects.filter(
        bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.SOKT_UT
    ).first()
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
    """Something in every section of one søkt-ut folder, and a note on it."""
    sokt_ut = Person.objects.filter(
        bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.SOKT_UT
    ).first()
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
