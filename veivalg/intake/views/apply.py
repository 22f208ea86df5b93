"""Applying: the applicant (or a relative acting for them) fills in a draft step by step, checks
the answers and submits; a school counsellor may help with a draft the family shared.

A relative acting on the applicant's own consent may read the list, a draft's check page, its
attachments and the receipt, but not start, change, share or send (`intake.rules`): the steps and
every POST answer them 404, and the pages say who can decide instead of showing the buttons.

Every view finds the application by its UUID, checks a rule against it and answers 404 on a
refusal. Changes go through `services.applications`. Nothing personal goes in a URL or
a log line.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from veivalg.accounts.decorators import person_view, staff_view
from veivalg.accounts.models import Person, StaffRoleKind
from veivalg.accounts.services import organisations_of, own_person
from veivalg.audit.services import log_read

from .. import rounds, selectors, steps
from ..forms import ShareWithSchoolForm
from ..models import Application, Attachment, Route
from ..services import applications
from ..services.errors import AttachmentRejected, Incomplete, NoOffice, NotAllowed, OfferClosed, StaleVersion

STALE_MESSAGE = gettext_lazy(
    "Søknaden ble endret et annet sted, kanskje i en annen fane, etter at du åpnet denne siden. "
    "Det du skrev her er ikke lagret ennå. Se over svarene og lagre igjen."
)
BACK_TO_CHECK = "sjekk"


# --- helpers -------------------------------------------------------------------------------------


def application_view(rule: str, *, what: str | None = None):
    """The view gets the application after `rule` allowed it for the user (else 404).

    Anonymous visitors go to sign-in. Staff (a school counsellor) need their second factor as on
    every staff page. With `what`, a GET is written to the access log (not the person's own).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, application_id, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:sign_in"))
            if own_person(user) is None and settings.STAFF_2FA_REQUIRED and not user.is_verified():
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('staff:verify')}?{query}")
            application = (
                Application.objects.select_related("applicant", "municipality")
                .filter(pk=application_id)
                .first()
            )
            if application is None or not rules.test_rule(rule, user, application):
                raise Http404
            if what and request.method == "GET":
                log_read(user=request.user, person=application.applicant, what=what)
            response = view(request, application, *args, **kwargs)
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return wrapper

    return decorator


def may_see_submitted(user, application: Application) -> bool:
    """The applicant side, or staff at an office the case went to."""
    if rules.test_rule("intake.view_application", user, application):
        return True
    case = getattr(application, "case", None) if not application.is_draft else None
    return case is not None and rules.test_rule("intake.view_case", user, case)


def deadline_info(application: Application | None) -> dict:
    """What to tell about the deadline: the municipal round's date, whether it has passed, and
    that NAV's kinds have rolling intake."""
    today = timezone.localdate()
    municipality = application.municipality if application is not None else None
    intake_round = rounds.round_for(municipality, today)
    routes = set()
    if application is not None and application.pk:
        routes = set(application.choices.values_list("route", flat=True))
    return {
        "municipality": municipality,
        "deadline": intake_round.deadline,
        "is_late": intake_round.is_late(today),
        "moving_in": bool(application and application.answer("kommune", "moving_in")),
        "municipal": not routes or Route.VEDTAK in routes,
        "nav": not routes or Route.NAV in routes,
    }


def step_url(application: Application, step_key: str, *, back_to_check: bool = False) -> str:
    url = reverse("intake:step", kwargs={"application_id": application.pk, "step": step_key})
    return f"{url}?tilbake={BACK_TO_CHECK}" if back_to_check else url


def after_save_url(application: Application, step_key: str, back_to_check: bool) -> str:
    """Back to the check page when the person came from it (unless something is missing now),
    else on to the next step that applies."""
    if back_to_check:
        missing = steps.missing_steps(application)
        if missing:
            return step_url(application, missing[0], back_to_check=True)
        return reverse("intake:check", kwargs={"application_id": application.pk})
    following = steps.next_step(application, step_key)
    if following is None:
        return reverse("intake:check", kwargs={"application_id": application.pk})
    return step_url(application, following.key)


def decides_for_applicant(request: HttpRequest, application: Application) -> bool:
    """The applicant, their guardian or a parent of a minor (not a school, not a relative on
    consent): may send the draft and share it with a school."""
    return rules.test_rule("intake.submit_application", request.user, application)


def _remember_helper(request: HttpRequest, application: Application) -> None:
    if not decides_for_applicant(request, application):
        applications.mark_prepared_by(application=application, user=request.user)


# --- my applications and starting ----------------------------------------------------------------


@person_view("intake.view_own_applications", what="søknader")
def my_applications(request: HttpRequest, person: Person) -> HttpResponse:
    applications = list(
        Application.objects.for_applicant(person)
        .select_related("municipality", "shared_with_school", "case")
        .prefetch_related("choices__offer")
    )
    return render(
        request,
        "intake/apply/my_applications.html",
        {
            "person": person,
            "drafts": [a for a in applications if a.is_draft],
            "submitted": [a for a in applications if not a.is_draft],
            "may_apply": rules.test_rule("intake.apply", request.user, person),
        },
    )


@require_http_methods(["GET", "POST"])
@person_view("intake.apply")
def start(request: HttpRequest, person: Person) -> HttpResponse:
    if request.method == "POST":
        application = applications.start_application(
            applicant=person,
            started_by=own_person(request.user),
            easy_read=request.POST.get("lettlest") == "1",
        )
        return redirect(step_url(application, steps.STEPS[0].key))
    drafts = Application.objects.for_applicant(person).drafts()
    return render(
        request,
        "intake/apply/start.html",
        {"person": person, "drafts": drafts, "deadline": deadline_info(None)},
    )


# --- the steps -----------------------------------------------------------------------------------


def _step_context(application: Application, step: steps.Step, form, back_to_check: bool) -> dict:
    applicable = steps.applicable(application)
    keys = [s.key for s in applicable]
    previous = steps.previous_step(application, step.key)
    if back_to_check:
        back = reverse("intake:check", kwargs={"application_id": application.pk})
    elif previous is not None:
        back = step_url(application, previous.key)
    else:
        back = reverse("intake:my_applications")
    return {
        "application": application,
        "step": step,
        "form": form,
        "number": keys.index(step.key) + 1 if step.key in keys else 1,
        "count": max(len(keys), 1),
        "back_url": back,
        "back_to_check": back_to_check,
        "deadline": deadline_info(application),
        "action_url": step_url(application, step.key, back_to_check=back_to_check),
    }


def _render_step(request, application, step, form, back_to_check, *, status=200, **extra) -> HttpResponse:
    context = _step_context(application, step, form, back_to_check)
    context.update(extra)
    if step.key == "erfaring":
        items = (application.answers.get("erfaring") or {}).get("items") or []
        context["items"] = [
            {**item, "period": steps.period(item.get("starts_on"), item.get("ends_on"))} for item in items
        ]
    if step.key == "vedlegg":
        context["attachments"] = list(application.attachments.all())
        context["max_attachments"] = settings.INTAKE_MAX_ATTACHMENTS
    return render(request, step.template, context, status=status)


def _stale(request, application, step, form, back_to_check) -> HttpResponse:
    """Keep what was typed, say why it was not saved, and carry the current version so that
    saving again (after looking) goes through."""
    fresh = Application.objects.get(pk=application.pk)
    data = form.data.copy()
    data["version"] = str(fresh.version)
    form = step.form_class(data, request.FILES or None, application=fresh, easy_read=fresh.easy_read)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return _render_step(request, fresh, step, form, back_to_check, status=409)


@require_http_methods(["GET", "POST"])
@application_view("intake.edit_application", what="søknadsutkast")
def step(request: HttpRequest, application: Application, step: str) -> HttpResponse:
    current = steps.get(step)
    if current is None:
        raise Http404
    if not application.is_draft:
        return redirect("intake:receipt", application_id=application.pk)
    back_to_check = request.GET.get("tilbake") == BACK_TO_CHECK
    if current.key != "kommune" and application.municipality_id is None:
        return redirect(step_url(application, "kommune"))
    if not current.applies(application):
        return redirect(after_save_url(application, current.key, back_to_check))

    form_class = current.form_class
    if request.method == "GET":
        initial = {**form_class.initial_for(application), "version": application.version}
        form = form_class(initial=initial, application=application, easy_read=application.easy_read)
        return _render_step(request, application, current, form, back_to_check)

    form = form_class(request.POST, request.FILES, application=application, easy_read=application.easy_read)
    try:
        posted_version = int(request.POST.get("version", ""))
    except ValueError:
        posted_version = -1
    try:
        if current.key == "erfaring":
            response = _save_experience(request, application, current, form, posted_version, back_to_check)
        elif current.key == "vedlegg":
            response = _save_attachment(request, application, current, form, posted_version, back_to_check)
        else:
            response = _save_single(request, application, current, form, posted_version, back_to_check)
    except StaleVersion:
        return _stale(request, application, current, form, back_to_check)
    except NotAllowed:
        return redirect("intake:receipt", application_id=application.pk)
    return response


def _save_single(request, application, current, form, version, back_to_check) -> HttpResponse:
    if not form.is_valid():
        return _render_step(request, application, current, form, back_to_check, status=400)
    if current.key == "tilbud":
        old_order = [str(pk) for pk in application.choices.values_list("offer_id", flat=True)]
        offers = form.chosen_offers(old_order)
        days = {str(c.offer_id): c.days_per_week for c in application.choices.all() if c.days_per_week}
        application = applications.set_choices(
            application=application, offers=offers, days=days, version=version
        )
        if sorted(old_order) != sorted(str(o.pk) for o in offers) and application.answers.get("prioritet"):
            application = applications.save_answers(
                application=application, step="prioritet", answers={}, version=application.version
            )
    elif current.key == "prioritet":
        offers, days = form.ordered()
        application = applications.set_choices(
            application=application, offers=offers, days=days, version=version
        )
        application = applications.save_answers(
            application=application, step="prioritet", answers=form.answers(), version=application.version
        )
    else:
        application = applications.save_answers(
            application=application, step=current.key, answers=form.answers(), version=version
        )
    _remember_helper(request, application)
    return redirect(after_save_url(application, current.key, back_to_check))


def _save_experience(request, application, current, form, version, back_to_check) -> HttpResponse:
    """Add one experience ("legg til"), remove one ("fjern-N"), or go on ("videre")."""
    saved = application.answers.get("erfaring") or {}
    items = list(saved.get("items") or [])
    action = request.POST.get("handling", "videre")
    if action.startswith("fjern-"):
        try:
            index = int(action.removeprefix("fjern-"))
        except ValueError:
            index = -1
        if 0 <= index < len(items):
            items.pop(index)
        application = applications.save_answers(
            application=application,
            step="erfaring",
            answers={"items": items, "done": bool(saved.get("done"))},
            version=version,
        )
        return redirect(step_url(application, "erfaring", back_to_check=back_to_check))
    if action == "legg-til" or form.has_input():
        if not form.is_valid():
            return _render_step(request, application, current, form, back_to_check, status=400)
        items.append(form.answers())
        done = action != "legg-til"
        application = applications.save_answers(
            application=application, step="erfaring", answers={"items": items, "done": done}, version=version
        )
        _remember_helper(request, application)
        if not done:
            return redirect(step_url(application, "erfaring", back_to_check=back_to_check) + "#lagt-til")
        return redirect(after_save_url(application, current.key, back_to_check))
    application = applications.save_answers(
        application=application, step="erfaring", answers={"items": items, "done": True}, version=version
    )
    _remember_helper(request, application)
    return redirect(after_save_url(application, current.key, back_to_check))


ATTACHMENT_ERRORS = {
    "too_large": gettext_lazy(
        "Filen er for stor. Den kan være høyst %(mb)s MB. Prøv å ta bildet på nytt med lavere kvalitet."
    ),
    "wrong_type": gettext_lazy(
        "Filen må være en PDF, et JPG-bilde eller et PNG-bilde. Denne filen er noe annet."
    ),
    "empty": gettext_lazy("Filen er tom. Velg en annen fil."),
    "too_many": gettext_lazy("Du kan ha høyst %(count)s vedlegg. Fjern ett før du legger til et nytt."),
}


def _save_attachment(request, application, current, form, version, back_to_check) -> HttpResponse:
    action = request.POST.get("handling", "videre")
    if version != application.version:
        raise StaleVersion
    if action.startswith("fjern-"):
        attachment = application.attachments.filter(pk=_uuid_or_none(action.removeprefix("fjern-"))).first()
        if attachment is not None:
            applications.remove_attachment(attachment=attachment)
        return redirect(step_url(application, "vedlegg", back_to_check=back_to_check))
    if not form.is_valid():
        return _render_step(request, application, current, form, back_to_check, status=400)
    upload = form.cleaned_data.get("file")
    if upload:
        try:
            applications.add_attachment(
                application=application, upload=upload, description=form.cleaned_data.get("description", "")
            )
        except AttachmentRejected as rejected:
            message = ATTACHMENT_ERRORS.get(rejected.code, ATTACHMENT_ERRORS["wrong_type"]) % {
                "mb": settings.INTAKE_MAX_ATTACHMENT_BYTES // (1024 * 1024),
                "count": settings.INTAKE_MAX_ATTACHMENTS,
            }
            form.add_error("file", message)
            return _render_step(request, application, current, form, back_to_check, status=400)
        _remember_helper(request, application)
        if action == "last-opp":
            return redirect(step_url(application, "vedlegg", back_to_check=back_to_check) + "#lagt-til")
    elif action == "last-opp":
        form.add_error("file", _("Velg en fil før du trykker «Last opp»."))
        return _render_step(request, application, current, form, back_to_check, status=400)
    application.refresh_from_db()
    application = applications.save_answers(
        application=application, step="vedlegg", answers={"done": True}, version=application.version
    )
    return redirect(after_save_url(application, current.key, back_to_check))


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@require_POST
@application_view("intake.edit_application")
def easy_read(request: HttpRequest, application: Application) -> HttpResponse:
    """Switch easy-read help texts on or off, and go back to the same step."""
    applications.set_easy_read(application=application, on=request.POST.get("lettlest") == "1")
    back = steps.get(request.POST.get("steg", ""))
    if back is None:
        return redirect("intake:check", application_id=application.pk)
    return redirect(
        step_url(application, back.key, back_to_check=request.POST.get("tilbake") == BACK_TO_CHECK)
    )


# --- check, submit, receipt ----------------------------------------------------------------------


def _check_context(request, application: Application, **extra) -> dict:
    rows = steps.summary(application)
    titles = {s.key: s.title for s in steps.STEPS}
    groups = []
    for row in rows:
        if not groups or groups[-1]["step"] != row["step"]:
            groups.append(
                {
                    "step": row["step"],
                    "title": titles[row["step"]],
                    "url": step_url(application, row["step"], back_to_check=True),
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(row)
    missing = [
        {"title": titles[key], "url": step_url(application, key, back_to_check=True)}
        for key in steps.missing_steps(application)
    ]
    return {
        "application": application,
        "groups": groups,
        "missing": missing,
        "closed": selectors.closed_choices(application),
        "may_edit": rules.test_rule("intake.edit_application", request.user, application),
        "may_submit": decides_for_applicant(request, application),
        "deadline": deadline_info(application),
        "attachments": list(application.attachments.all()),
        **extra,
    }


@application_view("intake.view_application", what="søknadsutkast")
def check(request: HttpRequest, application: Application) -> HttpResponse:
    if not application.is_draft:
        return redirect("intake:receipt", application_id=application.pk)
    return render(request, "intake/apply/check.html", _check_context(request, application))


@require_POST
@application_view("intake.submit_application")
def submit(request: HttpRequest, application: Application) -> HttpResponse:
    """Submit once: a second click (or tab) finds it submitted and goes to the same receipt."""
    if not application.is_draft:
        return redirect("intake:receipt", application_id=application.pk)
    try:
        posted_version = int(request.POST.get("version", ""))
    except ValueError:
        posted_version = -1
    problem = None
    if posted_version != application.version:
        problem = _(
            "Søknaden ble endret et annet sted etter at du åpnet denne siden. Se over svarene "
            "under, og send den når alt stemmer."
        )
    else:
        try:
            applications.submit_application(
                application=application,
                by=own_person(request.user),
                missing_steps=steps.missing_steps(application),
            )
        except Incomplete:
            problem = _("Noen spørsmål er ikke svart på ennå. Svar på dem før du sender.")
        except OfferClosed:
            problem = _(
                "Et av tilbudene du har valgt tar ikke imot søknader lenger. Velg et annet tilbud, "
                "så kan du sende. Svarene dine er lagret."
            )
        except NoOffice:
            problem = _(
                "Vi finner ikke kontoret som skal behandle søknaden i kommunen din. Svarene dine er "
                "lagret. Ta kontakt med kommunen, eller prøv igjen senere."
            )
        else:
            return redirect("intake:receipt", application_id=application.pk)
    application = Application.objects.select_related("applicant", "municipality").get(pk=application.pk)
    if not application.is_draft:
        return redirect("intake:receipt", application_id=application.pk)
    context = _check_context(request, application, problem=problem)
    return render(request, "intake/apply/check.html", context, status=409)


@application_view("intake.view_application", what="søknad")
def receipt(request: HttpRequest, application: Application) -> HttpResponse:
    if application.is_draft:
        return redirect("intake:check", application_id=application.pk)
    return render(
        request,
        "intake/apply/receipt.html",
        {"application": application, "has_email": bool(application.answer("kontakt", "email"))},
    )


# --- files ---------------------------------------------------------------------------------------


def _private_file(file, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_view_allowed(request: HttpRequest, application: Application) -> bool:
    if application.is_draft:
        return rules.test_rule("intake.view_application", request.user, application)
    return may_see_submitted(request.user, application)


def _load_for_file(request: HttpRequest, application_id) -> Application | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:sign_in"))
    application = Application.objects.select_related("applicant").filter(pk=application_id).first()
    if application is None or not _file_view_allowed(request, application):
        raise Http404
    return application


def attachment(request: HttpRequest, application_id, attachment_id) -> HttpResponse:
    """An attachment, from private storage, to those who may see the application."""
    application = _load_for_file(request, application_id)
    if isinstance(application, HttpResponse):
        return application
    item = get_object_or_404(Attachment, pk=attachment_id, application=application)
    log_read(user=request.user, person=application.applicant, what="vedlegg til søknad")
    return _private_file(item.file, item.original_name, item.content_type)


def application_pdf(request: HttpRequest, application_id) -> HttpResponse:
    """The PDF copy of a submitted application (made by the worker; made here if not yet)."""
    application = _load_for_file(request, application_id)
    if isinstance(application, HttpResponse):
        return application
    if application.is_draft:
        raise Http404
    if not application.pdf:
        from ..tasks import make_application_pdf

        make_application_pdf.call(str(application.pk))
        application.refresh_from_db(fields=["pdf"])
    log_read(user=request.user, person=application.applicant, what="kopi av søknad")
    return _private_file(application.pdf, f"soknad-{application.reference}.pdf", "application/pdf")


# --- sharing with the school ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@application_view("intake.submit_application")
def share_with_school(request: HttpRequest, application: Application) -> HttpResponse:
    """The family lets a school help with the draft (and gives the consent that needs)."""
    if not application.is_draft:
        return redirect("intake:receipt", application_id=application.pk)
    may_consent = rules.test_rule("accounts.manage_consents", request.user, application.applicant)
    schools = selectors.schools_for(application)
    form = ShareWithSchoolForm(request.POST or None, schools=schools)
    if request.method == "POST" and may_consent:
        if request.POST.get("handling") == "stopp":
            applications.stop_sharing(application=application)
            return redirect("intake:check", application_id=application.pk)
        if form.is_valid():
            applications.share_with_school(
                application=application, school=form.cleaned_data["school"], by=own_person(request.user)
            )
            return redirect("intake:check", application_id=application.pk)
    return render(
        request,
        "intake/apply/share.html",
        {"application": application, "form": form, "may_consent": may_consent},
        status=400 if form.errors else 200,
    )


@staff_view("intake.use_school_view")
def school_drafts(request: HttpRequest) -> HttpResponse:
    """Drafts families have shared with the counsellor's school, while their consent holds."""
    schools = organisations_of(request.user, StaffRoleKind.SCHOOL_COUNSELLOR)
    candidates = (
        Application.objects.drafts()
        .filter(shared_with_school__in=schools)
        .select_related("applicant", "shared_with_school", "municipality")
        .order_by("-updated_at")
    )
    drafts = [a for a in candidates if rules.test_rule("intake.edit_application", request.user, a)]
    for draft in drafts:
        log_read(user=request.user, person=draft.applicant, what="søknadsutkast delt med skolen (liste)")
    rows = [{"application": a, "missing": len(steps.missing_steps(a))} for a in drafts]
    return render(request, "intake/apply/school_drafts.html", {"rows": rows})
