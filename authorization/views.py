"""Public pages of the call for applications."""

from django.http import HttpResponse
from django.shortcuts import render

from authorization.selectors import (
    announcement_published,
    announcements_published,
    conditions_of,
)
from kundval.access import public
from kundval.pdf import render_pdf


@public
def announcement_list(request):
    context = {"announcements": announcements_published()}
    return render(request, "authorization/announcement_list.html", context)


def _announcement_context(pk: int) -> dict:
    announcement = announcement_published(pk=pk)
    return {"announcement": announcement, "conditions": conditions_of(announcement)}


@public
def announcement_detail(request, pk: int):
    context = _announcement_context(pk)
    return render(request, "authorization/announcement_detail.html", context)


@public
def announcement_pdf(request, pk: int):
    context = _announcement_context(pk)
    pdf = render_pdf(
        template_name="authorization/announcement_pdf.html",
        context=context,
        language=request.LANGUAGE_CODE,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="forfragningsunderlag-{pk}.pdf"'
    )
    return response
