"""A person's competence, each registration with its source (seed 002 «Kompetanse», seed 000
«Kartlegging av medbragt kompetanse»). Written only through kompetanse.services."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

KARTLEGGINGSFRIST_DAGER = 14  # seed 003 «Kompetansekartlegging»: 14 days from the decision
KODE_GYLDIG = timedelta(days=14)  # DOMAIN.md: self-registration within 14 days


class Kilde(models.TextChoices):
    """Where the data came from (seed 002); the order is the order sources are shown in."""

    KARTLEGGING = "kartlegging", "Kartlegging"
    IMDI = "imdi", "IMDi"
    SELVREG = "selvreg", "Selvreg"
    SESAM = "sesam", "SESAM"
    UDB = "udb", "UDB"


class Nivaa(models.TextChoices):
    """Skill levels with the seed's colour code: grey unknown, red poor, yellow neither, green good."""

    UKJENT = "ukjent", "Ukjent"
    DAARLIG = "daarlig", "Dårlig"
    MIDDELS = "middels", "Hverken godt eller dårlig"
    GODT = "godt", "Godt"
    SVAERT_GODT = "svaert_godt", "Svært godt"


class Kompetanseregistrering(models.Model):
    """One source's registration of a person's competence: the structured rows hang under it, the
    free-text notes per theme and «Om registreringen» (who, when, how) sit on it."""

    class Status(models.TextChoices):
        UNDER_ARBEID = "under_arbeid", "Under arbeid"
        FERDIGSTILT = "ferdigstilt", "Ferdigstilt"

    class Gjennomforing(models.TextChoices):
        INTERVJU = "intervju", "Intervju på norsk"
        INTERVJU_TOLK = "intervju_tolk", "Intervju med tolk"
        INTERVJU_SPRAK = "intervju_sprak", "Intervju på et annet felles språk"
        SELVREGISTRERING = "selvregistrering", "Selvregistrering med engangskode"

    person = models.ForeignKey(
        "personer.Person", verbose_name="Person", on_delete=models.PROTECT, related_name="kompetanse"
    )
    kilde = models.CharField("Kilde", max_length=12, choices=Kilde.choices)
    status = models.CharField("Status", max_length=12, choices=Status.choices, default=Status.UNDER_ARBEID)
    gjennomforing = models.CharField(
        "Hvordan ble kartleggingen gjennomført?", max_length=20, choices=Gjennomforing.choices, blank=True
    )
    tolkesprak = models.CharField("Språk det ble tolket til", max_length=60, blank=True)
    opprettet = models.DateTimeField("Startet", auto_now_add=True)
    endret = models.DateTimeField("Sist lagret", auto_now=True)
    ferdigstilt = models.DateTimeField("Ferdigstilt", null=True, blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Registrert av",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon",
        verbose_name="Organisasjon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Kommunen eller IMDi som kartla, eller mottaket som ga engangskoden.",
    )
    ingen_arbeidserfaring = models.BooleanField("Har ingen arbeidserfaring", default=False)
    yrkesonsker = models.TextField("Yrkesønsker", blank=True)
    forerkort = models.BooleanField(
        "Har førerkort", null=True, blank=True, choices=[(True, "Ja"), (False, "Nei")]
    )
    forerkort_klasser = models.CharField("Førerkortklasser", max_length=60, blank=True)
    forerkort_land = models.CharField("Land førerkortet er utstedt i", max_length=60, blank=True)
    regneferdigheter = models.CharField("Regneferdigheter", max_length=12, choices=Nivaa.choices, blank=True)
    digitale_ferdigheter = models.CharField(
        "Digitale ferdigheter", max_length=12, choices=Nivaa.choices, blank=True
    )
    andre_ferdigheter = models.TextField("Andre ferdigheter", blank=True)
    interesser = models.TextField("Interesser", blank=True)
    merknad_sprak = models.TextField("Merknader for språk", blank=True)
    merknad_utdanning = models.TextField("Utdanningsmerknad", blank=True)
    merknad_yrke = models.TextField("Yrkesmerknad", blank=True)
    merknad_andre_ferdigheter = models.TextField("Merknader for andre ferdigheter", blank=True)
    merknad_interesser = models.TextField("Merknader for interesser", blank=True)

    class Meta:
        verbose_name = "kompetanseregistrering"
        verbose_name_plural = "kompetanseregistreringer"
        constraints = [
            models.UniqueConstraint(fields=["person", "kilde"], name="kompetanse_en_per_kilde"),
            models.CheckConstraint(
                condition=Q(status="ferdigstilt", ferdigstilt__isnull=False)
                | Q(status="under_arbeid", ferdigstilt__isnull=True),
                name="kompetanse_ferdigstilt_har_tid",
            ),
        ]

    def __str__(self):
        return f"Kompetanse ({self.get_kilde_display()})"


class Rad(models.Model):
    """A row of a registration. `nokkel` is made when the empty row is drawn, so saving it again (the
    form autosaves) updates the same row instead of adding one."""

    nokkel = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class Sprakferdighet(Rad):
    registrering = models.ForeignKey(Kompetanseregistrering, on_delete=models.CASCADE, related_name="sprak")
    sprak = models.CharField("Språk", max_length=60)
    morsmaal = models.BooleanField("Morsmål", default=False)
    tale = models.CharField("Snakke", max_length=12, choices=Nivaa.choices, default=Nivaa.UKJENT)
    lese = models.CharField("Lese", max_length=12, choices=Nivaa.choices, default=Nivaa.UKJENT)
    skrive = models.CharField("Skrive", max_length=12, choices=Nivaa.choices, default=Nivaa.UKJENT)

    class Meta:
        verbose_name = "språkferdighet"
        verbose_name_plural = "språkferdigheter"
        ordering = ["-morsmaal", "sprak"]
        constraints = [models.UniqueConstraint(fields=["registrering", "nokkel"], name="sprak_rad_en_gang")]

    def __str__(self):
        return self.sprak


class Utdanning(Rad):
    class Nivaa(models.TextChoices):
        INGEN = "ingen", "Ingen formell utdanning"
        GRUNNSKOLE = "grunnskole", "Grunnskole"
        VIDEREGAAENDE = "videregaaende", "Videregående skole"
        FAGSKOLE = "fagskole", "Fagskole/yrkesutdanning"
        BACHELOR = "bachelor", "Universitet eller høyskole, lavere grad (bachelor)"
        MASTER = "master", "Universitet eller høyskole, høyere grad (master)"
        DOKTORGRAD = "doktorgrad", "Doktorgrad"

    class Dokumentasjon(models.TextChoices):
        JA = "ja", "Ja, har dokumentasjon"
        DELVIS = "delvis", "Delvis"
        NEI = "nei", "Nei"

    registrering = models.ForeignKey(
        Kompetanseregistrering, on_delete=models.CASCADE, related_name="utdanninger"
    )
    nivaa = models.CharField("Utdanningsnivå", max_length=15, choices=Nivaa.choices)
    fagfelt = models.CharField("Fagfelt", max_length=120, blank=True)
    antall_aar = models.PositiveSmallIntegerField(
        "Antall år", null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    land = models.CharField("Land", max_length=60, blank=True)
    fullfort = models.BooleanField("Fullført", null=True, blank=True, choices=[(True, "Ja"), (False, "Nei")])
    dokumentasjon = models.CharField(
        "Dokumentasjon (vitnemål, attester)", max_length=8, choices=Dokumentasjon.choices, blank=True
    )

    class Meta:
        verbose_name = "utdanning"
        verbose_name_plural = "utdanninger"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["registrering", "nokkel"], name="utdanning_rad_en_gang")
        ]

    def __str__(self):
        return self.get_nivaa_display()


class Arbeidserfaring(Rad):
    registrering = models.ForeignKey(
        Kompetanseregistrering, on_delete=models.CASCADE, related_name="arbeidserfaringer"
    )
    yrke = models.CharField("Yrke", max_length=120)
    antall_aar = models.PositiveSmallIntegerField(
        "Antall år", null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    land = models.CharField("Land", max_length=60, blank=True)
    beskrivelse = models.CharField("Arbeidsoppgaver", max_length=300, blank=True)

    class Meta:
        verbose_name = "arbeidserfaring"
        verbose_name_plural = "arbeidserfaringer"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["registrering", "nokkel"], name="arbeid_rad_en_gang")]

    def __str__(self):
        return self.yrke


class Engangskode(models.Model):
    """A one-time code to Kompass self-registration (seed 001 «Tildele koder Kompass»). Only a hash is
    stored; one code per person — a new one replaces the old."""

    person = models.OneToOneField("personer.Person", on_delete=models.CASCADE, related_name="engangskode")
    kode_hash = models.CharField(max_length=128)
    opprettet = models.DateTimeField("Generert")
    utloper = models.DateTimeField("Utløper")
    brukt = models.DateTimeField("Brukt", null=True, blank=True)
    opprettet_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mottak = models.ForeignKey("organisasjoner.Mottak", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "engangskode"
        verbose_name_plural = "engangskoder"

    def __str__(self):
        return f"Engangskode generert {self.opprettet:%d.%m.%Y}"

    @property
    def er_utlopt(self) -> bool:
        """Not used before it ran out (the login asks the same in its query: `brukt__isnull`, `utloper__gt`)."""
        return self.brukt is None and self.utloper <= timezone.now()

    @property
    def er_gyldig(self) -> bool:
        return self.brukt is None and not self.er_utlopt


class Selvregistreringsforsok(models.Model):
    """A try at the self-registration's login that failed (or is being checked), kept for
    services.FORSOK_VINDU to throttle guessing per client address and per DUF from that address; a right
    code removes its row. Neither the address nor the DUF is stored, only keyed hashes of them (HMAC with
    the SECRET_KEY), and rows older than the window are deleted on the next try."""

    klient = models.CharField(max_length=64)
    duf = models.CharField(max_length=64)
    tidspunkt = models.DateTimeField()

    class Meta:
        verbose_name = "innloggingsforsøk til selvregistreringen"
        verbose_name_plural = "innloggingsforsøk til selvregistreringen"
        indexes = [
            models.Index(fields=["klient", "tidspunkt"], name="selvreg_forsok_klient"),
            models.Index(fields=["tidspunkt"], name="selvreg_forsok_tid"),
        ]

    def __str__(self):
        return f"Innloggingsforsøk {self.tidspunkt:%d.%m.%Y %H:%M}"
