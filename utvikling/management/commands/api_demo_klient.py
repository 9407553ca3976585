"""`manage.py api_demo_klient` (debug only; `make run` calls it): two API clients for the demo, each with its own
key pair generated into IMDINETT_VAR_DIR/api-demo/ (var/ is never committed; the private key is readable by its
owner only) — Sortland's fagsystem with the read scope and UDI's feed with `imdinett:udi.meldinger` — and the
first line of the README's token block for each. Run again, it changes nothing: the keys are kept, a client
that exists keeps what IMDi has set in the admin, and only a key made anew (var/ wiped, the database kept) is
registered again (an event, as when IMDi changes it)."""

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, UDI_MELDINGER
from imdinett.integrasjon.services import klient_lagre, nokkel_fingeravtrykk
from imdinett.organisasjoner.models import Kommune, Organisasjon

DEMO_KOMMUNE = "1870"  # Sortland: the demo's kommune with persons søkt ut and settled


def privat_nokkel(sti: Path) -> rsa.RSAPrivateKey:
    """The private key at `sti`, made if missing (RSA 2048 bit, PEM); the file and its folder are the owner's
    only (0600, 0700), also when they were made wider by hand."""
    sti.parent.mkdir(parents=True, exist_ok=True)
    sti.parent.chmod(0o700)
    if not sti.exists():
        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        with os.fdopen(os.open(sti, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fil:
            fil.write(pem)
    sti.chmod(0o600)
    return serialization.load_pem_private_key(sti.read_bytes(), password=None)


def demoklient(navn: str, organisasjon: Organisasjon, omfang: str, nokkelfil: Path) -> ApiKlient:
    offentlig = (
        privat_nokkel(nokkelfil)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    klient = ApiKlient.objects.filter(navn=navn, organisasjon=organisasjon).first()
    if klient is None:
        klient = ApiKlient(navn=navn, organisasjon=organisasjon, omfang=[omfang])
    elif nokkel_fingeravtrykk(klient.offentlig_nokkel) == nokkel_fingeravtrykk(offentlig):
        return klient
    klient.offentlig_nokkel = offentlig
    klient.full_clean(exclude=["bruker"])
    return klient_lagre(klient=klient, av=None)


class Command(BaseCommand):
    help = (
        "API-klienter for demoen (Sortlands fagsystem og UDI) med nøkkelpar i var/api-demo/, og hvordan de "
        "henter et token."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "api_demo_klient legger private nøkler i var/ og nektes når DJANGO_DEBUG er av."
            )
        kommune = Kommune.objects.filter(nummer=DEMO_KOMMUNE).first()
        imdi = Organisasjon.objects.filter(type=Organisasjon.Type.IMDI).first()
        if kommune is None or imdi is None:
            raise CommandError("Fant ikke demoorganisasjonene. Kjør «manage.py seed_demo» først.")
        mappe = Path(settings.VAR_DIR) / "api-demo"
        demo = [
            (f"Demo: {kommune.navn}s fagsystem", kommune, KOMMUNE_PERSONER_LES, mappe / "kommune.pem"),
            ("Demo: UDI", imdi, UDI_MELDINGER, mappe / "udi.pem"),
        ]
        with transaction.atomic():
            klienter = [demoklient(*d) for d in demo]
        nettsted = settings.API_UTSTEDER.removesuffix("/").removesuffix("/api")
        self.stdout.write(
            f"API-klienter for demoen (private nøkler i {mappe}, bare lesbare for deg). Hent et token med "
            "blokken i README («Integrasjoner», steg 3) og bytt ut første linje med en av disse:"
        )
        for klient, (_, _, omfang, nokkel) in zip(klienter, demo, strict=True):
            self.stdout.write(
                f"IMDINETT={nettsted} KLIENT_ID={klient.klient_id} SCOPE={omfang} NOKKEL={nokkel}"
            )
