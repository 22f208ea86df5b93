"""Staff: the wording of decision letters (/ansatt/brevmaler/), per office, route, outcome and
målform, and the review of a change before letters use it.

/ansatt/brevmaler/                          the office's templates and the changes waiting
/ansatt/brevmaler/<number>/                 propose a change (or preview it as a PDF)
/ansatt/brevmaler/<number>/godkjenning/     approve or reject the pending change
/ansatt/brevmaler/<number>/forhandsvisning/ the text in use (or, with ?forslag=1, the proposed)

Caseworkers and NAV counsellors see only their own office's templates; administrators see every
template and alone change the national ones. A template outside the user's reach answers 404,
whatever its number (letter_templates.editable_templates). A preview renders a made-up decision,
so nothing is saved and no one's data is used.
"""

from __future__ import annotations

import datetime

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.accounts.decorators import staff_view
from veivalg.accounts.models import Organisation, Person
from veivalg.accounts.rules import is_administrator
from veivalg.directory.models import Offer, Organization

from .. import letter_templates as templates
from .. import letters
from ..forms_case import LetterTemplateForm, ReviewForm
from ..models import Application, Case, CasePart, Decision, LetterTemplate, Route
from ..selectors import handler_offices
from ..services.errors import StaleVersion
from ..states import PartStatus

REPLACED_MEANWHILE = gettext_lazy(
    "Noen andre har foreslått en endring i denne brevmalen mens du skrev. Ingenting er lagret. "
    "Det du skrev, står fortsatt her. Se endringen som venter nå, og lagre igjen."
)
NOT_PENDING = gettext_lazy(
    "Endringen er allerede godkjent, avvist eller erstattet av en nyere. Ingenting er lagret. "
    "Se hva som venter nå."
)


def _template_or_404(request: HttpRequest, number: int) -> LetterTemplate:
    """Only among the templates the user may change: another office's number answers 404."""
    return get_object_or_404(
        templates.editable_templates(request.user).select_related("office", "approved_by"), pk=number
    )


@staff_view("intake.edit_letter_templates")
def letter_templates(request: HttpRequest) -> HttpResponse:
    offices = [
        {"office": office, "templates": templates.office_templates(office)}
        for office in handler_offices(request.user).order_by("name")
    ]
    national = (
        list(
            LetterTemplate.objects.national()
            .select_related("approved_by")
            .order_by("route", "outcome", "language")
        )
        if is_administrator.test(request.user)
        else []
    )
    waiting = list(templates.changes_to_review(request.user))
    pending_of = {change.template_id: change for change in waiting}
    for template in [t for group in offices for t in group["templates"]] + national:
        template.pending = pending_of.get(template.pk)
    return render(
        request,
        "intake/decisions/letter_templates.html",
        {"offices": offices, "national": national, "waiting": waiting},
    )


@staff_view("intake.edit_letter_templates")
def edit_letter_template(request: HttpRequest, number: int) -> HttpResponse:
    """Propose a new wording. It is used in letters only after a colleague approves it."""
    template = _template_or_404(request, number)
    pending = templates.pending_change(template)
    title, body = (pending.title, pending.body) if pending else templates.wording(template)
    initial = {"title": title, "body": body, "replacing": pending.pk if pending else None}
    form = LetterTemplateForm(request.POST or None, initial=initial)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            return preview_response(template, data["title"], data["body"])
        try:
            templates.propose_change(
                template=template,
                title=data["title"],
                body=data["body"],
                by=request.user,
                replacing=data["replacing"],
            )
        except StaleVersion:
            pending = templates.pending_change(template)
            form = LetterTemplateForm(_replacing(request.POST, pending))
            form.is_valid()
            error, status = REPLACED_MEANWHILE, 409
        except templates.NothingChanged:
            form.add_error(None, _("Teksten er lik den som brukes nå. Endre noe før du lagrer."))
        else:
            messages.success(
                request,
                _(
                    "Endringen er lagret og venter på godkjenning. Brevene bruker den gamle teksten "
                    "til en annen ved kontoret har godkjent endringen."
                ),
            )
            return redirect("intake:letter_templates")
    if form.errors:
        status = 400
    return render(
        request,
        "intake/decisions/edit_letter_template.html",
        {
            "template": template,
            "form": form,
            "pending": pending,
            "error": error,
            "placeholders": letters.PLACEHOLDERS,
        },
        status=status,
    )


def _replacing(data, pending):
    data = data.copy()
    data["replacing"] = str(pending.pk) if pending else ""
    return data


@staff_view("intake.edit_letter_templates")
def review_letter_template(request: HttpRequest, number: int) -> HttpResponse:
    """The pending change next to the text in use: approve it (not one's own) or reject it."""
    template = _template_or_404(request, number)
    pending = templates.pending_change(template)
    form = ReviewForm(request.POST or None, initial={"change": pending.pk if pending else None})
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        if pending is None or form.cleaned_data["change"] != pending.pk:
            error, status = NOT_PENDING, 409
        elif "approve" in request.POST:
            if not rules.test_rule("intake.review_letter_template_change", request.user, pending):
                error, status = _("Du kan ikke godkjenne en endring du har foreslått selv."), 403
            else:
                try:
                    templates.approve_change(change=pending, by=request.user)
                except templates.OwnChange:
                    error, status = _("Du kan ikke godkjenne en endring du har foreslått selv."), 403
                except templates.ChangeNotPending:
                    error, status = NOT_PENDING, 409
                else:
                    messages.success(request, _("Endringen er godkjent. Nye brev bruker den nye teksten."))
                    return redirect("intake:letter_templates")
        else:
            try:
                templates.reject_change(change=pending, by=request.user, note=form.cleaned_data["note"])
            except templates.ChangeNotPending:
                error, status = NOT_PENDING, 409
            else:
                messages.success(
                    request, _("Endringen er avvist. Brevene bruker fortsatt den gamle teksten.")
                )
                return redirect("intake:letter_templates")
        if status == 409:
            pending = templates.pending_change(template)
            form = ReviewForm(initial={"change": pending.pk if pending else None})
    elif form.errors:
        status = 400
    title, body = templates.wording(template)
    return render(
        request,
        "intake/decisions/review_letter_template.html",
        {
            "template": template,
            "pending": pending,
            "form": form,
            "error": error,
            "in_use": {"title": title, "body": body},
            "own": pending is not None and pending.proposed_by_id == request.user.pk,
        },
        status=status,
    )


@staff_view("intake.edit_letter_templates")
def preview_letter_template(request: HttpRequest, number: int) -> HttpResponse:
    """The text in use, or with ?forslag=1 the pending change, as a PDF letter with an example
    decision."""
    template = _template_or_404(request, number)
    pending = templates.pending_change(template) if request.GET.get("forslag") else None
    title, body = (pending.title, pending.body) if pending else templates.wording(template)
    return preview_response(template, title, body)


def preview_response(template: LetterTemplate, title: str, body: str) -> HttpResponse:
    wording = LetterTemplate(
        office=template.office,
        route=template.route,
        outcome=template.outcome,
        language=template.language,
        title=title,
        body=body,
    )
    pdf = letters.render_letter(example_decision(wording), wording)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="forhandsvisning.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def example_decision(template: LetterTemplate) -> Decision:
    """A decision that exists only in memory, with fictional names, for previews. The office
    is the template's own (its name and contact details), or a made-up one."""
    today = timezone.localdate()
    office = template.office or Organisation(
        name=_("Tildelingskontoret") if template.route == Route.VEDTAK else "NAV",
        phone="12 34 56 78",
        email="post@eksempel.no",
    )
    applicant = Person(display_name="Kari Eksempel")
    application = Application(reference="S-EKSEMPEL")
    case = Case(application=application, applicant=applicant)
    part = CasePart(case=case, route=template.route, office=office, status=template.outcome)
    granted = template.outcome == PartStatus.GRANTED
    offer = Offer(title=_("Eksempeltilbud"), organization=Organization(name=_("Eksempelbedriften AS")))
    return Decision(
        part=part,
        outcome=template.outcome,
        offer=offer if granted else None,
        start_date=today + datetime.timedelta(days=30) if granted else None,
        days_per_week=5 if granted else None,
        reasons=_("Her står begrunnelsen saksbehandleren skriver."),
        legal_basis=letters.default_legal_basis(template.route, template.language),
        language=template.language,
        decided_by=get_user_model()(first_name="Siri", last_name="Eksempel"),
        decided_at=timezone.now(),
        complaint_deadline=today + datetime.timedelta(days=settings.INTAKE_COMPLAINT_DAYS),
    )
