"""Pages of follow-up: the public complaint form and its receipt, the
quality unit's complaints (list, registration, detail with assignment and
transitions) and the provider's (list, detail, answer)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.forms import (
    AnswerForm,
    AssignForm,
    NoteForm,
    PublicComplaintForm,
    RegisterForm,
)
from followup.models import ComplaintStatus
from followup.selectors import (
    complaint_contact,
    complaint_for_provider,
    complaint_for_quality,
    complaints_for_provider,
    complaints_for_quality,
    complaints_overdue_for_quality,
    handlers_for,
)
from followup.services import (
    complaint_answer,
    complaint_assign,
    complaint_file,
    complaint_register,
    complaint_transition,
    complaint_transitions,
)
from kundval.access import public, require_roles
from kundval.middleware import client_ip
from kundval.models import Role
from kundval.scoping import visible_municipalities

QUALITY = Role.QUALITY_OFFICER
RECEIPT_KEY = "complaint_number"


@public
def complaint_new(request):
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            # A script gets what a person would: it learns nothing.
            return redirect("complaint-receipt")
        try:
            complaint = complaint_file(
                filing=form.filing(),
                submission_key=form.cleaned_data["submission_key"],
                address=client_ip(request),
            )
            request.session[RECEIPT_KEY] = complaint.pk
            return redirect("complaint-receipt")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "followup/complaint_new.html", {"form": form})


@public
def complaint_receipt(request):
    number = request.session.get(RECEIPT_KEY)
    return render(request, "followup/complaint_receipt.html", {"number": number})


@require_roles(QUALITY)
def quality_complaints(request):
    context = {
        "complaints": complaints_for_quality(user=request.user),
        "overdue": complaints_overdue_for_quality(user=request.user),
    }
    return render(request, "followup/quality_complaints.html", context)


@require_roles(QUALITY, Role.CASE_OFFICER)
def complaint_register_page(request):
    municipalities = visible_municipalities(request.user, QUALITY, Role.CASE_OFFICER)
    form = RegisterForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_register(
                user=request.user,
                filing=form.filing(),
                channel=form.cleaned_data["channel"],
                identity_number=form.cleaned_data["identity_number"],
            )
            messages.success(
                request,
                _("Complaint %(number)s has been registered.")
                % {"number": complaint.pk},
            )
            return redirect("complaint-register")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "followup/complaint_register.html", {"form": form})


@require_roles(QUALITY)
def complaint_detail(request, pk: int):
    complaint = complaint_for_quality(user=request.user, pk=pk)
    table = complaint_transitions(complaint)
    labels = dict(ComplaintStatus.choices)
    # The buttons: the changes the quality unit makes from here (a complaint
    # becomes assigned by naming its handler, in the form above them).
    targets = sorted(
        (to, labels[to])
        for to in table.targets(complaint.status) - {ComplaintStatus.ASSIGNED}
        if table.edges[(complaint.status, to)] == QUALITY
    )
    context = {
        "complaint": complaint,
        "contact": complaint_contact(user=request.user, complaint=complaint),
        "assign_form": AssignForm(handlers=handlers_for(complaint)),
        "note_form": NoteForm(),
        "answer_form": AnswerForm(),
        "targets": targets,
    }
    return render(request, "followup/quality_complaint.html", context)


@require_POST
@require_roles(QUALITY)
def complaint_assign_page(request, pk: int):
    complaint = complaint_for_quality(user=request.user, pk=pk)
    form = AssignForm(request.POST, handlers=handlers_for(complaint))
    if form.is_valid():
        complaint_assign(
            user=request.user, complaint=complaint, handler=form.cleaned_data["handler"]
        )
        messages.success(request, _("The handler has been named."))
    else:
        messages.error(request, _("Choose a handler."))
    return redirect("complaint-detail", complaint.pk)


@require_POST
@require_roles(QUALITY)
def complaint_move(request, pk: int):
    complaint = complaint_for_quality(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if request.POST.get("to") == ComplaintStatus.ANSWERED:
            answer = AnswerForm(request.POST)
            answer.is_valid()
            complaint_answer(
                user=request.user,
                complaint=complaint,
                answer=answer.cleaned_data.get("answer", ""),
            )
        else:
            complaint_transition(
                user=request.user,
                complaint=complaint,
                to=request.POST.get("to", ""),
                note=note,
            )
        messages.success(request, _("The complaint has been updated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("complaint-detail", complaint.pk)


@require_roles(Role.PROVIDER_USER)
def provider_complaints(request):
    context = {"complaints": complaints_for_provider(user=request.user)}
    return render(request, "followup/provider_complaints.html", context)


@require_roles(Role.PROVIDER_USER)
def provider_complaint(request, pk: int):
    complaint = complaint_for_provider(user=request.user, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_answer(
                user=request.user,
                complaint=complaint,
                answer=form.cleaned_data["answer"],
            )
            messages.success(request, _("Your answer has been sent."))
            return redirect("provider-complaint", complaint.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        "complaint": complaint,
        "contact": complaint_contact(user=request.user, complaint=complaint),
        "form": form if complaint.status == ComplaintStatus.INVESTIGATING else None,
    }
    return render(request, "followup/provider_complaint.html", context)
