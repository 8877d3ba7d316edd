"""The one PDF helper: a template rendered to bytes with WeasyPrint.

Rendered under `translation.override`, since a Celery worker has no request
to take the language from, and as PDF/UA (tagged), so screen readers can read
the annual reports the municipality publishes. Templates use plain block CSS:
deep flex nesting is slow in WeasyPrint.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(*, template_name: str, context: dict, language: str = "sv") -> bytes:
    # Imported here: WeasyPrint loads Pango at import, and only PDF work needs it.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template_name, {**context, "language": language})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1")
