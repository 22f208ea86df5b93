"""Staff: the wording of decision letters (/ansatt/brevmaler/), per route, outcome and målform.

Caseworkers, NAV counsellors and administrators may edit them (rule intake.edit_letter_templates).
A preview renders the letter as a PDF from the text in the form, with a made-up decision, so
nothing is saved and no one's data is used.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.accounts.decorators import staff_view
from veivalg.accounts.models import Organisation, Person
from veivalg.directory.models import Offer, Organization

from .. import letters
from ..forms_case import LetterTemplateForm
from ..models import Application, Case, CasePart, Decision, LetterTemplate, Route
from ..states import PartStatus


@staff_view("intake.edit_letter_templates")
def letter_templates(request: HttpRequest) -> HttpResponse:
    templates = LetterTemplate.objects.select_related("updated_by").order_by("route", "outcome", "language")
    return render(request, "intake/decisions/letter_templates.html", {"templates": templates})


@staff_view("intake.edit_letter_templates")
def edit_letter_template(request: HttpRequest, number: int) -> HttpResponse:
    template = get_object_or_404(LetterTemplate, pk=number)
    form = LetterTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return preview_response(form.instance)
        edited = form.save(commit=False)
        edited.updated_by = request.user
        edited.save(update_fields=["title", "body", "updated_by", "updated_at"])
        messages.success(request, _("Brevmalen er lagret. Nye brev bruker den nye teksten."))
        return redirect("intake:letter_templates")
    return render(
        request,
        "intake/decisions/edit_letter_template.html",
        {"template": template, "form": form, "placeholders": letters.PLACEHOLDERS},
    )


@staff_view("intake.edit_letter_templates")
def preview_letter_template(request: HttpRequest, number: int) -> HttpResponse:
    """The stored template as a PDF letter with an example decision."""
    return preview_response(get_object_or_404(LetterTemplate, pk=number))


def preview_response(template: LetterTemplate) -> HttpResponse:
    pdf = letters.render_letter(example_decision(template), template)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="forhandsvisning.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def example_decision(template: LetterTemplate) -> Decision:
    """A decision that exists only in memory, with fictional names, for previews."""
    today = timezone.localdate()
    office = Organisation(
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
