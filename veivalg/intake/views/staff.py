"""Case work for the allocation office and NAV (/ansatt/saker/): the office queue, the case page
with its status, caseworker, note and clarification forms, the coordination lists and the office
overview.

Both offices on a case see all of it (intake.view_case); each changes only its own part
(intake.handle_part). A refusal answers 404. Every time the case page is shown, the read is
written to the applicant's access log; changes are logged by the services.
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.accounts.decorators import staff_view
from veivalg.audit.services import actor_name, log_read, log_reads

from .. import selectors
from ..forms_staff import AssignForm, ClarificationForm, MoveForm, NoteForm, QueueFilterForm
from ..models import CasePart
from ..services import case_parts, clarifications
from ..services.errors import IntakeError, StaleVersion
from ..states import AWAITING_DECISION, BOOKABLE, DECIDABLE, PartStatus

QUEUE_PAGE_SIZE = getattr(settings, "INTAKE_QUEUE_PAGE_SIZE", 25)


def _error_message(error: IntakeError) -> str:
    if isinstance(error, StaleVersion):
        return _(
            "Saken ble endret av noen andre, eller i en annen fane, etter at du åpnet den. "
            "Ingenting er lagret. Se hvordan saken er nå, og prøv igjen."
        )
    return _(
        "Det går ikke med saken slik den er nå. Ingenting er lagret. Se hvordan saken er nå, og prøv igjen."
    )


# --- the queue ----------------------------------------------------------------------------------


@staff_view("intake.use_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """The office's case parts, oldest first, filtered by status, kind, municipality, school,
    round, age and caseworker."""
    form = QueueFilterForm(request.GET or None, options=selectors.queue_options(request.user))
    wanted = form.wanted()
    page = Paginator(selectors.queue(request.user, wanted), QUEUE_PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = selectors.with_details(page.object_list)
    for part in page.object_list:
        part.wanted = selectors.wanted_offers(part)
    # The queue shows names and what each person applied for: each person shown gets a read.
    log_reads(
        user=request.user,
        people_ids=[p.case.applicant_id for p in page.object_list],
        what="saksliste",
        once_a_day=True,
    )
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "intake/staff/queue.html",
        {
            "form": form,
            "page": page,
            "querystring": params.urlencode(),
            "filtered": bool(params),
            "today": timezone.localdate(),
        },
    )


# --- the case page ------------------------------------------------------------------------------


def _visible_case(request: HttpRequest, case_id):
    case = selectors.case_for_staff(case_id)
    if case is None or not rules.test_rule("intake.view_case", request.user, case):
        raise Http404
    return case


def _handled_part(request: HttpRequest, part_id) -> CasePart:
    part = get_object_or_404(CasePart.objects.select_related("case", "office"), pk=part_id)
    if not rules.test_rule("intake.handle_part", request.user, part):
        raise Http404
    return part


def _case_page(request: HttpRequest, case, *, bound=None, error: str = "", status: int = 200) -> HttpResponse:
    """The case page; `bound` replaces one part's blank form (after a refused post), keyed by
    (form name, part id), so what was typed is shown again with its errors."""
    bound = bound or {}
    parts = selectors.case_parts(case)
    for part in parts:
        part.handled = rules.test_rule("intake.handle_part", request.user, part)
        if not part.handled:
            continue
        part.move_form = bound.get(("move", part.pk)) or MoveForm(
            initial={"version": part.version}, part=part, prefix=f"status-{part.route}"
        )
        part.assign_form = bound.get(("assign", part.pk)) or AssignForm(
            initial={"version": part.version, "assignee": str(part.assigned_to_id or "")},
            colleagues=selectors.colleagues(part),
            prefix=f"saksbehandler-{part.route}",
        )
        part.note_form = bound.get(("note", part.pk)) or NoteForm(prefix=f"merknad-{part.route}")
        part.may_book = part.status in BOOKABLE
        part.may_decide = part.status in DECIDABLE
    log_read(user=request.user, person=case.applicant, what=f"sak {case.reference}")
    failed = [form for form in bound.values() if form.errors]
    context = {
        "case": case,
        "application": case.application,
        "parts": parts,
        "history": selectors.case_history(case),
        "attachments": case.application.attachments.all(),
        "error": error,
        "failed_form": failed[0] if failed else None,
        "awaiting": AWAITING_DECISION,
    }
    return render(request, "intake/staff/case.html", context, status=status)


@staff_view("intake.use_queue")
def case_detail(request: HttpRequest, case_id) -> HttpResponse:
    return _case_page(request, _visible_case(request, case_id))


def _after_change(request: HttpRequest, part: CasePart, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("intake:case_detail", kwargs={"case_id": part.case_id}) + f"#del-{part.route}")


def _refused(request: HttpRequest, part: CasePart, error: IntakeError, key: str, fresh) -> HttpResponse:
    """A service said no (stale copy, or not allowed from the status it has now): show the case
    as it is now, with a fresh form (the current version) that keeps what was typed."""
    case = _visible_case(request, part.case_id)
    return _case_page(request, case, bound={(key, part.pk): fresh}, error=_error_message(error), status=409)


@require_POST
@staff_view("intake.use_queue")
def move(request: HttpRequest, part_id) -> HttpResponse:
    part = _handled_part(request, part_id)
    form = MoveForm(request.POST, part=part, prefix=f"status-{part.route}")
    if not form.is_valid():
        return _case_page(request, _visible_case(request, part.case_id), bound={("move", part.pk): form})
    try:
        case_parts.change_status(
            part=part,
            to=form.cleaned_data["to"],
            by=request.user,
            why=form.cleaned_data["why"],
            version=form.cleaned_data["version"],
        )
    except IntakeError as error:
        part.refresh_from_db()
        fresh = MoveForm(
            initial={"version": part.version, "why": form.cleaned_data["why"]},
            part=part,
            prefix=f"status-{part.route}",
        )
        return _refused(request, part, error, "move", fresh)
    return _after_change(
        request,
        part,
        _("Statusen er endret til «%(status)s».") % {"status": PartStatus(form.cleaned_data["to"]).label},
    )


@require_POST
@staff_view("intake.use_queue")
def assign(request: HttpRequest, part_id) -> HttpResponse:
    part = _handled_part(request, part_id)
    form = AssignForm(
        request.POST, colleagues=selectors.colleagues(part), prefix=f"saksbehandler-{part.route}"
    )
    if not form.is_valid():
        return _case_page(request, _visible_case(request, part.case_id), bound={("assign", part.pk): form})
    assignee = form.assignee_user()
    try:
        case_parts.assign_part(
            part=part, to_user=assignee, by=request.user, version=form.cleaned_data["version"]
        )
    except IntakeError as error:
        part.refresh_from_db()
        fresh = AssignForm(
            initial={"version": part.version, "assignee": form.cleaned_data.get("assignee") or ""},
            colleagues=selectors.colleagues(part),
            prefix=f"saksbehandler-{part.route}",
        )
        return _refused(request, part, error, "assign", fresh)
    if assignee is None:
        message = _("Saken er ikke lenger fordelt til noen.")
    elif assignee == request.user:
        message = _("Du har tatt saken.")
    else:
        message = _("Saken er fordelt til %(name)s.") % {"name": actor_name(assignee)}
    return _after_change(request, part, message)


@require_POST
@staff_view("intake.use_queue")
def note(request: HttpRequest, part_id) -> HttpResponse:
    part = _handled_part(request, part_id)
    form = NoteForm(request.POST, prefix=f"merknad-{part.route}")
    if not form.is_valid():
        return _case_page(request, _visible_case(request, part.case_id), bound={("note", part.pk): form})
    case_parts.add_note(part=part, text=form.cleaned_data["text"], by=request.user)
    return _after_change(request, part, _("Merknaden er lagret."))


@staff_view("intake.use_queue")
def book_clarification(request: HttpRequest, part_id) -> HttpResponse:
    """Book a visit (omvisning) or trial period (utprøving) at a provider."""
    part = _handled_part(request, part_id)
    case = _visible_case(request, part.case_id)
    form = ClarificationForm(request.POST or None, providers=selectors.bookable_providers(case))
    error = ""
    if part.status not in BOOKABLE:
        error = _("Saken har fått svar. Det kan ikke bestilles omvisning eller utprøving nå.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            clarification = clarifications.book_clarification(
                part=part,
                kind=data["kind"],
                provider=data["provider"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
                by=request.user,
            )
        except IntakeError as refusal:
            error = _error_message(refusal)
        else:
            return _after_change(
                request,
                part,
                _("%(kind)s hos %(provider)s er bestilt. Tilbyderen ser bestillingen i sin oversikt.")
                % {
                    "kind": clarification.get_kind_display().capitalize(),
                    "provider": clarification.provider.name,
                },
            )
    # The form shows whom the visit or trial is for.
    log_read(user=request.user, person=case.applicant, what=f"bestilling av avklaring i sak {case.reference}")
    context = {"case": case, "part": part, "form": form, "error": error}
    return render(request, "intake/staff/book_clarification.html", context, status=409 if error else 200)


# --- coordination and overview ------------------------------------------------------------------


@staff_view("intake.use_queue")
def coordination(request: HttpRequest) -> HttpResponse:
    """Applicants for the coordination meeting: step one (activity) or step two (adapted work)."""
    step = 2 if request.GET.get("steg") == "2" else 1
    rows = selectors.coordination(request.user, step)
    log_reads(
        user=request.user,
        people_ids=[row.case.applicant_id for row in rows],
        what=f"samordningsmøte trinn {step}: søkerliste",
        once_a_day=True,
    )
    return render(
        request,
        "intake/staff/coordination.html",
        {"step": step, "rows": rows, "today": timezone.localdate()},
    )


@staff_view("intake.use_queue")
def overview(request: HttpRequest) -> HttpResponse:
    """This round's applications at the office by kind and status, time to decision and the
    weekly count of those still without an answer until the target date."""
    offices = list(selectors.handler_offices(request.user).order_by("name"))
    office = next((o for o in offices if str(o.pk) == request.GET.get("kontor")), offices[0])
    this_year = selectors.current_round_year()
    try:
        year = int(request.GET.get("runde", this_year))
    except ValueError:
        year = this_year
    if not this_year - 10 <= year <= this_year + 1:
        year = this_year
    return render(
        request,
        "intake/staff/overview.html",
        {
            "stats": selectors.overview(office, year),
            "offices": offices,
            "years": range(this_year + 1, this_year - 4, -1),
        },
    )
