"""Pages of follow-up plans: the quality unit's plan of a year, planning a
follow-up, one follow-up (findings, measures, sanctions, its states), and
the provider's follow-ups and its answer to each measure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from authorization.selectors import conditions_of
from followup.follow_up_forms import (
    FindingForm,
    FindingSanctionForm,
    MeasureAnswerForm,
    MeasureForm,
    MoveForm,
    PlanFilterForm,
    PlanForm,
    ReplanForm,
)
from followup.models import FollowUpStatus, Outcome
from followup.selectors.follow_ups import (
    authorizations_to_follow_up,
    complaints_to_review,
    conditions_with_findings,
    finding_for_quality,
    findings_of,
    follow_up_for_provider,
    follow_up_for_quality,
    follow_up_plan_of,
    follow_ups_for_provider,
    measure_for_provider,
)
from followup.services.follow_ups import (
    FOLLOW_UP_TRANSITIONS,
    finding_record,
    finding_sanction,
    follow_up_plan,
    follow_up_replan,
    follow_up_transition,
    measure_add,
    measure_answer,
)
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible_municipalities

QUALITY = Role.QUALITY_OFFICER
PROVIDER = Role.PROVIDER_USER


@require_roles(QUALITY)
def follow_up_plan_page(request):
    municipalities = visible_municipalities(request.user, QUALITY).order_by("name")
    form = PlanFilterForm(request.GET or None, municipalities=municipalities)
    municipality, year = form.chosen(municipalities)
    plan = None
    if municipality is not None:
        plan = follow_up_plan_of(
            user=request.user, municipality_id=municipality.pk, year=year
        )
        form = PlanFilterForm(
            initial={"municipality": municipality.pk, "year": year},
            municipalities=municipalities,
        )
    context = {"form": form, "plan": plan, "municipality": municipality}
    return render(request, "followup/follow_up_plan.html", context)


@require_roles(QUALITY)
def follow_up_new(request):
    form = PlanForm(
        request.POST or None,
        authorizations=authorizations_to_follow_up(user=request.user),
        complaints=complaints_to_review(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = follow_up_plan(user=request.user, **form.cleaned_data)
            messages.success(request, _("The follow-up has been planned."))
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "followup/follow_up_new.html", {"form": form})


def _targets(follow_up) -> list[tuple[str, str]]:
    """The changes the quality unit makes from here, as buttons."""
    labels = dict(FollowUpStatus.choices)
    return sorted(
        (to, labels[to])
        for to in FOLLOW_UP_TRANSITIONS.targets(follow_up.status)
        if FOLLOW_UP_TRANSITIONS.edges[(follow_up.status, to)] == QUALITY
    )


def _quality_page(request, follow_up, **forms):
    """The follow-up's page; a form posted with errors is shown bound."""
    findings = findings_of(follow_up)
    conditions = conditions_of(follow_up.authorization.application.announcement)
    editable = follow_up.status == FollowUpStatus.IN_PROGRESS
    planned = follow_up.status == FollowUpStatus.PLANNED
    sanction_forms = forms.pop("sanction_forms", {})
    open_status = follow_up.status not in (
        FollowUpStatus.PLANNED,
        FollowUpStatus.CLOSED,
    )
    breaches = [
        (f, sanction_forms.get(f.pk) or FindingSanctionForm(finding=f))
        for f in findings
        if f.outcome == Outcome.NOT_MET and not f.sanction_id and open_status
    ]
    complaints = complaints_to_review(user=request.user)
    context = {
        "follow_up": follow_up,
        "rows": conditions_with_findings(follow_up),
        "measures": list(follow_up.measures.all()),
        "events": follow_up.events.select_related("by"),
        "breaches": breaches,
        "targets": _targets(follow_up),
        "finding_form": forms.get("finding_form")
        or (FindingForm(conditions=conditions) if editable else None),
        "measure_form": forms.get("measure_form")
        or (MeasureForm() if editable else None),
        "move_form": forms.get("move_form") or MoveForm(),
        "replan_form": forms.get("replan_form")
        or (
            ReplanForm(
                initial={
                    "month": follow_up.month,
                    "kind": follow_up.kind,
                    "complaint": follow_up.complaint_id,
                },
                complaints=complaints,
            )
            if planned
            else None
        ),
    }
    return render(request, "followup/follow_up_detail.html", context)


@require_roles(QUALITY)
def follow_up_detail(request, pk: int):
    follow_up = follow_up_for_quality(user=request.user, pk=pk)
    return _quality_page(request, follow_up)


@require_POST
@require_roles(QUALITY)
def follow_up_replan_page(request, pk: int):
    follow_up = follow_up_for_quality(user=request.user, pk=pk)
    form = ReplanForm(request.POST, complaints=complaints_to_review(user=request.user))
    if form.is_valid():
        try:
            follow_up_replan(
                user=request.user, follow_up=follow_up, **form.cleaned_data
            )
            messages.success(request, _("The follow-up has been changed."))
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _quality_page(request, follow_up, replan_form=form)


@require_POST
@require_roles(QUALITY)
def follow_up_finding(request, pk: int):
    follow_up = follow_up_for_quality(user=request.user, pk=pk)
    conditions = conditions_of(follow_up.authorization.application.announcement)
    form = FindingForm(request.POST, conditions=conditions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding_record(
                user=request.user,
                follow_up=follow_up,
                condition_id=data["condition"].pk,
                outcome=data["outcome"],
                note=data["note"],
            )
            messages.success(request, _("The finding has been recorded."))
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _quality_page(request, follow_up, finding_form=form)


@require_POST
@require_roles(QUALITY)
def follow_up_measure(request, pk: int):
    follow_up = follow_up_for_quality(user=request.user, pk=pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            measure_add(user=request.user, follow_up=follow_up, **form.cleaned_data)
            messages.success(request, _("The measure has been added."))
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _quality_page(request, follow_up, measure_form=form)


@require_POST
@require_roles(QUALITY)
def follow_up_move(request, pk: int):
    follow_up = follow_up_for_quality(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            follow_up_transition(
                user=request.user,
                follow_up=follow_up,
                to=request.POST.get("to", ""),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The follow-up has been updated."))
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _quality_page(request, follow_up, move_form=form)


@require_POST
@require_roles(QUALITY)
def finding_sanction_page(request, pk: int):
    finding = finding_for_quality(user=request.user, pk=pk)
    follow_up = follow_up_for_quality(user=request.user, pk=finding.follow_up_id)
    form = FindingSanctionForm(request.POST, finding=finding)
    if form.is_valid():
        try:
            sanction = finding_sanction(
                user=request.user, finding=finding, **form.cleaned_data
            )
            messages.success(
                request,
                _("%(sanction)s decided; the provider has been notified.")
                % {"sanction": sanction.get_kind_display()},
            )
            return redirect("follow-up-detail", follow_up.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return _quality_page(request, follow_up, sanction_forms={finding.pk: form})


@require_roles(PROVIDER)
def provider_follow_ups(request):
    context = {"follow_ups": follow_ups_for_provider(user=request.user)}
    return render(request, "followup/follow_up_provider_list.html", context)


@require_roles(PROVIDER)
def provider_follow_up(request, pk: int):
    follow_up = follow_up_for_provider(user=request.user, pk=pk)
    context = {
        "follow_up": follow_up,
        "findings": findings_of(follow_up),
        "measures": list(follow_up.measures.all()),
        "open": follow_up.status == FollowUpStatus.FINDINGS_SENT,
    }
    return render(request, "followup/follow_up_provider.html", context)


@require_roles(PROVIDER)
def provider_measure(request, pk: int):
    measure = measure_for_provider(user=request.user, pk=pk)
    open_ = (
        measure.answered_at is None
        and measure.follow_up.status == FollowUpStatus.FINDINGS_SENT
    )
    form = MeasureAnswerForm(request.POST or None, initial={"answer": measure.answer})
    if request.method == "POST" and open_ and form.is_valid():
        try:
            measure_answer(
                user=request.user, measure=measure, answer=form.cleaned_data["answer"]
            )
            messages.success(request, _("Your answer has been sent."))
            return redirect("provider-follow-up", measure.follow_up_id)
        except ValidationError as error:
            form.add_error(None, error)
    context = {"measure": measure, "form": form if open_ else None}
    return render(request, "followup/follow_up_measure.html", context)
