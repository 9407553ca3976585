from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from imdinett.personer.models import Person
from imdinett.uker import uke_tekst


class Fordelingsliste(models.Model):
    """IMDi's list of fordelingsklare households for one kommune (seed 002 «Fordeling»).

    Built as a draft in the admin, sent, confirmed and answered by the kommune in two steps, answered once.
    Change it only through fordeling.services.
    """

    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        SENDT = "sendt", "Sendt til kommunen"
        BEKREFTET = "bekreftet", "Bekreftet av kommunen (svar ikke sendt)"
        BESVART = "besvart", "Besvart"
        TRUKKET = "trukket", "Trukket tilbake"

    class BrevStatus(models.TextChoices):
        """IMDi's letters of an answered list, made by a Celery task after the answer (issue #21)."""

        VENTER = "venter", "Brevene lages"
        LAGET = "laget", "Laget"
        FEILET = "feilet", "Brevene kunne ikke lages"

    kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Kommune",
        on_delete=models.PROTECT,
        related_name="fordelingslister",
    )
    navn = models.CharField("Navn", max_length=120)
    # «nr. N» in the name: the kommune's lists of the year counted from 1 (#19 no. 9), given under a lock
    aar = models.PositiveSmallIntegerField("År")
    nummer = models.PositiveIntegerField("Nr.")
    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.UTKAST)
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sendt = models.DateTimeField("Sendt", null=True, blank=True)
    overskridelse_begrunnelse = models.TextField(
        "Begrunnelse for å fordele flere enn ledige plasser", blank=True
    )
    bekreftet = models.DateTimeField("Bekreftet av kommunen", null=True, blank=True)
    besvart = models.DateTimeField("Svar sendt", null=True, blank=True)
    besvart_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Besvart av",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    trukket = models.DateTimeField("Trukket tilbake", null=True, blank=True)
    trukket_begrunnelse = models.TextField("Begrunnelse for å trekke listen", blank=True)
    brev = models.ForeignKey(
        "dokumenter.Dokument",
        verbose_name="Brev «Bosetting av flyktninger»",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    brev_status = models.CharField(
        "Brev", max_length=6, choices=BrevStatus.choices, blank=True, help_text="Tomt til listen er besvart."
    )
    brev_bestilt = models.DateTimeField("Brevene bestilt", null=True, blank=True)
    brev_feil = models.TextField("Feil da brevene skulle lages", blank=True)

    class Meta:
        verbose_name = "fordelingsliste"
        verbose_name_plural = "fordelingslister"
        ordering = ["-opprettet"]
        indexes = [models.Index(fields=["kommune", "status"]), models.Index(fields=["status", "sendt"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "aar", "nummer"], name="liste_nummer_per_kommune_og_aar"
            ),
            # Answered once, by someone, at a time (the service locks; the database insists).
            models.CheckConstraint(
                condition=~Q(status="besvart") | (Q(besvart__isnull=False) & Q(besvart_av__isnull=False)),
                name="liste_besvart_har_svar",
            ),
            models.CheckConstraint(
                condition=~Q(status="trukket") | ~Q(trukket_begrunnelse=""), name="liste_trukket_begrunnet"
            ),
        ]

    def __str__(self):
        return self.navn

    # The list's life (seed 002), asked by the services, the views, the templates and the admin alike.
    @property
    def er_utkast(self) -> bool:
        return self.status == self.Status.UTKAST

    @property
    def er_bekreftet(self) -> bool:
        return self.status == self.Status.BEKREFTET

    @property
    def er_besvart(self) -> bool:
        return self.status == self.Status.BESVART

    @property
    def venter_paa_svar(self) -> bool:
        """Sent and not answered: the kommune may store its answers («Bekreft liste») and IMDi withdraw it."""
        return self.status in (self.Status.SENDT, self.Status.BEKREFTET)

    @property
    def har_kommunens_svar(self) -> bool:
        """The kommune's answers are stored (confirmed or sent), so each person's «Bosettes» means something."""
        return self.status in (self.Status.BEKREFTET, self.Status.BESVART)

    @property
    def brev_venter(self) -> bool:
        return self.brev_status == self.BrevStatus.VENTER

    @property
    def brev_feilet(self) -> bool:
        return self.brev_status == self.BrevStatus.FEILET

    @property
    def status_for_kommunen(self) -> str:
        """The kommune's words (seed 002): «Ny» until answered, then «Sendt»."""
        return "Sendt" if self.er_besvart else "Ny"


class Fordelingslinje(models.Model):
    """One person on a list, with the kommune's answer. Households are accepted or declined whole."""

    liste = models.ForeignKey(Fordelingsliste, on_delete=models.CASCADE, related_name="linjer")
    person = models.ForeignKey(
        "personer.Person", verbose_name="Person", on_delete=models.PROTECT, related_name="fordelingslinjer"
    )
    innmelding = models.ForeignKey(
        "innmelding.Innmelding",
        verbose_name="Innmelding",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Innmeldingen fordelingen bygger på.",
    )
    mottak = models.ForeignKey(
        "organisasjoner.Mottak",
        verbose_name="Mottak ved fordeling",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Der personen bodde da listen ble laget (tilbakemeldinger grupperes på dette).",
    )
    bosettes = models.BooleanField("Bosettes", default=True)
    begrunnelse = models.TextField("Begrunnelse for ikke å bosette", blank=True)
    forventet_uke = models.DateField("Forventet bosettingsuke", null=True, blank=True)
    brev = models.ForeignKey(
        "dokumenter.Dokument",
        verbose_name="Brev «Vedtak om bosettingskommune»",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "person på fordelingsliste"
        verbose_name_plural = "personer på fordelingsliste"
        constraints = [
            models.UniqueConstraint(fields=["liste", "person"], name="linje_en_gang_per_liste"),
            models.CheckConstraint(
                condition=Q(bosettes=True) | ~Q(begrunnelse=""), name="linje_avslag_begrunnet"
            ),
        ]

    def __str__(self):
        return f"{self.liste} – {self.person_id}"

    @property
    def uke_tekst(self) -> str:
        return uke_tekst(self.forventet_uke)

    @property
    def faar_vedtaksbrev(self) -> bool:
        """«Vedtak om bosettingskommune» goes to every accepted person except overføringsflyktninger."""
        return self.bosettes and self.person.sakstype != Person.Sakstype.OVERFORINGSFLYKTNING


class Tilbakemelding(models.Model):
    """The kommune's feedback on settlement-preparing information that was missing or wrong at
    distribution (seed 000 «Meld inn tilbakemelding …», seed 003). IMDi handles it in the admin."""

    class Kategori(models.TextChoices):
        MOTTAK = "mottak", "Bosatt fra mottak"
        OVERFORINGSFLYKTNING = "overforingsflyktning", "Overføringsflyktning"
        PRIVATBOENDE = "privatboende", "Privatboende"

    person = models.ForeignKey(
        "personer.Person", verbose_name="Person", on_delete=models.PROTECT, related_name="tilbakemeldinger"
    )
    kommune = models.ForeignKey(
        "organisasjoner.Kommune", verbose_name="Kommune", on_delete=models.PROTECT, related_name="+"
    )
    mottak = models.ForeignKey(
        "organisasjoner.Mottak",
        verbose_name="Mottak",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kategori = models.CharField("Kategori", max_length=25, choices=Kategori.choices)
    tekst = models.TextField("Hva manglet eller var feil?")
    registrert = models.DateTimeField("Registrert", auto_now_add=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Registrert av", on_delete=models.PROTECT, related_name="+"
    )
    behandlet = models.DateTimeField("Behandlet", null=True, blank=True)
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Behandlet av",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "tilbakemelding på bosettingsforberedende informasjon"
        verbose_name_plural = "tilbakemeldinger på bosettingsforberedende informasjon"
        ordering = ["-registrert"]

    def __str__(self):
        return f"Tilbakemelding {self.registrert:%d.%m.%Y} – {self.get_kategori_display()}"


class TilbakemeldingMangel(models.Model):
    """One thing the kommune says was missing or wrong; a feedback names one or more."""

    class Mangel(models.TextChoices):  # seed 003: what the forum's letter says was missing
        BOLIGBEHOV = "boligbehov", "Behov knyttet til bolig"
        KJAELEDYR = "kjaeledyr", "Kjæledyr"
        BIL = "bil", "Bil"
        FORERKORT = "forerkort", "Førerkort"
        FAMILIE = "familie", "Familierelasjoner"
        SAERSKILT = "saerskilt", "Særskilt avdeling / særlige behov"
        ANNET = "annet", "Annet"

    tilbakemelding = models.ForeignKey(Tilbakemelding, on_delete=models.CASCADE, related_name="mangler")
    mangel = models.CharField("Hva manglet", max_length=12, choices=Mangel.choices)

    class Meta:
        verbose_name = "mangel"
        verbose_name_plural = "mangler"
        constraints = [
            models.UniqueConstraint(fields=["tilbakemelding", "mangel"], name="mangel_en_gang"),
        ]

    def __str__(self):
        return self.get_mangel_display()


class Forslagsberegning(models.Model):
    """One «Forslag til fordeling» (issue #21): what IMDi chose, computed by the worker
    (fordeling.forslag.beregning), the result kept here, not in the session, and the drafts made from it.

    `utvalg` is the selection as filters, applied to the fordelingsklare households and kommuner when the
    worker starts: {"unnta_husstander": [id], "unnta_kommuner": [id], "ta_med_utkast": bool,
    "ta_med_fulle": bool, "tillat_overskridelse": bool, "tillat_uten_saerlig_bolig": bool}.
    `resultat` is what the result page shows (fordeling.forslag.beregning.resultat_lagres), `utkast`
    {kommune id: list id} the drafts made from it, so a kommune's second «Lag utkast» adds to the same draft."""

    class Status(models.TextChoices):
        VENTER = "venter", "Venter på beregning"
        BEREGNER = "beregner", "Beregnes"
        FERDIG = "ferdig", "Ferdig"
        FEILET = "feilet", "Beregningen feilet"

    status = models.CharField("Status", max_length=10, choices=Status.choices, default=Status.VENTER)
    bestilt = models.DateTimeField("Bestilt", auto_now_add=True)
    bestilt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Bestilt av", on_delete=models.PROTECT, related_name="+"
    )
    startet = models.DateTimeField("Startet", null=True, blank=True)
    ferdig = models.DateTimeField("Ferdig", null=True, blank=True)
    utvalg = models.JSONField("Utvalg")
    resultat = models.JSONField("Resultat", null=True, blank=True)
    utkast = models.JSONField("Utkast laget", default=dict, blank=True)
    feil = models.TextField("Feil", blank=True)

    class Meta:
        verbose_name = "forslagsberegning"
        verbose_name_plural = "forslagsberegninger"
        ordering = ["-bestilt"]

    VENTER_FOR_NY_START = timedelta(seconds=30)  # the broker may have been down when it was ordered

    def __str__(self) -> str:
        return f"Forslag bestilt {timezone.localtime(self.bestilt):%d.%m.%Y %H:%M}"

    @property
    def feilet(self) -> bool:
        return self.status == self.Status.FEILET

    @property
    def kan_startes_igjen(self) -> bool:
        """Failed, or still waiting for a worker after half a minute."""
        return self.feilet or (
            self.status == self.Status.VENTER and timezone.now() - self.bestilt > self.VENTER_FOR_NY_START
        )

    @property
    def statustekst(self) -> str:
        return {
            self.Status.VENTER: "Forslaget venter på å bli beregnet.",
            self.Status.BEREGNER: "Forslaget beregnes.",
            self.Status.FERDIG: "Forslaget er beregnet.",
            self.Status.FEILET: "Beregningen feilet.",
        }[self.status]
