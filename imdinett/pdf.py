"""PDF rendering with WeasyPrint: the person folder's printouts and the letters kept for download
(`dokumenter.services.dokument_lagre`) are drawn the same way."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_render(*, template: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes (fonts: DejaVu, which covers æøå)."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
