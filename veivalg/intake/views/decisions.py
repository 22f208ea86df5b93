"""Staff: make a vedtak or tilsagn on a case part, see it, and read its letter.

/ansatt/saker/del/<part>/vedtak/   the decision form (the part's own office only)
/ansatt/saker/vedtak/<decision>/   the decision as made, with its letter
/ansatt/saker/vedtak/<decision>/brev/  the letter (PDF), for staff at an office on the case
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.accounts.decorators import staff_view
from veivalg.audit.services import log_read

from ..forms_case import DecisionForm
from ..models import CasePart, Decision
from ..services import decisions
from ..services.errors import NotAllowed, StaleVersion
from ..states import DECISION_OUTCOMES, can_move
from .case import letter_pending, letter_response

STALE = gettext_lazy(
    "Noen andre har endret saken mens du skrev. Det du skrev står fortsatt her. Se over saken og send igjen."
)


def _part_or_404(request: HttpRequest, part_id) -> CasePart:
    part = get_object_or_404(
        CasePart.objects.select_related(
            "case__application", "case__applicant", "case__municipality", "office"
        ),
        pk=part_id,
    )
    if not rules.test_rule("intake.handle_part", request.user, part):
        raise Http404
    return part


def _decision_or_404(request: HttpRequest, decision_id) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "part__case__application",
            "part__case__applicant",
            "part__office",
            "offer__organization",
            "decided_by",
        ),
        pk=decision_id,
    )
    if not rules.test_rule("intake.view_case", request.user, decision.part.case):
        raise Http404
    return decision


def may_decide(part: CasePart) -> bool:
    return any(can_move(part.status, outcome) for outcome in DECISION_OUTCOMES)


@staff_view()
def decide(request: HttpRequest, part_id) -> HttpResponse:
    part = _part_or_404(request, part_id)
    form = DecisionForm(request.POST or None, part=part)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.decide(
                part=part,
                outcome=data["outcome"],
                by=request.user,
                reasons=data["reasons"],
                legal_basis=data["legal_basis"],
                language=data["language"],
                offer=data["offer"],
                start_date=data["start_date"],
                days_per_week=data["days_per_week"],
                version=data["version"],
            )
        except StaleVersion:
            part.refresh_from_db()
            error = STALE
            form = DecisionForm(_with_version(request.POST, part.version), part=part)
            form.is_valid()
        except NotAllowed:
            part.refresh_from_db()
            error = _(
                "Saken kan ikke avgjøres nå. Den har status «%(status)s». "
                "Den må være «klar for vedtak» eller «på venteliste»."
            ) % {"status": part.get_status_display()}
        else:
            messages.success(request, _("Vedtaket er lagret. Brevet lages nå, og søkeren får beskjed."))
            return redirect("intake:decision", decision_id=decision.pk)
    # The form shows the applicant's name, choices and any earlier decision.
    log_read(user=request.user, person=part.case.applicant, what=f"vedtaksskjema i sak {part.case.reference}")
    return render(
        request,
        "intake/decisions/decide.html",
        {
            "part": part,
            "case": part.case,
            "form": form,
            "error": error,
            "may_decide": may_decide(part),
            "previous": part.decisions.select_related("offer").first(),
        },
    )


def _with_version(data, version: int):
    data = data.copy()
    data["version"] = str(version)
    return data


@staff_view()
def decision(request: HttpRequest, decision_id) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    log_read(
        user=request.user,
        person=decision.part.case.applicant,
        what=f"vedtak i sak {decision.part.case.reference}",
    )
    return render(
        request,
        "intake/decisions/decision.html",
        {"decision": decision, "part": decision.part, "case": decision.part.case},
    )


@staff_view()
def staff_letter(request: HttpRequest, decision_id) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    if not decision.letter:
        return letter_pending(request, reverse("intake:decision", kwargs={"decision_id": decision.pk}))
    log_read(
        user=request.user,
        person=decision.part.case.applicant,
        what=f"vedtaksbrev i sak {decision.part.case.reference}",
    )
    return letter_response(decision)
