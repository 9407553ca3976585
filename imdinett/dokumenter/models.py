from django.conf import settings
from django.db import models


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
