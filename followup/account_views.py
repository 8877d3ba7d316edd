"""Pages of the annual quality account: the provider's (the accounts it
owes and has filed; one account to fill in and submit) and the quality
unit's (a year's accounts by state; one account to accept or return)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.account_forms import AccountForm, ReturnForm, StartForm, YearForm
from followup.models import AccountStatus
from followup.selectors.accounts import (
    account_for_provider,
    account_for_quality,
    account_year,
    accounts_for_quality,
    accounts_of_provider,
    accounts_owed_by_provider,
)
from followup.services.accounts import (
    OPEN_TO_PROVIDER,
    quality_account_save,
    quality_account_start,
    quality_account_transition,
)
from kundval.access import require_roles
from kundval.models import Municipality, Role
from providers.models import Provider

A = AccountStatus
PROVIDER = Role.PROVIDER_USER
QUALITY = Role.QUALITY_OFFICER


@require_roles(PROVIDER)
def provider_accounts(request):
    year = account_year()
    context = {
        "year": year,
        "owed": accounts_owed_by_provider(user=request.user, year=year),
        "accounts": accounts_of_provider(user=request.user),
    }
    return render(request, "followup/account_provider_list.html", context)


@require_POST
@require_roles(PROVIDER)
def provider_account_start(request):
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an account to start."))
        return redirect("account-provider-list")
    provider = get_object_or_404(Provider, pk=form.cleaned_data["provider"])
    municipality = get_object_or_404(Municipality, pk=form.cleaned_data["municipality"])
    try:
        account = quality_account_start(
            user=request.user, provider=provider, municipality=municipality
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("account-provider-list")
    return redirect("account-provider-detail", account.pk)


@require_roles(PROVIDER)
def provider_account(request, pk: int):
    account = account_for_provider(user=request.user, pk=pk)
    editable = account.status in OPEN_TO_PROVIDER
    posted = request.method == "POST" and editable
    form = AccountForm.of(account, request.POST if posted else None)
    if posted and form.is_valid():
        try:
            quality_account_save(
                user=request.user, account=account, data=form.cleaned_data
            )
            if "submit" in request.POST:
                quality_account_transition(
                    user=request.user, account=account, to=A.SUBMITTED
                )
                messages.success(request, _("The quality account has been submitted."))
            else:
                messages.success(request, _("The draft has been saved."))
            return redirect("account-provider-detail", account.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {"account": account, "form": form if editable else None}
    return render(request, "followup/account_provider.html", context)


@require_roles(QUALITY)
def quality_accounts(request):
    form = YearForm(request.GET or None)
    year = account_year()
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = accounts_for_quality(user=request.user, year=year)
    counts = {status: 0 for status in ("missing", *A.values)}
    for row in rows:
        counts[row.status] += 1
    context = {
        "form": form if form.is_bound else YearForm(initial={"year": year}),
        "year": year,
        "rows": rows,
        "counts": counts,
    }
    return render(request, "followup/account_quality_list.html", context)


@require_roles(QUALITY)
def quality_account(request, pk: int):
    account = account_for_quality(user=request.user, pk=pk)
    return_form = ReturnForm()
    context = {
        "account": account,
        "return_form": return_form,
        "decidable": account.status == A.SUBMITTED,
    }
    return render(request, "followup/account_quality.html", context)


@require_POST
@require_roles(QUALITY)
def quality_account_decide(request, pk: int):
    account = account_for_quality(user=request.user, pk=pk)
    to = request.POST.get("to", "")
    reason = ""
    if to == A.RETURNED:
        form = ReturnForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        quality_account_transition(
            user=request.user, account=account, to=to, reason=reason
        )
        messages.success(request, _("The quality account has been updated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("account-quality-detail", account.pk)
