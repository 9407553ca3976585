"""Machine clients of the API (Maskinporten's shape: a client id, a public key, scopes), the access tokens and
assertion ids they were given, and the log of every call (docs/integrasjoner.md)."""

import uuid

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from imdinett.organisasjoner.selectors import tildelbare_roller

from .omfang import OMFANG

ALGORITMER = {
    rsa.RSAPublicKey: ["RS256", "RS384", "RS512"],
    ec.EllipticCurvePublicKey: ["ES256", "ES384", "ES512"],
}


def _ny_klient_id() -> str:
    return str(uuid.uuid4())


def offentlig_nokkel(pem: str):
    """The public key of a PEM text (RSA of at least 2048 bits, or EC), ValidationError otherwise."""
    try:
        nokkel = load_pem_public_key(pem.strip().encode())
    except ValueError as feil:
        raise ValidationError(
            "Ikke en offentlig nøkkel i PEM-format («-----BEGIN PUBLIC KEY-----»)."
        ) from feil
    if isinstance(nokkel, rsa.RSAPublicKey) and nokkel.key_size < 2048:
        raise ValidationError("En RSA-nøkkel må være på minst 2048 bit.")
    if not isinstance(nokkel, tuple(ALGORITMER)):
        raise ValidationError("Nøkkelen må være RSA eller EC.")
    return nokkel


class ApiKlient(models.Model):
    """A system that calls the API on behalf of one organisation, registered by IMDi."""

    navn = models.CharField(
        "Navn", max_length=200, help_text="Systemet og leverandøren, f.eks. «Fagsystem X»."
    )
    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon",
        verbose_name="Organisasjon",
        on_delete=models.PROTECT,
        related_name="api_klienter",
        help_text="Organisasjonen klienten handler for: en kommune for kommunens lese-API, IMDi for UDI og MOT.",
    )
    klient_id = models.CharField(
        "Klient-ID",
        max_length=36,
        unique=True,
        default=_ny_klient_id,
        editable=False,
        help_text="Klienten bruker denne som «iss» i sine signerte JWT-er.",
    )
    offentlig_nokkel = models.TextField(
        "Offentlig nøkkel (PEM)",
        help_text="Klientens offentlige nøkkel, RSA (minst 2048 bit) eller EC. Den private nøkkelen blir hos "
        "klienten og sendes aldri til IMDi.",
    )
    omfang = models.JSONField(
        "Omfang (scopes)", default=list, blank=True, help_text="Hva klienten kan be om tilgang til."
    )
    aktiv = models.BooleanField("Aktiv", default=True, help_text="En deaktivert klient får ingen nye tokens.")
    # The client's reader in the Innsynslogg and its principal in the access helpers (services.klient_lagre).
    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Systembruker",
        on_delete=models.PROTECT,
        related_name="api_klient",
        editable=False,
    )
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    endret = models.DateTimeField("Endret", auto_now=True)

    class Meta:
        verbose_name = "API-klient"
        verbose_name_plural = "API-klienter"
        ordering = ["navn"]

    def __str__(self):
        return self.navn

    def clean(self):
        feil = {}
        if self.offentlig_nokkel:
            try:
                offentlig_nokkel(self.offentlig_nokkel)
            except ValidationError as e:
                feil["offentlig_nokkel"] = e
        ukjente = [o for o in self.omfang if o not in OMFANG]
        if ukjente:
            feil["omfang"] = f"Ukjent omfang: {', '.join(ukjente)}."
        elif self.organisasjon_id:
            roller = tildelbare_roller(self.organisasjon)
            feil_org = [o for o in self.omfang if OMFANG[o].rolle not in roller]
            if feil_org:
                feil["omfang"] = (
                    f"{', '.join(feil_org)} kan ikke gis til en klient for {self.organisasjon.get_type_display()}."
                )
        if feil:
            raise ValidationError(feil)


class Tilgangstoken(models.Model):
    """An access token given by `POST /api/token`: only its SHA-256 is kept."""

    klient = models.ForeignKey(ApiKlient, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    omfang = models.JSONField(default=list)
    utloper = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "tilgangstoken"
        verbose_name_plural = "tilgangstokens"

    def __str__(self):
        return f"Tilgangstoken for {self.klient_id} til {self.utloper:%d.%m.%Y %H:%M:%S}"


class BruktAssertion(models.Model):
    """The `jti` of every accepted client assertion until it expires: a replay is refused by the constraint."""

    klient = models.ForeignKey(ApiKlient, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    utloper = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klient", "jti"], name="assertion_jti_en_gang")]

    def __str__(self):
        return self.jti


class Kall(models.Model):
    """One call to the API, answered or refused."""

    tidspunkt = models.DateTimeField("Tidspunkt", auto_now_add=True)
    klient = models.ForeignKey(
        ApiKlient, verbose_name="Klient", null=True, blank=True, on_delete=models.PROTECT, related_name="kall"
    )
    oppgitt_klient_id = models.CharField(
        "Oppgitt klient-ID",
        max_length=255,
        blank=True,
        help_text="«iss» i en avvist assertion (ukjent klient).",
    )
    metode = models.CharField("Metode", max_length=10)
    sti = models.CharField("Sti", max_length=300)
    status = models.PositiveSmallIntegerField("Status")
    varighet_ms = models.PositiveIntegerField("Varighet (ms)")
    feil = models.CharField("Feil", max_length=300, blank=True)

    class Meta:
        verbose_name = "API-kall"
        verbose_name_plural = "API-kall"
        ordering = ["-tidspunkt", "-id"]
        indexes = [
            models.Index(fields=["-tidspunkt", "-id"], name="kall_tid"),
            models.Index(fields=["klient", "-tidspunkt"], name="kall_klient_tid"),
        ]

    def __str__(self):
        return f"{self.tidspunkt:%d.%m.%Y %H:%M:%S} {self.metode} {self.sti} {self.status}"
