from django.conf import settings
from django.db import models
from django.db.models import Q

from imdinett.uker import uke_tekst


class Innmelding(models.Model):
    """A kommune's notice to IMDi (or Bufetat): free housing, a specific person, or weekly capacity
    (seed 002 «Innmeldinger», seed 004)."""

    class Type(models.TextChoices):
        LEDIG_BOLIG = "ledig_bolig", "Ledige boliger"
        BESTEMT_PERSON = "bestemt_person", "Bestemte personer"
        ANTALL_PLASSER = "antall_plasser", "Antall plasser"

    class Boligtype(models.TextChoices):
        FAMILIEBOLIG = "familiebolig", "Familiebolig"
        BOFELLESSKAP = "bofellesskap", "Bofellesskap voksne"
        EM_TILTAK = "em_tiltak", "EM-tiltak"

    class EmTiltak(models.TextChoices):
        BOFELLESSKAP_DOGN = "bofellesskap_dogn", "Bofellesskap med døgnbemanning"
        BOFELLESSKAP_DELVIS = "bofellesskap_delvis", "Bofellesskap med delvis bemanning"
        HYBEL = "hybel", "Hybel med oppfølging"
        FOSTERHJEM = "fosterhjem", "Fosterhjem"
        INSTITUSJON = "institusjon", "Institusjon med døgnbemanning"
        ANNET = "annet", "Annet"

    class EmAlder(models.TextChoices):
        UNDER_15 = "under_15", "Enslige mindreårige under 15 år"
        FRA_15 = "15_18", "Enslige mindreårige 15–18 år"

    class Tilknytning(models.TextChoices):
        AVTALT_SELVBOSETTING = "avtalt_selvbosetting", "Avtalt selvbosetting"
        ARBEIDSKONTRAKT = "arbeidskontrakt", "Arbeidskontrakt"
        STUDIEPLASS = "studieplass", "Studieplass"
        AMOT = "amot", "Amot"
        NAER_FAMILIE = "naer_familie", "Nær familie"

    class Status(models.TextChoices):
        VENTER = "venter", "Venter på behandling"
        SAKSBEHANDLES = "saksbehandles", "Saksbehandles"
        BEHANDLET = "behandlet", "Behandlet"
        AVSLAATT = "avslaatt", "Avslått"
        KANSELLERT = "kansellert", "Kansellert"

    class Mottaker(models.TextChoices):
        IMDI = "imdi", "IMDi"
        BUFETAT = "bufetat", "Bufetat"

    kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Kommune",
        on_delete=models.PROTECT,
        related_name="innmeldinger",
    )
    type = models.CharField("Innmeldingstype", max_length=15, choices=Type.choices)
    mottaker = models.CharField("Behandles av", max_length=8, choices=Mottaker.choices, default=Mottaker.IMDI)
    status = models.CharField("Status", max_length=15, choices=Status.choices, default=Status.VENTER)
    # Ledige boliger
    boligtype = models.CharField("Boligtype", max_length=15, choices=Boligtype.choices, blank=True)
    em_tiltak = models.CharField("Type EM-tiltak", max_length=20, choices=EmTiltak.choices, blank=True)
    em_alder = models.CharField("Aldersgruppe", max_length=10, choices=EmAlder.choices, blank=True)
    antall = models.PositiveIntegerField("Antall plasser / maks antall personer", null=True, blank=True)
    # Bestemte personer
    person = models.ForeignKey(
        "personer.Person",
        verbose_name="Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tilknytning = models.CharField("Tilknytning", max_length=25, choices=Tilknytning.choices, blank=True)
    # Common
    forventet_uke = models.DateField(
        "Klar for bosetting (uke)", help_text="Uke etter norsk kalender (ISO 8601), fra mandag til søndag."
    )
    merknad = models.TextField("Merknad", blank=True)
    saerlig_hensyn = models.BooleanField("Tilpasset særlig hensyn", default=False)
    saerlig_hensyn_beskrivelse = models.TextField("Hvilke særlige hensyn", blank=True)
    sendt = models.DateTimeField("Sendt", auto_now_add=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Handling
    saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Saksbehandler",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    svar = models.TextField("Svar til kommunen", blank=True)
    avsluttet = models.DateTimeField("Avsluttet", null=True, blank=True)
    begrunnelse = models.TextField("Begrunnelse (avslag eller kansellering)", blank=True)
    avsluttet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "innmelding"
        verbose_name_plural = "innmeldinger"
        ordering = ["-sendt"]
        indexes = [models.Index(fields=["kommune", "status"]), models.Index(fields=["mottaker", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(saerlig_hensyn=True) | ~Q(saerlig_hensyn_beskrivelse=""),
                name="saerlig_hensyn_beskrevet",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["avslaatt", "kansellert"]) | ~Q(begrunnelse=""),
                name="avslutning_begrunnet",
            ),
        ]

    def __str__(self):
        return f"Innmelding {self.pk}: {self.get_type_display()} ({self.kommune.navn})"

    # The notice's life (seed 002), asked by the services, the pages and the admin alike.
    @property
    def venter(self) -> bool:
        """Venter på behandling: the kommune may still cancel it, and IMDi/Bufetat take it."""
        return self.status == self.Status.VENTER

    @property
    def er_aktiv(self) -> bool:
        """Not yet finished (waiting or being handled): it may be closed as behandlet or avslått."""
        return self.status in AKTIVE

    @property
    def er_kansellert(self) -> bool:
        return self.status == self.Status.KANSELLERT

    @property
    def uke_tekst(self) -> str:
        return uke_tekst(self.forventet_uke)

    @property
    def beskrivelse(self) -> str:
        if self.type == self.Type.LEDIG_BOLIG:
            tekst = self.get_boligtype_display()
            if self.boligtype == self.Boligtype.EM_TILTAK:
                tekst += f": {self.get_em_tiltak_display()}, {self.get_em_alder_display().lower()}"
            return f"{tekst}{f', {self.antall} plasser' if self.antall else ''}"
        if self.type == self.Type.BESTEMT_PERSON:
            return f"{self.get_tilknytning_display()}, DUF {self.person.duf_formatert if self.person else ''}"
        return f"Maks {self.antall} personer"


AKTIVE = (Innmelding.Status.VENTER, Innmelding.Status.SAKSBEHANDLES)  # «Aktive innmeldinger» (seed 002)
