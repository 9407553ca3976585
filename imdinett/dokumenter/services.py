"""PDF rendering with WeasyPrint and the letters kept for download."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML

from .models import Dokument


def pdf_render(*, template: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes (fonts: DejaVu, which covers æøå)."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


@transaction.atomic
def dokument_lagre(
    *, tittel: str, type: str, template: str, context: dict, organisasjon, person=None, av=None
) -> Dokument:
    """Render and keep a PDF for `organisasjon` to download (IMDi reaches every document)."""
    pdf = pdf_render(template=template, context={**context, "tittel": tittel})
    dokument = Dokument(tittel=tittel, type=type, organisasjon=organisasjon, person=person, opprettet_av=av)
    dokument.fil.save(f"{slugify(tittel)[:80] or 'dokument'}.pdf", ContentFile(pdf), save=False)
    dokument.save()
    return dokument
