"""Machine clients as a supplier makes them: a key pair generated here (the private key never leaves the test),
the public key registered by IMDi, and client assertions signed with the private key (pyjwt)."""

import uuid
from datetime import date

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.utils import timezone

from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES
from imdinett.integrasjon.services import klient_lagre
from imdinett.personer.models import Bosettingssak
from tests.e2e.conftest import demo, logg_inn  # noqa: F401 (the browser's fixtures, for test_admin_axe)
from tests.factories import PersonFactory

Saksstatus = Bosettingssak.Status


def pem(privat) -> str:
    return (
        privat.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture(scope="session")
def rsa_nokkel():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def ec_nokkel():
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def lag_klient(db, rsa_nokkel):
    """lag_klient(organisasjon, omfang=[…], nokkel=…, aktiv=True) -> a client registered as IMDi does."""

    def lag(organisasjon, *, omfang=(KOMMUNE_PERSONER_LES,), nokkel=rsa_nokkel, aktiv=True, navn="Fagsystem"):
        klient = ApiKlient(
            navn=navn,
            organisasjon=organisasjon,
            offentlig_nokkel=pem(nokkel),
            omfang=list(omfang),
            aktiv=aktiv,
        )
        klient.full_clean(exclude=["bruker"])
        return klient_lagre(klient=klient, av=None)

    return lag


def assertion(klient_id: str, nokkel, *, algoritme="RS256", scope=KOMMUNE_PERSONER_LES, **krav) -> str:
    """A client assertion in Maskinporten's shape; `krav` overrides or (None) removes a claim."""
    naa = int(timezone.now().timestamp())
    innhold = {
        "iss": klient_id,
        "aud": settings.API_UTSTEDER,
        "iat": naa,
        "exp": naa + 60,
        "jti": str(uuid.uuid4()),
        "scope": scope,
    }
    innhold.update(krav)
    return jwt.encode({k: v for k, v in innhold.items() if v is not None}, nokkel, algorithm=algoritme)


def sak(person, status, kommune=None):
    """The person's settlement case in `status`, at `kommune` (every status from fordelt on names one)."""
    return Bosettingssak.objects.create(
        person=person,
        status=status,
        kommune=kommune,
        frist=date(2026, 1, 1),
        bosettingsdato=date(2026, 3, 2) if status == Saksstatus.BOSATT else None,
    )


def person_med_sak(status, kommune, **felt):
    person = PersonFactory(**felt)
    sak(person, status, kommune)
    return person
