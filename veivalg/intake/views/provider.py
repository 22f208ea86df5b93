"""The provider's view (/ansatt/tilbyder/): visits (omvisning) and trial periods (utprøving) the
offices booked at the provider. Provider staff see the applicant's name, the dates and the
office's note, never the case; they confirm a booking and report how it went.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veivalg.accounts.decorators import staff_view
from veivalg.audit.services import log_reads, log_staff_access

from .. import selectors
from ..forms_staff import OutcomeForm
from ..models import Clarification
from ..services.clarifications import confirm_clarification, report_clarification
from ..services.errors import IntakeError

OPEN_STATUSES = (Clarification.Status.REQUESTED, Clarification.Status.CONFIRMED)


@staff_view("intake.use_provider_view")
def clarifications(request: HttpRequest) -> HttpResponse:
    """Bookings still to be held first (by date), then those reported or cancelled."""
    booked = list(selectors.clarifications_for_provider(request.user))
    log_reads(
        user=request.user,
        people_ids=[c.part.case.applicant_id for c in booked],
        what="avklaringer hos tilbyderen: liste",
        once_a_day=True,
    )
    return render(
        request,
        "intake/provider/clarifications.html",
        {
            "upcoming": [c for c in booked if c.status in OPEN_STATUSES],
            "finished": [c for c in booked if c.status not in OPEN_STATUSES][::-1],
        },
    )


@staff_view("intake.use_provider_view")
def clarification(request: HttpRequest, clarification_id) -> HttpResponse:
    """One booking: confirm it, or report the outcome (POST `action` = bekreft or rapport)."""
    booking = selectors.clarifications_for_provider(request.user).filter(pk=clarification_id).first()
    if booking is None or not rules.test_rule("intake.handle_clarification", request.user, booking):
        raise Http404
    form = OutcomeForm(request.POST if request.POST.get("action") == "rapport" else None)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "bekreft":
                confirm_clarification(clarification=booking, by=request.user)
                messages.success(request, _("Bestillingen er bekreftet. Saksbehandleren ser det i saken."))
                return redirect("intake:clarification", clarification_id=booking.pk)
            if form.is_valid():
                report_clarification(
                    clarification=booking, outcome=form.cleaned_data["outcome"], by=request.user
                )
                messages.success(request, _("Takk. Saksbehandleren kan nå lese hvordan det gikk."))
                return redirect("intake:provider_clarifications")
        except IntakeError:
            booking.refresh_from_db()
            error = _("Bestillingen er allerede bekreftet, rapportert eller avlyst. Ingenting er endret.")
    log_staff_access(
        user=request.user,
        person=booking.part.case.applicant,
        what=f"{booking.get_kind_display()} {booking.starts_on:%d.%m.%Y}",
    )
    context = {"booking": booking, "form": form, "error": error, "open": booking.status in OPEN_STATUSES}
    return render(request, "intake/provider/clarification.html", context, status=409 if error else 200)
