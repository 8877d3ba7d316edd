"""The municipality-and-month choice the finance pages (settlements, fees,
granted against performed) share: one form, one query string."""

from django.http import Http404
from django.utils.http import urlencode

from kundval.scoping import visible_municipalities
from vouchers.fee_forms import MonthForm


def month_form(request, *roles) -> MonthForm:
    """The municipality and month, from the POST or GET; a municipality the
    user may not see is not there at all (404)."""
    posted = request.method == "POST"
    municipalities = visible_municipalities(request.user, *roles).order_by("name")
    data = request.POST if posted else (request.GET if "month" in request.GET else None)
    if data is not None and not data.get("municipality") and municipalities:
        # A month without a municipality: the user's first one, not a 404.
        data = data.copy()
        data["municipality"] = str(municipalities[0].pk)
    form = MonthForm(data, municipalities=municipalities)
    if form.is_bound and not form.is_valid() and "municipality" in form.errors:
        raise Http404
    return form


def month_query(municipality, month) -> str:
    return urlencode({"municipality": municipality.pk, "month": f"{month:%Y-%m}"})
