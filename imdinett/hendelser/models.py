from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Omraade(models.TextChoices):
    """Saksområde of an event or note (seed 002, "Hendelser")."""

    BOSETTING = "bosetting", "Bosetting"
    MOTTAK = "mottak", "Mottak"
    ANMODNING = "anmodning", "Anmodning og vedtak"
    FORDELING = "fordeling", "Fordeling"
    INNMELDING = "innmelding", "Innmelding"
    KOMPETANSE = "kompetanse", "Kompetanse"
    BRUKERADMINISTRASJON = "brukeradministrasjon", "Brukeradministrasjon"


class Hendelse(models.Model):
    """A system event or a caseworker's note. Written once, never edited or deleted."""

    class Type(models.TextChoices):
        SYSTEM = "system", "Systemhendelse"
        NOTAT = "notat", "Notat"

    tidspunkt = models.DateTimeField("Tidspunkt", auto_now_add=True, db_index=True)
    type = models.CharField("Type", max_length=10, choices=Type.choices, default=Type.SYSTEM)
    omraade = models.CharField("Saksområde", max_length=30, choices=Omraade.choices)
    kode = models.CharField("Kode", max_length=60, db_index=True)
    tittel = models.CharField("Tittel", max_length=200)
    tekst = models.TextField("Tekst", blank=True)
    utfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Utført av", null=True, blank=True, on_delete=models.PROTECT
    )
    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon",
        verbose_name="Organisasjon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hendelser",
        help_text="Organisasjonen hendelsen gjelder (kommunens, mottakets eller brukerens egen logg).",
    )
    personer = models.ManyToManyField(
        "personer.Person", verbose_name="Personer", related_name="hendelser", blank=True
    )
    data = models.JSONField("Detaljer", default=dict, blank=True)

    class Meta:
        verbose_name = "hendelse"
        verbose_name_plural = "hendelser"
        ordering = ["-tidspunkt", "-id"]
        indexes = [  # the lists, newest first: every event (the admin) and an organisation's log
            models.Index(fields=["-tidspunkt", "-id"], name="hendelse_tid"),
            models.Index(fields=["organisasjon", "-tidspunkt", "-id"], name="hendelse_org_tid"),
        ]

    def __str__(self):
        return f"{self.tidspunkt:%d.%m.%Y %H:%M} {self.tittel}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Hendelser kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Hendelser kan ikke slettes.")


class Varsel(models.Model):
    """An in-app notification to an organisation; `tillatelse` narrows it to the users who hold that
    permission there (`organisasjoner.tilgang`), e.g. a new case only to those who hold the interview."""

    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon", on_delete=models.CASCADE, related_name="varsler"
    )
    tillatelse = models.CharField("Tillatelse", max_length=50, blank=True)
    tittel = models.CharField("Tittel", max_length=200)
    tekst = models.TextField("Tekst", blank=True)
    lenke = models.CharField("Lenke", max_length=300, blank=True)
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "varsel"
        verbose_name_plural = "varsler"
        ordering = ["-opprettet", "-id"]
        indexes = [models.Index(fields=["organisasjon", "-opprettet", "-id"], name="varsel_org_tid")]

    def __str__(self):
        return self.tittel


class VarselLest(models.Model):
    varsel = models.ForeignKey(Varsel, on_delete=models.CASCADE, related_name="lest")
    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tidspunkt = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["varsel", "bruker"], name="varsel_lest_en_gang")]

    def __str__(self):
        return f"{self.varsel_id} lest av {self.bruker_id}"


class Epost(models.Model):
    """The outbox: written in the transaction that caused it, sent after commit or by the sweep.

    A failed attempt waits `PAUSER[n]` before the next; after the last attempt the e-mail is «feilet»
    and waits for IMDi's «Prøv igjen» in the admin (services.epost_forsok_sending, epost_prov_igjen).

    `vedlegg` names a file already in the file store (a stored letter, `Dokument.fil`), read and attached
    when the e-mail is sent: the attachment's content is kept once, in the store. Like the text, a file sent
    by e-mail names no one.
    """

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        SENDT = "sendt", "Sendt"
        FEILET = "feilet", "Feilet"

    # Pauses after the 1st, 2nd, … failed attempt; the beat sweep runs every five minutes, so no pause is
    # shorter. After len(PAUSER) + 1 attempts (about 17 hours) the e-mail is «feilet».
    PAUSER = (
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
        timedelta(hours=4),
        timedelta(hours=12),
    )
    MAKS_FORSOK = len(PAUSER) + 1
    # Saksområde of the outbox's own events (feilet, «Prøv igjen»): the seed's areas have no «system»;
    # these are events of IMDi's workbench, recorded on no organisation (shown in the admin).
    OMRAADE = Omraade.BRUKERADMINISTRASJON

    til = models.TextField("Til", help_text="Mottakere, kommaseparert.")
    emne = models.CharField("Emne", max_length=200)
    tekst = models.TextField("Tekst")
    vedlegg = models.CharField(
        "Vedlegg",
        max_length=100,  # a FileField's name, as Dokument.fil stores it
        blank=True,
        help_text="Filen i fillageret som sendes med (et lagret brev); den leses når e-posten sendes.",
    )
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.VENTER)
    neste_forsok = models.DateTimeField(
        "Neste forsøk",
        null=True,
        blank=True,
        default=timezone.now,
        help_text="Når e-posten sendes (igjen); tom når den er sendt eller feilet.",
    )
    sendt = models.DateTimeField("Sendt", null=True, blank=True)
    forsok = models.PositiveIntegerField("Forsøk", default=0)
    siste_feil = models.TextField("Siste feil", blank=True)

    class Meta:
        verbose_name = "e-post"
        verbose_name_plural = "e-poster (utboks)"
        ordering = ["-opprettet"]
        indexes = [
            models.Index(fields=["neste_forsok"], condition=models.Q(status="venter"), name="epost_venter")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sendt", sendt__isnull=False)
                | (~models.Q(status="sendt") & models.Q(sendt__isnull=True)),
                name="epost_sendt_har_tidspunkt",
            )
        ]

    def __str__(self):
        return self.emne

    @property
    def mottakere(self) -> list[str]:
        return [a.strip() for a in self.til.split(",") if a.strip()]


class Paaminnelse(models.Model):
    """A reminder already sent, by key: the periodic sweep sends each reminder once."""

    nokkel = models.CharField("Nøkkel", max_length=120, unique=True)
    sendt = models.DateTimeField("Sendt", auto_now_add=True)

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"

    def __str__(self):
        return self.nokkel


class Driftsmelding(models.Model):
    """A service message IMDi writes in the admin; shown on every user's arbeidsflate while valid (seed 002,
    «Informasjon og hjelp»: «eventuelle driftsmeldinger»)."""

    class Alvorlighet(models.TextChoices):
        INFO = "info", "Informasjon"
        ADVARSEL = "advarsel", "Advarsel"

    tekst = models.TextField("Tekst", max_length=1000)
    gyldig_fra = models.DateTimeField("Gyldig fra", default=timezone.now)
    gyldig_til = models.DateTimeField("Gyldig til", null=True, blank=True, help_text="Tom: til den fjernes.")
    alvorlighet = models.CharField(
        "Alvorlighet", max_length=10, choices=Alvorlighet.choices, default=Alvorlighet.INFO
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Opprettet av",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)

    class Meta:
        verbose_name = "driftsmelding"
        verbose_name_plural = "driftsmeldinger"
        ordering = ["-gyldig_fra", "-id"]

    def __str__(self):
        return self.tekst[:60]

    def clean(self):
        if self.gyldig_til and self.gyldig_fra and self.gyldig_til <= self.gyldig_fra:
            raise ValidationError({"gyldig_til": "«Gyldig til» må være etter «Gyldig fra»."})
