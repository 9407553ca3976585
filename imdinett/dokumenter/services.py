"""The letters kept for download (rendered with `imdinett.pdf`)."""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from imdinett.organisasjoner.tilgang import roller_med
from imdinett.pdf import pdf_render

from .models import Dokument


@transaction.atomic
def dokument_lagre(
    *,
    tittel: str,
    type: str,
    template: str,
    context: dict,
    organisasjon,
    tillatelse: str,
    person=None,
    personer: Iterable = (),
    av=None,
) -> Dokument:
    """Render and keep a PDF for `organisasjon`. It is read with the permission `tillatelse` there (the
    permission of the page the letter belongs to; IMDi holds the letters' permissions nationally) by a user
    who reaches every person it names: `person` (the one it is about) and `personer` (a list's)."""
    roller_med(tillatelse)  # a name that does not exist fails here, not at the first download
    pdf = pdf_render(template=template, context={**context, "tittel": tittel})
    dokument = Dokument(
        tittel=tittel,
        type=type,
        organisasjon=organisasjon,
        tillatelse=tillatelse,
        person=person,
        opprettet_av=av,
    )
    dokument.fil.save(f"{slugify(tittel)[:80] or 'dokument'}.pdf", ContentFile(pdf), save=False)
    dokument.save()
    navngitte = {getattr(p, "pk", p) for p in personer}
    if person is not None:
        navngitte.add(person.pk)
    if navngitte:
        dokument.personer.set(sorted(navngitte))
    return dokument
