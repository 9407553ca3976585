"""PDF rendering with WeasyPrint and the letters kept for download."""

from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML

from imdinett.organisasjoner.tilgang import roller_med

from .models import Dokument


def pdf_render(*, template: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes (fonts: DejaVu, which covers æøå)."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


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
