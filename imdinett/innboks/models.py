from django.conf import settings
from django.db import models

from .meldinger import Kilde, Meldingstype


class Innboksmelding(models.Model):
    """One message from UDI or MOT as it came, and what became of it. Written by `services` only."""

    # How long a message may wait for what it names before the sweep gives it up (docs/beslutninger.md,
    # «Innboksen»): the slowest ordinary wait, «utflyttet» for a case not yet søkt ut, spans the interview's
    # 14 days, the fordelingsliste and the kommune's answer; a message still waiting after a month is stuck.
    VENTER_MAKS_DAGER = 30

    class Status(models.TextChoices):
        BEHANDLET = "behandlet", "Behandlet"
        VENTER = "venter", "Venter"  # names a person or case not here yet; retried, given up after 30 days
        FEILET = "feilet", "Feilet"  # refused when applied (an unknown mottak, an illegal move), or given up
        AVVIST = "avvist", "Avvist (ugyldig melding)"  # invalid: never applied

    kilde = models.CharField("Kilde", max_length=5, choices=Kilde.choices)
    melding_id = models.CharField("Meldings-ID", max_length=100, help_text="Avsenderens ID for meldingen.")
    type = models.CharField("Type", max_length=30, choices=Meldingstype.choices)
    data = models.JSONField("Melding")
    sjekksum = models.CharField("Sjekksum", max_length=64, help_text="SHA-256 av type og melding.")
    avsender = models.CharField("Avsender", max_length=100, help_text="Klienten som leverte meldingen.")
    status = models.CharField("Status", max_length=10, choices=Status.choices)
    feil = models.JSONField("Feil", default=list, blank=True)
    mottatt = models.DateTimeField("Mottatt", auto_now_add=True)
    behandlet = models.DateTimeField("Sist behandlet", null=True, blank=True)
    forsok = models.PositiveIntegerField("Behandlingsforsøk", default=0)
    behandlet_paa_nytt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Sist behandlet på nytt av",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    behandlet_paa_nytt = models.DateTimeField(
        "Sist behandlet på nytt",
        null=True,
        blank=True,
        help_text=f"En melding som venter, gis opp etter {VENTER_MAKS_DAGER} dager regnet herfra (ellers fra "
        "mottatt).",
    )

    class Meta:
        verbose_name = "innboksmelding"
        verbose_name_plural = "innboks (meldinger fra UDI og MOT)"
        ordering = ["-mottatt", "-id"]
        constraints = [models.UniqueConstraint(fields=["kilde", "melding_id"], name="innboksmelding_en_gang")]
        indexes = [
            models.Index(fields=["-mottatt", "-id"], name="innboksmelding_tid"),
            models.Index(fields=["status", "mottatt"], name="innboksmelding_status"),
        ]

    def __str__(self):
        return f"{self.get_kilde_display()} {self.melding_id}: {self.get_type_display()}"

    @property
    def kan_behandles_paa_nytt(self) -> bool:
        """IMDi's «Behandle på nytt»: anything not applied (after a fix: a mottak registered, a case moved on)."""
        return self.status != self.Status.BEHANDLET


class Innboksnokkel(models.Model):
    """A DUF number or Reg-nr a message concerns: waiting messages are found by them, and IMDi searches."""

    melding = models.ForeignKey(Innboksmelding, on_delete=models.CASCADE, related_name="nokler")
    nokkel = models.CharField("DUF-nummer eller Reg-nr", max_length=12, db_index=True)

    class Meta:
        verbose_name = "innboksnøkkel"
        verbose_name_plural = "innboksnøkler"
        constraints = [models.UniqueConstraint(fields=["melding", "nokkel"], name="innboksnokkel_en_gang")]

    def __str__(self):
        return self.nokkel
