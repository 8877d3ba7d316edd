"""The quality unit's side: reviewing applications condition by condition."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.forms import ReviewForm
from authorization.models import Application, ApplicationStatus
from authorization.selectors import conditions_of, manager_qualification
from authorization.services import application_review_save, application_transition
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible

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


def _reviewable(user):
    queryset = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    queryset = queryset.select_related(
        "provider", "announcement__service__municipality"
    )
    return visible(queryset, user, Role.QUALITY_OFFICER)


@require_roles(Role.QUALITY_OFFICER)
def review_list(request):
    context = {"applications": _reviewable(request.user)}
    return render(request, "authorization/review_list.html", context)


@require_roles(Role.QUALITY_OFFICER)
def review_detail(request, pk: int):
    application = get_object_or_404(_reviewable(request.user), pk=pk)
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
    answers = {a.condition_id: a.text for a in application.answers.all()}
    rows = [(c, answers.get(c.pk, ""), v, n) for c, v, n in form.rows]
    context = {
        "application": application,
        "form": form,
        "rows": rows,
        "open": application.status == ApplicationStatus.SUBMITTED,
        "events": application.events.select_related("by"),
        "declarations": application.declarations.all(),
        "documents": application.documents.select_related("condition"),
        "people": _people_with_qualification(application, conditions),
    }
    return render(request, "authorization/review_detail.html", context)


def _people_with_qualification(application, conditions) -> list[tuple]:
    """The manager and substitute with each requirement of the call's manager
    condition, if it has one, as of the last submission (the facts the
    provider stood by), else today."""
    if not any(condition.checks_manager for condition in conditions):
        return [(manager, []) for manager in application.managers.all()]
    submitted = application.events.filter(to_status=ApplicationStatus.SUBMITTED)
    last = submitted.order_by("-at").first()
    as_of = timezone.localdate(last.at) if last else timezone.localdate()
    return [
        (manager, manager_qualification(manager, as_of=as_of))
        for manager in application.managers.prefetch_related("periods")
    ]


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
