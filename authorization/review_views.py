"""The quality unit's side: reviewing applications condition by condition."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.forms import ReviewForm
from authorization.models import ApplicationStatus
from authorization.selectors import (
    answers_of,
    conditions_of,
    review_parts,
    reviewable_application,
    reviewable_applications,
)
from authorization.services import application_review_save, application_transition
from kundval.access import require_roles
from kundval.models import Role

DECISIONS = {
    "request_completion": (
        ApplicationStatus.COMPLETION_REQUESTED,
        gettext_lazy("Completion has been requested."),
    ),
    "approve": (
        ApplicationStatus.APPROVED,
        gettext_lazy("The application has been approved."),
    ),
    "refuse": (
        ApplicationStatus.REFUSED,
        gettext_lazy("The application has been refused."),
    ),
}


@require_roles(Role.QUALITY_OFFICER)
def review_list(request):
    context = {"applications": reviewable_applications(user=request.user)}
    return render(request, "authorization/review_list.html", context)


@require_roles(Role.QUALITY_OFFICER)
def review_detail(request, pk: int):
    application = reviewable_application(user=request.user, pk=pk)
    conditions = list(conditions_of(application.announcement))
    form = ReviewForm(
        request.POST or None, application=application, conditions=conditions
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _decide(request, application, form)
    ):
        return redirect("review-detail", application.pk)
    answers = answers_of(application=application)
    context = {
        "application": application,
        "form": form,
        "rows": [(c, answers.get(c.pk, ""), v, n) for c, v, n in form.rows],
        "open": application.status == ApplicationStatus.SUBMITTED,
        **review_parts(application=application, conditions=conditions),
    }
    return render(request, "authorization/review_detail.html", context)


def _decide(request, application, form) -> bool:
    action = request.POST.get("action")
    try:
        application_review_save(
            user=request.user, application=application, verdicts=form.verdicts()
        )
        if action in DECISIONS:
            status, done = DECISIONS[action]
            application_transition(
                user=request.user,
                application=application,
                to=status,
                note=form.cleaned_data["reasons"],
                valid_from=form.cleaned_data["valid_from"],
                capacity_ceiling=form.cleaned_data["capacity_ceiling"],
            )
            messages.success(request, done)
        else:
            messages.success(request, _("The review has been saved."))
        return True
    except ValidationError as error:
        form.add_error(None, error)
        return False
