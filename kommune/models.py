from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class Kategori(models.TextChoices):
    """The three categories of an anmodning and a vedtak (seed 002)."""

    VOKSNE = "voksne", "Enslige voksne/familier"
    EM_15_18 = "em_15_18", "Enslige mindreårige 15–18 år"
    EM_UNDER_15 = "em_under_15", "Enslige mindreårige under 15 år"


class Anmodning(models.Model):
    """IMDi's request to one kommune to settle refugees, for one or more years."""

    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        IKKE_SVART = "ikke_svart", "Ikke svart"
        PURRET = "purret", "Purret"
        SVART = "svart", "Svart"
        BEKREFTET = "bekreftet", "Bekreftet"
        RETURNERT = "returnert", "Returnert"

    kommune = models.ForeignKey(
        "organisasjoner.Kommune", verbose_name="Kommune", on_delete=models.PROTECT, related_name="anmodninger"
    )
    tilleggsanmodning = models.BooleanField("Tilleggsanmodning", default=False)
    status = models.CharField("Status", max_length=15, choices=Status.choices, default=Status.UTKAST)
    svarfrist = models.DateField("Svarfrist")
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    sendt = models.DateTimeField("Sendt", null=True, blank=True)
    aapnet = models.DateTimeField("Åpnet av kommunen", null=True, blank=True)
    svart = models.DateTimeField("Svart", null=True, blank=True)
    imdi_kommentar = models.TextField("IMDis kommentar", blank=True)
    brev = models.ForeignKey(
        "dokumenter.Dokument",
        verbose_name="Anmodningsbrev",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    brev_epost = models.OneToOneField(
        "hendelser.Epost",
        verbose_name="Anmodningsbrev på e-post",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="E-posten med brevet til kommunens postmottak (utboksen); tom når kommunen ikke hadde e-postadresse.",
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "anmodning"
        verbose_name_plural = "anmodninger"
        ordering = ["-sendt", "-opprettet"]
        indexes = [models.Index(fields=["kommune", "status"])]

    def __str__(self):
        aar = sorted({t.aar for t in self.tall.all()})
        periode = f"{aar[0]}" if len(aar) == 1 else f"{aar[0]}–{aar[-1]}" if aar else ""
        tillegg = "Tilleggsanmodning" if self.tilleggsanmodning else "Anmodning"
        return f"{tillegg} {self.kommune.navn} {periode} ({self.pk})"

    # The request's life (seed 002), asked by the services, the pages and the admin alike.
    @property
    def er_utkast(self) -> bool:
        return self.status == self.Status.UTKAST

    @property
    def venter_paa_svar(self) -> bool:
        """Sent and not answered (or returned by IMDi): it shows «under arbeid» and its svarfrist may move."""
        return self.status in (self.Status.IKKE_SVART, self.Status.PURRET, self.Status.RETURNERT)

    @property
    def kan_besvares(self) -> bool:
        """A vedtak may be sent: while it waits, and after an answer for the years not yet answered."""
        return self.venter_paa_svar or self.status == self.Status.SVART

    @property
    def brev_uten_epost(self) -> bool:
        """Sent, but its letter was not e-mailed to the kommune's postmottak (no e-mail address then): the
        kommune downloads it in IMDinett, and IMDi may e-mail it once the address is registered."""
        return self.brev_id is not None and self.brev_epost_id is None

    @property
    def statusfarge(self) -> str:
        """The status tag's colour (Designsystemet data-color)."""
        if self.status == self.Status.BEKREFTET:
            return "success"
        return "warning" if self.status in (self.Status.PURRET, self.Status.RETURNERT) else "info"


class AnmodningTall(models.Model):
    anmodning = models.ForeignKey(Anmodning, on_delete=models.CASCADE, related_name="tall")
    aar = models.PositiveIntegerField("År")
    kategori = models.CharField("Kategori", max_length=12, choices=Kategori.choices)
    antall = models.PositiveIntegerField("Antall", validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "antall i anmodning"
        verbose_name_plural = "antall i anmodning"
        ordering = ["aar", "kategori"]
        constraints = [
            models.UniqueConstraint(fields=["anmodning", "aar", "kategori"], name="anmodningstall_unik"),
            models.CheckConstraint(condition=Q(antall__gte=0), name="anmodningstall_ikke_negativ"),
        ]

    def __str__(self):
        return f"{self.aar} {self.get_kategori_display()}: {self.antall}"


class Vedtak(models.Model):
    """The kommune's decision for one year of an anmodning. At most one in force per anmodning and
    year (a returned one no longer counts)."""

    class Status(models.TextChoices):
        SENDT = "sendt", "Sendt"
        BEKREFTET = "bekreftet", "Bekreftet"
        RETURNERT = "returnert", "Returnert"

    anmodning = models.ForeignKey(Anmodning, on_delete=models.PROTECT, related_name="vedtak")
    aar = models.PositiveIntegerField("År")
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.SENDT)
    sendt = models.DateTimeField("Sendt", auto_now_add=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "vedtak"
        verbose_name_plural = "vedtak"
        ordering = ["-sendt"]
        constraints = [
            models.UniqueConstraint(
                fields=["anmodning", "aar"],
                condition=~Q(status="returnert"),
                name="ett_vedtak_per_anmodning_og_aar",
            )
        ]

    def __str__(self):
        return f"Vedtak {self.anmodning.kommune.navn} {self.aar}"


class VedtakTall(models.Model):
    vedtak = models.ForeignKey(Vedtak, on_delete=models.CASCADE, related_name="tall")
    kategori = models.CharField("Kategori", max_length=12, choices=Kategori.choices)
    antall = models.PositiveIntegerField("Antall plasser")
    begrunnelse = models.TextField("Begrunnelse for avvik", blank=True)

    class Meta:
        verbose_name = "vedtatte plasser"
        verbose_name_plural = "vedtatte plasser"
        constraints = [
            models.UniqueConstraint(fields=["vedtak", "kategori"], name="vedtakstall_unik"),
            models.CheckConstraint(condition=Q(antall__gte=0), name="vedtakstall_ikke_negativ"),
        ]

    def __str__(self):
        return f"{self.get_kategori_display()}: {self.antall}"


class SvarfristEndring(models.Model):
    anmodning = models.ForeignKey(Anmodning, on_delete=models.CASCADE, related_name="svarfristendringer")
    fra = models.DateField("Fra")
    til = models.DateField("Til")
    begrunnelse = models.TextField("Begrunnelse")
    endret = models.DateTimeField("Endret", auto_now_add=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "endring av svarfrist"
        verbose_name_plural = "endringer av svarfrist"

    def __str__(self):
        return f"{self.fra:%d.%m.%Y} → {self.til:%d.%m.%Y}"
