"""The applicant's own case page (/min-side/saker/<case>/), and a relative acting for them.

Per part: the status in plain words, a timeline without internal entries, when an answer is
due, the letters, «Ja takk» / «Nei takk» to a granted place, withdrawal, and a message to the
caseworker. Someone reading their own case is not written to the access log; a relative is
(person_view's `what`).

Answering, withdrawing and writing a message decide or speak for the applicant: only the
applicant, a guardian or a parent of a minor may (`intake.decide_own_case`). A relative acting
on the applicant's consent reads the case and the letters; those POSTs answer them 404, nothing
changes, and the case page says who can decide instead of showing the buttons.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veivalg.accounts.decorators import person_view
from veivalg.accounts.models import Person
from veivalg.accounts.services import own_person

from .. import selectors
from ..forms_case import AnswerForm, MessageForm, WithdrawForm
from ..models import Case, CasePart, Decision
from ..services import case_parts, decisions
from ..services import messages as messaging
from ..services.errors import NotAllowed, StaleVersion

CHANGED = gettext_lazy("Saken er endret siden du åpnet siden. Se hva som står nå, og prøv igjen.")


def _case_or_404(
    request: HttpRequest, person: Person, case_id, *, rule: str = "intake.view_own_case"
) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("application", "applicant", "municipality"), pk=case_id, applicant=person
    )
    if not rules.test_rule(rule, request.user, case):
        raise Http404
    return case


def _part_or_404(request: HttpRequest, person: Person, part_id, *, rule: str) -> CasePart:
    part = get_object_or_404(
        CasePart.objects.select_related("case__application", "case__applicant", "office"),
        pk=part_id,
        case__applicant=person,
    )
    if not rules.test_rule(rule, request.user, part.case):
        raise Http404
    return part


def _actor(request: HttpRequest, person: Person) -> Person:
    """Who acts: the signed-in person (the applicant, or the relative acting for them)."""
    return own_person(request.user) or person


@person_view("accounts.view_person", what="søknader og saker")
def own_case(request: HttpRequest, person: Person, case_id) -> HttpResponse:
    case = _case_or_404(request, person, case_id)
    return render(
        request,
        "intake/case/own_case.html",
        {
            "case": case,
            "person": person,
            "parts": selectors.own_case_parts(case),
            "case_messages": selectors.case_messages(case),
            "may_decide": rules.test_rule("intake.decide_own_case", request.user, case),
        },
    )


def letter_response(decision: Decision) -> FileResponse:
    """The letter from the private storage; never cached, not by the browser either."""
    try:
        handle = decision.letter.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=f"brev-{decision.part.case.reference}.pdf",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def letter_pending(request: HttpRequest, back: str) -> HttpResponse:
    """The worker has not made the letter yet (it takes seconds): say so, rather than 404."""
    response = render(request, "intake/case/letter_pending.html", {"back": back})
    response["Cache-Control"] = "no-store"
    return response


@person_view("accounts.view_person", what="vedtaksbrev")
def own_letter(request: HttpRequest, person: Person, decision_id) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("part__case__applicant", "part__case__application"),
        pk=decision_id,
        part__case__applicant=person,
    )
    if not rules.test_rule("intake.view_own_case", request.user, decision.part.case):
        raise Http404
    if not decision.letter:
        return letter_pending(request, reverse("intake:own_case", kwargs={"case_id": decision.part.case_id}))
    # «Not read» tells the applicant a letter waits; a relative who only looks leaves it so.
    if rules.test_rule("intake.decide_own_case", request.user, decision.part.case):
        decisions.mark_letter_read(decision=decision, by=_actor(request, person))
    return letter_response(decision)


@require_POST
@person_view("accounts.decide_for_person")
def answer_offer(request: HttpRequest, person: Person, part_id) -> HttpResponse:
    part = _part_or_404(request, person, part_id, rule="intake.decide_own_case")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vi fikk ikke svaret ditt. Trykk på «Ja takk» eller «Nei takk» igjen."))
        return redirect("intake:own_case", case_id=part.case_id)
    accept = form.cleaned_data["answer"] == "ja"
    try:
        case_parts.answer_offer(
            part=part, accept=accept, by=_actor(request, person), version=form.cleaned_data["version"]
        )
    except StaleVersion:
        messages.error(request, CHANGED)
    except NotAllowed:
        messages.error(request, _("Du kan ikke svare på dette nå. Se status for saken under."))
    else:
        if accept:
            messages.success(
                request, _("Takk! Du har sagt ja takk til plassen. Vi sier fra om hva som skjer nå.")
            )
        else:
            messages.success(request, _("Du har sagt nei takk til plassen. Svaret er sendt."))
    return redirect("intake:own_case", case_id=part.case_id)


@person_view("accounts.decide_for_person")
def withdraw(request: HttpRequest, person: Person, part_id) -> HttpResponse:
    part = _part_or_404(request, person, part_id, rule="intake.decide_own_case")
    if not part.is_open:
        messages.error(request, _("Denne delen av saken er avsluttet. Den kan ikke trekkes."))
        return redirect("intake:own_case", case_id=part.case_id)
    form = WithdrawForm(request.POST or None, initial={"version": part.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_parts.withdraw_part(
                part=part,
                by=_actor(request, person),
                why=form.cleaned_data["why"],
                version=form.cleaned_data["version"],
            )
        except StaleVersion:
            messages.error(request, CHANGED)
        except NotAllowed:
            messages.error(request, _("Denne delen av saken er avsluttet. Den kan ikke trekkes."))
        else:
            messages.success(request, _("Søknaden er trukket. Saksbehandleren får beskjed."))
        return redirect("intake:own_case", case_id=part.case_id)
    return render(
        request,
        "intake/case/withdraw.html",
        {"part": part, "case": part.case, "form": form, "title": selectors.ROUTE_TITLE[part.route]},
    )


@person_view("accounts.decide_for_person")
def send_message(request: HttpRequest, person: Person, case_id) -> HttpResponse:
    case = _case_or_404(request, person, case_id, rule="intake.decide_own_case")
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        messaging.send_message(case=case, text=form.cleaned_data["text"], by=_actor(request, person))
        messages.success(request, _("Meldingen er sendt. Du får svar her i Veivalg."))
        return redirect("intake:own_case", case_id=case.pk)
    return render(request, "intake/case/message.html", {"case": case, "form": form})
