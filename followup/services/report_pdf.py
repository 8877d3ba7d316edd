"""STUB until the report helper's version is merged (the lead keeps that
one): a one-page PDF naming the provider and the year, through the one PDF
helper, so the batch, storage and publishing can be built and tested."""

from kundval.models import Municipality
from kundval.pdf import render_pdf
from providers.models import Provider


def quality_report_pdf(*, municipality_id: int, provider_id: int, year: int) -> bytes:
    context = {
        "municipality": Municipality.objects.get(pk=municipality_id),
        "provider": Provider.objects.get(pk=provider_id),
        "year": year,
    }
    return render_pdf(template_name="followup/report_stub.html", context=context)


def municipal_summary_pdf(*, municipality_id: int, year: int) -> bytes:
    context = {
        "municipality": Municipality.objects.get(pk=municipality_id),
        "provider": None,
        "year": year,
    }
    return render_pdf(template_name="followup/report_stub.html", context=context)
