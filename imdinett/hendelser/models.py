from django.conf import settings
from django.db import models


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

    def __str__(self):
        return f"{self.tidspunkt:%d.%m.%Y %H:%M} {self.tittel}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Hendelser kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Hendelser kan ikke slettes.")


class Varsel(models.Model):
    """An in-app notification to an organisation; `rolle` narrows it to users with that role there."""

    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon", on_delete=models.CASCADE, related_name="varsler"
    )
    rolle = models.CharField("Rolle", max_length=50, blank=True)
    tittel = models.CharField("Tittel", max_length=200)
    tekst = models.TextField("Tekst", blank=True)
    lenke = models.CharField("Lenke", max_length=300, blank=True)
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "varsel"
        verbose_name_plural = "varsler"
        ordering = ["-opprettet", "-id"]

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
    """The outbox: written in the transaction that caused it, sent after commit or by the sweep."""

    til = models.TextField("Til", help_text="Mottakere, kommaseparert.")
    emne = models.CharField("Emne", max_length=200)
    tekst = models.TextField("Tekst")
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    sendt = models.DateTimeField("Sendt", null=True, blank=True)
    forsok = models.PositiveIntegerField("Forsøk", default=0)
    siste_feil = models.TextField("Siste feil", blank=True)

    class Meta:
        verbose_name = "e-post"
        verbose_name_plural = "e-poster (utboks)"
        ordering = ["-opprettet"]
        indexes = [
            models.Index(fields=["opprettet"], condition=models.Q(sendt__isnull=True), name="epost_usendt")
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
