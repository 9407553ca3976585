from django.contrib.auth.models import AbstractUser
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from imdinett.identitetsnummer import valider_organisasjonsnummer

from .roller import Rolle


class Postnummer(models.Model):
    """Bring's postcode register: postnummer -> poststed (reference data)."""

    nummer = models.CharField("Postnummer", max_length=4, primary_key=True)
    poststed = models.CharField("Poststed", max_length=60)
    kommunenummer = models.CharField(max_length=4, blank=True)

    class Meta:
        verbose_name = "postnummer"
        verbose_name_plural = "postnumre"
        ordering = ["nummer"]

    def __str__(self):
        return f"{self.nummer} {self.poststed}"


class Organisasjon(models.Model):
    """Every organisation a user can belong to. Roles are guardian permissions on this row."""

    class Type(models.TextChoices):
        IMDI = "imdi", "IMDi"
        BUFETAT = "bufetat", "Bufetat"
        MOTTAK = "mottak", "Mottak"
        KOMMUNE = "kommune", "Kommune"
        BYDEL = "bydel", "Bydel"

    navn = models.CharField("Navn", max_length=200)
    type = models.CharField("Type", max_length=10, choices=Type.choices)
    organisasjonsnummer = models.CharField(
        "Organisasjonsnummer",
        max_length=9,
        blank=True,
        validators=[valider_organisasjonsnummer],
        help_text="Enhetsregisterets nummer (9 siffer). Brev sendes til organisasjonens Altinn-innboks (SvarUT) "
        "når det er fylt ut, ellers med post.",
    )

    class Meta:
        verbose_name = "organisasjon"
        verbose_name_plural = "organisasjoner"
        ordering = ["navn"]
        permissions = [(r.codename, r.navn) for r in Rolle]
        indexes = [models.Index(fields=["type", "navn"])]

    def __str__(self):
        return self.navn

    @property
    def er_kommune(self) -> bool:
        return self.type in (self.Type.KOMMUNE, self.Type.BYDEL)


def _postnummer(navn: str) -> models.ForeignKey:
    return models.ForeignKey(
        Postnummer, verbose_name=navn, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class Kommune(Organisasjon):
    """A kommune (4-digit number, 2024) or a bydel (6 digits, `overordnet` is its kommune)."""

    nummer = models.CharField("Kommunenummer", max_length=6, unique=True)
    fylkesnummer = models.CharField("Fylkesnummer", max_length=2)
    fylke = models.CharField("Fylke", max_length=60)
    overordnet = models.ForeignKey(
        "self",
        verbose_name="Kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bydeler",
    )
    # Offisiell kontaktinformasjon (where letters go)
    postadresse = models.CharField("Postadresse", max_length=200, blank=True)
    postnummer = _postnummer("Postnummer")
    epost = models.EmailField("E-postadresse", blank=True)
    telefon = models.CharField("Telefonnummer", max_length=20, blank=True)
    # Flyktningkontoret (the kommune keeps this itself)
    flyktningkontor_avdeling = models.CharField("Avdeling/kontor", max_length=200, blank=True)
    flyktningkontor_adresse = models.CharField("Adresse", max_length=200, blank=True)
    flyktningkontor_postnummer = _postnummer("Postnummer")
    flyktningkontor_navn = models.CharField("Navn", max_length=200, blank=True)
    flyktningkontor_telefon = models.CharField("Telefon", max_length=20, blank=True)
    flyktningkontor_epost = models.EmailField("E-post", blank=True)
    kontakt_endret = models.DateTimeField("Endret", null=True, blank=True)
    kontakt_endret_av = models.ForeignKey(
        "Bruker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["navn"]

    def __str__(self):
        return f"{self.navn} ({self.nummer})"

    def save(self, *args, **kwargs):
        self.type = Organisasjon.Type.BYDEL if self.overordnet_id else Organisasjon.Type.KOMMUNE
        super().save(*args, **kwargs)


class Mottak(Organisasjon):
    class Kategori(models.TextChoices):
        ORDINAERT = "ordinaert", "Ordinært mottak"
        EM = "em", "EM-mottak"
        INTEGRERING = "integrering", "Integreringsmottak"
        AKUTT = "akutt", "Akuttinnkvartering"
        TILRETTELAGT = "tilrettelagt", "Tilrettelagt avdeling"
        SAERSKILT_BO = "saerskilt_bo", "Særskilt bo- og omsorgsløsning"
        SAERSKILT_PLEIE = "saerskilt_pleie", "Særskilt pleie- og omsorgsløsning"

    imdi_kode = models.CharField("Mottakskode hos IMDi", max_length=10, unique=True)
    udi_mot_id = models.CharField("MottaksID (UDI Mot)", max_length=12, unique=True)
    kategori = models.CharField("Mottakskategori", max_length=20, choices=Kategori.choices)
    vertskommune = models.ForeignKey(
        Kommune, verbose_name="Vertskommune", on_delete=models.PROTECT, related_name="mottak"
    )
    telefon = models.CharField("Hovedtelefon", max_length=20, blank=True)
    vakttelefon = models.CharField("Vakttelefon", max_length=20, blank=True)
    epost = models.EmailField("E-postadresse (fellespost)", blank=True)
    postadresse = models.CharField("Gate / Postboks", max_length=200, blank=True)
    postnummer = _postnummer("Postnummer")
    besoksadresse = models.CharField("Besøksadresse", max_length=200, blank=True)
    besoksadresse_postnummer = _postnummer("Postnummer (besøksadresse)")

    class Meta:
        verbose_name = "mottak"
        verbose_name_plural = "mottak"
        ordering = ["navn"]

    def save(self, *args, **kwargs):
        self.type = Organisasjon.Type.MOTTAK
        super().save(*args, **kwargs)

    @property
    def er_integreringsmottak(self) -> bool:
        return self.kategori == self.Kategori.INTEGRERING

    @property
    def adresse_tekst(self) -> str:
        post = f", {self.postnummer}" if self.postnummer_id else ""
        return f"{self.besoksadresse or self.postadresse}{post}"


class Bruker(AbstractUser):
    """A user belongs to one organisation; its administrator manages it there."""

    organisasjon = models.ForeignKey(
        Organisasjon,
        verbose_name="Organisasjon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brukere",
    )
    telefon = models.CharField("Telefonnummer", max_length=20, blank=True)
    oidc_sub = models.CharField(
        "Innloggings-ID hos ID-porten/Ansattporten",
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text="Settes ved første innlogging med OpenID Connect (sub); senere innlogginger må ha den samme. "
        "Handlingen «Fjern koblingen» i brukerlisten knytter kontoen på nytt ved neste innlogging.",
    )
    # The panel keys of the user's Arbeidsflate in their order; empty = the default order
    # (services.arbeidsflate_lagre keeps it valid).
    arbeidsflate = models.JSONField("Arbeidsflate", default=list, blank=True)

    class Meta:
        verbose_name = "bruker"
        verbose_name_plural = "brukere"
        ordering = ["username"]

    @property
    def visningsnavn(self) -> str:
        return self.get_full_name() or self.username


class OrganisasjonRolle(UserObjectPermissionBase):
    """Guardian's per-object permission with a direct foreign key (fast joins, real integrity)."""

    content_object = models.ForeignKey(Organisasjon, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "rolle"
        verbose_name_plural = "roller"


class OrganisasjonGruppeRolle(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisasjon, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "grupperolle"
        verbose_name_plural = "grupperoller"


class Kontaktperson(models.Model):
    """The mottak's contact cards (seed 001, "Kontaktinformasjon"): Mottaksadministrator and
    Bosettingsansvarlig. New settlement cases are e-mailed to the Bosettingsansvarlig."""

    class Type(models.TextChoices):
        MOTTAKSADMINISTRATOR = "mottaksadministrator", "Mottaksadministrator"
        BOSETTINGSANSVARLIG = "bosettingsansvarlig", "Bosettingsansvarlig"

    mottak = models.ForeignKey(Mottak, on_delete=models.CASCADE, related_name="kontaktpersoner")
    type = models.CharField("Type", max_length=20, choices=Type.choices)
    navn = models.CharField("Navn", max_length=200)
    telefon = models.CharField("Telefonnummer", max_length=20, blank=True)
    epost = models.EmailField("E-postadresse", blank=True)
    endret = models.DateTimeField("Endret", auto_now=True)
    endret_av = models.ForeignKey(Bruker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"
        constraints = [models.UniqueConstraint(fields=["mottak", "type"], name="en_kontakt_per_type")]

    def __str__(self):
        return f"{self.get_type_display()}: {self.navn}"
