import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone


class Dokument(models.Model):
    """A rendered PDF kept for download (letters, printouts). Read through dokumenter.selectors only.

    A letter is read with the permission of the page it belongs to (`tillatelse`, a name in
    organisasjoner.tilgang, held at `organisasjon`), and only by a user who reaches every person it names
    (`person` and `personer`); being in the receiving organisation is not enough (issue «Tilgang»)."""

    tittel = models.CharField("Tittel", max_length=200)
    type = models.CharField("Dokumenttype", max_length=60)
    fil = models.FileField("Fil", upload_to="dokumenter/%Y/%m/")
    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon",
        verbose_name="Mottaker",
        on_delete=models.PROTECT,
        related_name="dokumenter",
        help_text="Organisasjonen som får laste ned dokumentet (IMDi ser alle).",
    )
    tillatelse = models.CharField(
        "Leses med tillatelsen",
        max_length=60,
        default="dokument.les",
        help_text="Tillatelsen (organisasjoner.tilgang) brukeren må ha hos mottakeren for å åpne brevet.",
    )
    person = models.ForeignKey(
        "personer.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="dokumenter"
    )
    personer = models.ManyToManyField(
        "personer.Person",
        verbose_name="Personer brevet nevner",
        blank=True,
        related_name="nevnt_i_dokumenter",
        help_text="Den som leser brevet må nå hver av dem; nedlastingen logges for hver av dem.",
    )
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "dokument"
        verbose_name_plural = "dokumenter"
        ordering = ["-opprettet"]

    def __str__(self):
        return self.tittel

    def navngitte_ider(self) -> set[int]:
        """The persons the letter names: `person` and `personer` (prefetch `personer` for many letters)."""
        ider = {p.pk for p in self.personer.all()}
        if self.person_id:
            ider.add(self.person_id)
        return ider


class Utsending(models.Model):
    """A letter's way out to its receiver (issue #23): an outbox row written in the transaction that stores the
    letter, sent after commit by the worker through the adapter `settings.BREV_UTSENDING` names
    (dokumenter.utsending), retried by the sweep, never lost and never two for one letter (the one-to-one).

    «beholdt»: the adapter `behold` keeps the letter in IMDinett, where the receiver downloads it (as before
    #23). «sendt»: SvarUT took it and gave `forsendelse_id`; «mottatt» when its status says the receiver has
    it. A failed attempt waits `PAUSER[n]`; after `MAKS_FORSOK` it is «feilet» until IMDi's «Send på nytt»."""

    class Status(models.TextChoices):
        VENTER = "venter", "Venter på sending"
        SENDT = "sendt", "Sendt, venter på kvittering"
        MOTTATT = "mottatt", "Mottatt"
        FEILET = "feilet", "Feilet"
        BEHOLDT = "beholdt", "Beholdt i IMDinett"

    # Pauses after the 1st, 2nd, … failed attempt, growing fourfold (the sweep runs every five minutes, so
    # none is shorter); after len(PAUSER) + 1 attempts — about 28 hours — the sending is «feilet».
    PAUSER = tuple(timedelta(minutes=5 * 4**n) for n in range(5))
    MAKS_FORSOK = len(PAUSER) + 1

    dokument = models.OneToOneField(
        Dokument, verbose_name="Brev", on_delete=models.PROTECT, related_name="utsending"
    )
    mottaker = models.ForeignKey(
        "organisasjoner.Organisasjon", verbose_name="Mottaker", on_delete=models.PROTECT, related_name="+"
    )
    mottaker_orgnr = models.CharField(
        "Organisasjonsnummer",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", "Organisasjonsnummeret har ni sifre.")],
        help_text="Til mottakerens innboks i Altinn; uten det sender SvarUT brevet per post til postadressen.",
    )
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.VENTER)
    kanal = models.CharField("Sendt med", max_length=10, blank=True, help_text="Adapteret som tok brevet.")
    forsok = models.PositiveIntegerField("Forsøk", default=0)
    neste_forsok = models.DateTimeField(
        "Neste forsøk",
        null=True,
        blank=True,
        default=timezone.now,
        help_text="Når brevet sendes (igjen); tomt når det er sendt, beholdt eller feilet.",
    )
    referanse = models.UUIDField(
        "Referanse",
        default=uuid.uuid4,
        editable=False,
        help_text="SvarUTs eksternReferanse: finner forsendelsen om svaret på et forsøk gikk tapt; ny ved «Send på nytt».",
    )
    forsendelse_id = models.CharField("Forsendelses-id (SvarUT)", max_length=64, blank=True)
    ekstern_status = models.CharField("Status i SvarUT", max_length=40, blank=True)
    siste_feil = models.TextField("Siste feil", blank=True)
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    sendt = models.DateTimeField("Sendt", null=True, blank=True)
    mottatt = models.DateTimeField("Mottatt", null=True, blank=True)

    class Meta:
        verbose_name = "utsending av brev"
        verbose_name_plural = "utsendinger av brev"
        ordering = ["-opprettet"]
        indexes = [
            models.Index(
                fields=["neste_forsok"], condition=models.Q(status="venter"), name="utsending_venter"
            ),
            models.Index(fields=["sendt"], condition=models.Q(status="sendt"), name="utsending_sendt"),
        ]
        constraints = [
            models.CheckConstraint(  # sent means SvarUT gave an id and the time is known
                condition=~models.Q(status__in=["sendt", "mottatt"])
                | (models.Q(sendt__isnull=False) & ~models.Q(forsendelse_id="")),
                name="utsending_sendt_har_id",
            ),
            models.CheckConstraint(
                condition=models.Q(status="mottatt", mottatt__isnull=False)
                | (~models.Q(status="mottatt") & models.Q(mottatt__isnull=True)),
                name="utsending_mottatt_har_tidspunkt",
            ),
        ]

    def __str__(self):
        return f"{self.dokument} til {self.mottaker}"

    @property
    def venter(self) -> bool:
        return self.status == self.Status.VENTER

    @property
    def er_sendt(self) -> bool:
        """On its way: SvarUT has it, the receipt is still to come."""
        return self.status == self.Status.SENDT

    @property
    def feilet(self) -> bool:
        """Given up after `MAKS_FORSOK` attempts or refused by SvarUT: IMDi may «Send på nytt»."""
        return self.status == self.Status.FEILET
