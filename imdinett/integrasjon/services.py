"""The API's writes: a client's registration (with its system user and its events), an access token for a signed client
assertion (Maskinporten's JWT grant), and the call log."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import hendelse_registrer
from imdinett.organisasjoner.models import Bruker

from .models import ALGORITMER, ApiKlient, BruktAssertion, Kall, Tilgangstoken, offentlig_nokkel

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MAKS_ASSERTION_LEVETID = 120  # seconds from now to the assertion's exp (Maskinporten's limit)
SLINGRING = 10  # seconds of clock skew tolerated on iat and exp


class Avvist(Exception):
    """A refused request in OAuth's shape: `feil` is the error code, `beskrivelse` its Norwegian description."""

    def __init__(self, feil: str, beskrivelse: str, *, status: int = 400, klient=None, oppgitt: str = ""):
        super().__init__(beskrivelse)
        self.feil, self.beskrivelse, self.status = feil, beskrivelse, status
        self.klient, self.oppgitt = klient, oppgitt


@transaction.atomic
def klient_lagre(*, klient: ApiKlient, av) -> ApiKlient:
    """Save a client registered or changed by IMDi (`av`; None for a command), with its system user: the reader
    its reads are logged under in the Innsynslogg, in its organisation, active when the client is. It has no
    usable password and no roles of its own; what it reaches comes from its token's scopes (`autentisering`).

    The registration and each change that alters what the client reaches — its scopes, its key, its active
    flag, its organisation — is an event in the organisation's user administration log (`_hendelser`), naming
    who did it and the scopes the client has after it."""
    forrige = (
        ApiKlient.objects.select_for_update().select_related("organisasjon").filter(pk=klient.pk).first()
        if klient.pk
        else None
    )
    bruker = klient.bruker if klient.bruker_id else Bruker(username=f"api-{klient.klient_id}")
    if not bruker.pk:
        bruker.set_unusable_password()
    bruker.first_name = "API-klient"
    bruker.last_name = klient.navn[:150]
    bruker.organisasjon = klient.organisasjon
    bruker.is_active = klient.aktiv
    bruker.save()
    klient.bruker = bruker
    klient.save()
    data = {"klient": klient.pk, "klient_id": klient.klient_id, "omfang": klient.omfang}
    for kode, tittel, organisasjoner, ekstra in _hendelser(forrige, klient):
        for organisasjon in organisasjoner:
            hendelse_registrer(
                omraade=Omraade.BRUKERADMINISTRASJON,
                kode=kode,
                tittel=tittel[:200],
                av=av,
                organisasjon=organisasjon,
                data={**data, "nokkel": nokkel_fingeravtrykk(klient.offentlig_nokkel), **ekstra},
            )
    return klient


def nokkel_fingeravtrykk(pem: str) -> str:
    """SHA-256 of the public key (DER, SubjectPublicKeyInfo): which key a client had, without the key."""
    der = offentlig_nokkel(pem).public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def _hendelser(forrige: ApiKlient | None, klient: ApiKlient) -> list[tuple[str, str, list, dict]]:
    """(kode, tittel, the organisations whose log it goes in, extra data) for each change of the save."""
    navn, org = f"API-klienten «{klient.navn}»", klient.organisasjon
    omfang = ", ".join(klient.omfang) or "ingen"
    if forrige is None:
        status = "" if klient.aktiv else " (deaktivert)"
        return [("api_klient.registrert", f"{navn} registrert med omfang {omfang}{status}", [org], {})]
    endringer = []
    if forrige.organisasjon_id != klient.organisasjon_id:
        endringer.append(
            (
                "api_klient.organisasjon_endret",
                f"{navn} flyttet fra {forrige.organisasjon.navn} til {org.navn}",
                [forrige.organisasjon, org],
                {"fra": forrige.organisasjon_id, "til": org.pk},
            )
        )
    if sorted(forrige.omfang) != sorted(klient.omfang):
        endringer.append(
            (
                "api_klient.omfang_endret",
                f"Omfang for {navn} endret til {omfang}",
                [org],
                {"fra": forrige.omfang},
            )
        )
    gammel = nokkel_fingeravtrykk(forrige.offentlig_nokkel)
    if gammel != nokkel_fingeravtrykk(klient.offentlig_nokkel):
        endringer.append(
            ("api_klient.nokkel_endret", f"Ny offentlig nøkkel for {navn}", [org], {"fra": gammel})
        )
    if forrige.aktiv != klient.aktiv:
        kode, ord_ = (
            ("api_klient.aktivert", "aktivert") if klient.aktiv else ("api_klient.deaktivert", "deaktivert")
        )
        endringer.append((kode, f"{navn} {ord_}", [org], {}))
    return endringer


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _krav(assertion: str, klient: ApiKlient) -> dict:
    """The assertion's verified claims; the algorithms are those of the registered key's type."""
    nokkel = offentlig_nokkel(klient.offentlig_nokkel)
    try:
        return jwt.decode(
            assertion,
            nokkel,
            algorithms=next(alg for type_, alg in ALGORITMER.items() if isinstance(nokkel, type_)),
            audience=settings.API_UTSTEDER,
            issuer=klient.klient_id,
            leeway=SLINGRING,
            options={"require": ["iss", "aud", "iat", "exp", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        grunn = "Assertion er utløpt (exp)."
    except jwt.InvalidSignatureError:
        grunn = "Signaturen stemmer ikke med klientens offentlige nøkkel."
    except jwt.InvalidAudienceError:
        grunn = f"«aud» må være {settings.API_UTSTEDER}"
    except jwt.MissingRequiredClaimError as feil:
        grunn = f"Kravet «{feil.claim}» mangler."
    except jwt.ImmatureSignatureError:
        grunn = "«iat» ligger fram i tid."
    except jwt.InvalidTokenError:
        grunn = "Assertion er ugyldig (algoritme eller format)."
    raise Avvist("invalid_grant", grunn, klient=klient)


def token_utsted(*, grant_type: str, assertion: str) -> tuple[str, Tilgangstoken]:
    """An access token for a client assertion: a JWT signed with the client's private key, iss = its client id,
    aud = API_UTSTEDER, exp at most two minutes ahead, a jti never accepted before, scope a subset of the
    client's. Returns the token (shown once) and its row (kept as a hash). Refusals raise `Avvist`."""
    if grant_type != GRANT_TYPE:
        raise Avvist("unsupported_grant_type", f"«grant_type» må være {GRANT_TYPE}.")
    try:
        oppgitt = str(jwt.decode(assertion, options={"verify_signature": False}).get("iss", ""))[:255]
    except jwt.InvalidTokenError as feil:
        raise Avvist("invalid_request", "«assertion» mangler eller er ikke en JWT.") from feil
    klient = ApiKlient.objects.select_related("bruker").filter(klient_id=oppgitt).first()
    if klient is None:
        raise Avvist("invalid_client", "Ukjent klient («iss»).", oppgitt=oppgitt)
    if not (klient.aktiv and klient.bruker.is_active):
        raise Avvist("invalid_client", "Klienten er deaktivert.", klient=klient)
    krav = _krav(assertion, klient)
    naa = timezone.now()
    utloper = datetime.fromtimestamp(krav["exp"], tz=UTC)
    if utloper > naa + timedelta(seconds=MAKS_ASSERTION_LEVETID + SLINGRING):
        raise Avvist(
            "invalid_grant",
            f"«exp» kan ligge høyst {MAKS_ASSERTION_LEVETID} sekunder fram i tid.",
            klient=klient,
        )
    onsket = str(krav.get("scope", "")).split()
    if not onsket:
        raise Avvist("invalid_scope", "«scope» mangler.", klient=klient)
    ukjente = [o for o in onsket if o not in klient.omfang]
    if ukjente:
        raise Avvist("invalid_scope", f"Klienten har ikke omfanget {', '.join(ukjente)}.", klient=klient)
    with transaction.atomic():
        # What has expired is of no more use: an expired assertion is refused before its jti is asked.
        BruktAssertion.objects.filter(utloper__lt=naa).delete()
        Tilgangstoken.objects.filter(utloper__lt=naa).delete()
        try:
            with transaction.atomic():
                BruktAssertion.objects.create(
                    klient=klient, jti=str(krav["jti"])[:255], utloper=utloper + timedelta(seconds=SLINGRING)
                )
        except IntegrityError as feil:
            raise Avvist("invalid_grant", "Assertion er brukt før («jti»).", klient=klient) from feil
        token = secrets.token_urlsafe(32)
        rad = Tilgangstoken.objects.create(
            klient=klient,
            token_hash=_hash(token),
            omfang=list(dict.fromkeys(onsket)),
            utloper=naa + timedelta(seconds=settings.API_TOKEN_LEVETID),
        )
    return token, rad


def token_les(token: str) -> Tilgangstoken | None:
    """The live access token (with its client, system user and organisation), None when unknown or expired or
    its client deactivated."""
    return (
        Tilgangstoken.objects.select_related("klient", "klient__bruker")
        .filter(
            token_hash=_hash(token),
            utloper__gt=timezone.now(),
            klient__aktiv=True,
            klient__bruker__is_active=True,
        )
        .first()
    )


def kall_logg(
    *, klient, oppgitt: str, metode: str, sti: str, status: int, varighet_ms: int, feil: str
) -> None:
    Kall.objects.create(
        klient=klient,
        oppgitt_klient_id=oppgitt[:255],
        metode=metode[:10],
        sti=sti[:300],
        status=status,
        varighet_ms=varighet_ms,
        feil=feil[:300],
    )


KALL_LAGRES = timedelta(days=396)  # the call log: 13 months, as the notifications (docs/beslutninger.md)


def kall_rydd(*, naa=None) -> int:
    """Delete the call log past its retention (expired tokens and assertion ids go as a token is given)."""
    return Kall.objects.filter(tidspunkt__lt=(naa or timezone.now()) - KALL_LAGRES).delete()[0]
