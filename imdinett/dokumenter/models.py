from django.conf import settings
from django.db import models


class Dokument(models.Model):
    """A rendered PDF kept for download (letters, printouts). Read through dokumenter.selectors only."""

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
    person = models.ForeignKey(
        "personer.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="dokumenter"
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
