"""Demo data (`manage.py seed_demo`, debug only): the demo organisations, users and residents. Each app
contributes its own part — `mottak.demo` (cases up to fordelingsklar, the bosettingssamtale), `kommune.demo`
(anmodninger and vedtak), `fordeling.demo` (fordelingslister, settlements, feedback) — and this module makes
the core's part (organisations, users, residents, the person folder, kompetanse) and calls them in order.
`utvikling.nasjonal` adds national volume for the benchmarks.

Everything is synthetic (utvikling.identiteter): e-mail addresses under example.org only.
"""

import base64

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from fordeling import demo as fordeling_demo
from imdinett.organisasjoner.models import Bruker, Kommune, Kontaktperson, Mottak, Organisasjon, Postnummer
from imdinett.organisasjoner.roller import Omraade as Rolleomraade
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import krever_tofaktor
from imdinett.organisasjoner.services import DEMO_PASSORD, DEMO_TOTP_NOKKEL, bruker_sett_roller
from imdinett.personer.models import Person
from innmelding import demo as innmelding_demo
from kommune import demo as kommune_demo

from .befolkning import Befolkning
from .tid import Klokke

# DEMO_PASSORD, and DEMO_TOTP_NOKKEL the authenticator key shared by the demo users who log in with a
# one-time code (README: add it to an authenticator app, or `make kode BRUKER=imdi`), are defined next to
# the login, which refuses both when debug is off.


def _bruker(
    username: str,
    fornavn: str,
    etternavn: str,
    organisasjon: Organisasjon | None,
    roller: set[Rolle],
    imdi: Bruker | None,
    **ekstra,
) -> Bruker:
    """Create a demo user with its roles (and the demo authenticator key where a one-time code is asked). One
    that exists is left as it is: a second `make run` keeps passwords, roles and sessions users changed."""
    eksisterende = Bruker.objects.filter(username=username).first()
    if eksisterende is not None:
        return eksisterende
    bruker = Bruker.objects.create(
        username=username,
        first_name=fornavn,
        last_name=etternavn,
        email=f"{username}@example.org",
        organisasjon=organisasjon,
        password=make_password(DEMO_PASSORD),
        **ekstra,
    )
    if organisasjon is not None:
        bruker_sett_roller(av=imdi or bruker, bruker=bruker, roller=roller)
    if krever_tofaktor(Bruker.objects.get(pk=bruker.pk)):
        TOTPDevice.objects.create(
            user=bruker, name="Demo", key=base64.b32decode(DEMO_TOTP_NOKKEL).hex(), confirmed=True, last_t=-1
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


@transaction.atomic
def seed_demo() -> dict:
    """The demo organisations, users and residents. Idempotent: missing users are made, existing ones and
    the residents are left as users left them."""
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

    # The contacts were entered by the mottak's administrator (Kontaktinformasjon says «Endret … av …»).
    Kontaktperson.objects.filter(mottak=haa, endret_av__isnull=True).update(
        endret_av=Bruker.objects.get(username="mottakadmin")
    )
    if Person.objects.filter(mottak=haa).exists():
        return {"personer": Person.objects.count(), "ny": False}
    brukere = {b.username: b for b in Bruker.objects.select_related("organisasjon")}
    klokke = Klokke(seed=1119)
    folk = Befolkning(brukere, klokke)
    folk.mottaksbeboere(haa, toten)
    amot = folk.utenfor_mottak(sortland)
    kommune_demo.anmodninger(sortland, tromso, imdi, klokke.paa)
    folk.fordel(
        {"sortland": sortland, "tromso": tromso},
        {"sortland": brukere["kommune"], "tromso": brukere["tromso"]},
    )
    innmelding_demo.innmeldinger(
        {"sortland": (sortland, brukere["kommune"]), "tromso": (tromso, brukere["tromso"])},
        imdi=imdi,
        bufetat=brukere["bufetat"],
        amot=amot,
        paa=klokke.paa,
    )
    folk.personmappe(sortland, brukere["kommune"])
    fordeling_demo.tilbakemelding(sortland, brukere["kommune"], klokke.paa)
    folk.mottakets_merknader(haa)
    folk.kompetanse(haa)
    folk.les_gamle_varsler(brukere.values())
    return {"personer": Person.objects.count(), "ny": True}
