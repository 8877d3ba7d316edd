"""The finance officer's fee pages (the month's statements, one customer's
statement with its PDF and fee basis) and granted against performed hours,
which case and quality officers read too. Every page is scoped to the
user's municipalities; every customer shown writes an access-log row, in
the selectors (vouchers.selectors.fees and .granted) that read them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kundval.access import require_roles
from kundval.models import Role
from kundval.pdf import render_pdf
from vouchers.fee_forms import FeeBasisForm, MonthField, this_month
from vouchers.selectors import (
    GRANTED_ROLES,
    customer_for_fee_page,
    fee_history,
    fee_statement_for_pdf,
    fee_statement_page,
    granted_customers_page,
    granted_provider,
    granted_vs_performed,
)
from vouchers.services.fees import fee_basis_save, fee_statements_run
from vouchers.views.month_select import month_form, month_query

PAGE_SIZE = 50


@require_roles(Role.FINANCE_OFFICER)
def fee_statements(request):
    form = month_form(request, Role.FINANCE_OFFICER)
    if form.is_bound and not form.is_valid():
        return render(request, "vouchers/fee_statements.html", {"form": form})
    municipality, month = form.month_or_default()
    if municipality is None:
        raise Http404
    if request.method == "POST":
        try:
            count = fee_statements_run(municipality=municipality, month=month)
            messages.success(
                request, _("Fees computed for %(count)d customers.") % {"count": count}
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(
            f"{reverse('fee-statements')}?{month_query(municipality, month)}"
        )
    page = fee_statement_page(
        user=request.user,
        municipality_id=municipality.pk,
        month=month,
        page_number=request.GET.get("sida"),
        per_page=PAGE_SIZE,
    )
    context = {
        "form": form,
        "municipality": municipality,
        "month": month,
        "page": page,
        "filter_query": month_query(municipality, month),
    }
    return render(request, "vouchers/fee_statements.html", context)


def _month_of(request):
    """The ?month= of a customer's statement; this month if none or bad."""
    try:
        return MonthField(required=False).clean(request.GET.get("month")) or (
            this_month()
        )
    except ValidationError:
        return this_month()


@require_roles(Role.FINANCE_OFFICER)
def fee_statement(request, pk: int):
    month = _month_of(request)
    customer = customer_for_fee_page(user=request.user, pk=pk, month=month)
    form = FeeBasisForm(request.POST or None, initial={"valid_from": month})
    if request.method == "POST" and form.is_valid():
        try:
            fee_basis_save(user=request.user, customer=customer, **form.cleaned_data)
            messages.success(
                request,
                _("The fee basis has been saved. Run the month again to apply it."),
            )
            url = reverse("fee-statement", args=[customer.pk])
            return redirect(f"{url}?{urlencode({'month': f'{month:%Y-%m}'})}")
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "customer": customer,
        "month": month,
        **fee_history(customer=customer, month=month),
        "form": form,
    }
    return render(request, "vouchers/fee_statement.html", context)


@require_roles(Role.FINANCE_OFFICER)
@require_GET
def fee_statement_pdf(request, pk: int):
    """The statement to send the customer, in Swedish whatever the UI language."""
    month = _month_of(request)
    statement = fee_statement_for_pdf(user=request.user, customer_id=pk, month=month)
    pdf = render_pdf(
        template_name="vouchers/fee_statement_pdf.html",
        context={"customer": statement.customer, "statement": statement},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"avgift-{statement.customer_id}-{month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_roles(*GRANTED_ROLES)
@require_GET
def granted_performed(request):
    """Per provider: granted and performed hours of the month. Names no
    customer, so writes no access-log row."""
    form = month_form(request, *GRANTED_ROLES)
    figures = None
    if not form.is_bound or form.is_valid():
        municipality, month = form.month_or_default()
        if municipality is not None:
            figures = granted_vs_performed(municipality_id=municipality.pk, month=month)
    context = {"form": form, "figures": figures}
    if figures is not None:
        context["filter_query"] = month_query(municipality, month)
    return render(request, "vouchers/granted_performed.html", context)


@require_roles(*GRANTED_ROLES)
@require_GET
def granted_performed_provider(request, pk: int):
    """One provider's customers in the month, the least delivered first."""
    form = month_form(request, *GRANTED_ROLES)
    if form.is_bound and not form.is_valid():
        return render(request, "vouchers/granted_provider.html", {"form": form})
    municipality, month = form.month_or_default()
    provider = granted_provider(municipality_id=municipality.pk, pk=pk)
    shown = granted_customers_page(
        user=request.user,
        municipality_id=municipality.pk,
        month=month,
        provider_id=provider.pk,
        page_number=request.GET.get("sida"),
        per_page=PAGE_SIZE,
    )
    figures = shown.figures
    context = {
        "form": form,
        "provider": provider,
        "figures": figures,
        "total": figures.providers[0] if figures.providers else None,
        "page": shown.page,
        "filter_query": month_query(municipality, month),
    }
    return render(request, "vouchers/granted_provider.html", context)


urlpatterns = [
    path("avgifter/", fee_statements, name="fee-statements"),
    path("avgifter/kund/<int:pk>/", fee_statement, name="fee-statement"),
    path("avgifter/kund/<int:pk>/pdf/", fee_statement_pdf, name="fee-statement-pdf"),
    path("beviljad-utford/", granted_performed, name="granted-performed"),
    path(
        "beviljad-utford/anordnare/<int:pk>/",
        granted_performed_provider,
        name="granted-performed-provider",
    ),
]
