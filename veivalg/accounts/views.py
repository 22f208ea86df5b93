"""Citizen sign-in, my page, acting for someone, who acts for me, consents and my data."""

from __future__ import annotations

import json
import uuid

import rules
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veivalg.core.pdf import render_pdf
from veivalg.core.redirects import safe_next

from . import oidc
from .decorators import person_view
from .forms import CorrectionForm, DeletionForm
from .models import Basis, Consent, DataRequest, Person, Relationship
from .own_data import export_person_data, make_data_request
from .services import (
    ID_TOKEN_SESSION_KEY,
    CannotEndRelationship,
    active_relationships,
    end_relationship,
    log_refused_sign_in,
    open_id_token,
    own_person,
    person_for_claims,
    relatives_of,
    seal_id_token,
    start_acting_for,
    stop_acting,
    withdraw_consent,
)

FAILURE_MESSAGES = {
    "pid_invalid": _(
        "Vi fikk ikke et gyldig fødselsnummer fra innloggingen. Du er ikke logget inn. "
        "Prøv igjen, eller ta kontakt med oss hvis det skjer flere ganger."
    ),
    "provider_error": _("Innloggingen ble avbrutt. Du er ikke logget inn. Du kan prøve igjen."),
    "discovery_failed": _("Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt."),
}
DEFAULT_FAILURE = _(
    "Innloggingen kunne ikke fullføres, kanskje fordi den tok for lang tid eller lenken ble brukt "
    "to ganger. Du er ikke logget inn. Start innloggingen på nytt."
)


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:callback"))


def _safe_next(request: HttpRequest, value: str | None) -> str:
    return safe_next(request, value, reverse("accounts:my_page"))


@require_GET
def sign_in(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in.html", {"next": request.GET.get("next", "")})


@require_POST
def start_sign_in(request: HttpRequest) -> HttpResponse:
    try:
        url = oidc.start(
            request,
            redirect_uri=_callback_uri(request),
            next_url=_safe_next(request, request.POST.get("next")),
        )
    except oidc.SignInError as error:
        return _refuse(request, error.reason, status=503)
    return HttpResponseRedirect(url)


def _refuse(request: HttpRequest, reason: str, *, status: int = 400) -> HttpResponse:
    log_refused_sign_in(reason)
    message = FAILURE_MESSAGES.get(reason, DEFAULT_FAILURE)
    return render(request, "accounts/sign_in_failed.html", {"message": message}, status=status)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code (or an error) and our state."""
    try:
        signed_in = oidc.finish(request)
        person = person_for_claims(signed_in.claims)
    except oidc.SignInError as error:
        return _refuse(request, error.reason)
    login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[ID_TOKEN_SESSION_KEY] = seal_id_token(signed_in.id_token)
    return HttpResponseRedirect(signed_in.next_url or reverse("accounts:my_page"))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    id_token = open_id_token(request.session.get(ID_TOKEN_SESSION_KEY))
    was_citizen = own_person(request.user) is not None
    logout(request)
    signed_out = request.build_absolute_uri(reverse("accounts:signed_out"))
    if was_citizen:
        url = oidc.end_session_url(id_token=id_token, post_logout_redirect_uri=signed_out)
        if url:
            return HttpResponseRedirect(url)
    return HttpResponseRedirect(signed_out)


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@person_view("accounts.view_person")
def my_page(request: HttpRequest, person: Person) -> HttpResponse:
    me = own_person(request.user)
    context = {
        "person": person,
        "is_self": me is not None and me.pk == person.pk,
        "may_act_for_others": me is not None and active_relationships(me).exists(),
    }
    return render(request, "accounts/my_page.html", context)


def choose_person(request: HttpRequest) -> HttpResponse:
    """A relative chooses whom to act for. The choice goes in the session, never the URL."""
    me = own_person(request.user)
    if me is None:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign_in')}?next={request.path}")
        raise Http404
    links = list(active_relationships(me))
    if request.method == "POST":
        choice = request.POST.get("person", "")
        chosen = next((link.participant for link in links if str(link.participant.pk) == choice), None)
        if chosen is None:
            raise Http404
        start_acting_for(request, relative=me, participant=chosen)
        return redirect("accounts:my_page")
    return render(request, "accounts/choose_person.html", {"links": links, "me": me})


@require_POST
def switch_back(request: HttpRequest) -> HttpResponse:
    stop_acting(request)
    return redirect("accounts:my_page")


@person_view("accounts.manage_own_relatives")
def relatives(request: HttpRequest, person: Person) -> HttpResponse:
    """Who acts for me, on what basis and since when; ending access given on my consent."""
    today = timezone.localdate()
    links = list(relatives_of(person))
    context = {
        "person": person,
        "in_force": [link for link in links if link.is_active(today)],
        "ended": [link for link in links if not link.is_active(today)],
    }
    return render(request, "accounts/relatives.html", context)


def _consent_link_or_404(person: Person, value: str | None) -> Relationship:
    """A relationship in force that the person gave on their own consent; anything else 404."""
    try:
        link_id = uuid.UUID(value or "")
    except ValueError:
        raise Http404 from None
    link = (
        Relationship.objects.active()
        .filter(pk=link_id, participant=person, basis=Basis.CONSENT)
        .select_related("relative")
        .first()
    )
    if link is None:
        raise Http404
    return link


@require_http_methods(["GET", "POST"])
@person_view("accounts.manage_own_relatives")
def end_access(request: HttpRequest, person: Person) -> HttpResponse:
    """Ask first (GET ?tilgang=<id>), then end the relative's access at once (POST tilgang=<id>).

    The rule lets only the person themself in: a relative acting for them gets 404 here, so no
    one can use this page to end another relative's access on the person's behalf.
    """
    value = request.POST.get("tilgang") if request.method == "POST" else request.GET.get("tilgang")
    if not value and request.method == "GET":
        return redirect("accounts:relatives")
    link = _consent_link_or_404(person, value)
    if request.method == "POST":
        try:
            end_relationship(relationship=link, by=person)
        except CannotEndRelationship:
            raise Http404 from None
        messages.success(
            request,
            gettext("%(name)s kan ikke lenger se eller gjøre noe for deg. Det gjelder fra nå.")
            % {"name": link.relative.name},
        )
        return redirect("accounts:relatives")
    return render(request, "accounts/end_access.html", {"person": person, "link": link})


@person_view("accounts.view_person", what="samtykker")
def consents(request: HttpRequest, person: Person) -> HttpResponse:
    all_consents = list(person.consents.select_related("given_by", "withdrawn_by"))
    today = timezone.localdate()
    context = {
        "person": person,
        "in_force": [c for c in all_consents if c.is_in_force(today)],
        "ended": [c for c in all_consents if not c.is_in_force(today)],
        "may_withdraw": rules.test_rule("accounts.manage_consents", request.user, person),
    }
    return render(request, "accounts/consents.html", context)


@require_POST
@person_view("accounts.manage_consents")
def withdraw(request: HttpRequest, person: Person, consent_id) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=consent_id, person=person)
    withdraw_consent(consent=consent, by=own_person(request.user))
    return redirect(f"{reverse('accounts:consents')}?trukket=1")


@person_view("accounts.view_person")
def my_data(request: HttpRequest, person: Person) -> HttpResponse:
    context = {
        "person": person,
        "may_request": rules.test_rule("accounts.request_data_change", request.user, person),
        "requests": person.data_requests.all()[:20],
    }
    return render(request, "accounts/my_data.html", context)


@person_view("accounts.view_person", what="alle opplysninger (nedlasting som JSON)")
def my_data_json(request: HttpRequest, person: Person) -> HttpResponse:
    data = export_person_data(person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="veivalg-mine-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@person_view("accounts.view_person", what="alle opplysninger (nedlasting som PDF)")
def my_data_pdf(request: HttpRequest, person: Person) -> HttpResponse:
    pdf = render_pdf(
        "accounts/my_data_pdf.html",
        {"data": export_person_data(person), "person": person, "made_at": timezone.now()},
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="veivalg-mine-data.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _data_request_view(request, person: Person, *, kind: str, form_class, template: str) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = make_data_request(
            person=person, made_by=own_person(request.user), kind=kind, text=form.cleaned_data["text"]
        )
        return redirect("accounts:request_received", request_id=made.pk)
    return render(request, template, {"form": form, "person": person})


@person_view("accounts.request_data_change")
def ask_correction(request: HttpRequest, person: Person) -> HttpResponse:
    return _data_request_view(
        request,
        person,
        kind=DataRequest.Kind.CORRECTION,
        form_class=CorrectionForm,
        template="accounts/ask_correction.html",
    )


@person_view("accounts.request_data_change")
def ask_deletion(request: HttpRequest, person: Person) -> HttpResponse:
    return _data_request_view(
        request,
        person,
        kind=DataRequest.Kind.DELETION,
        form_class=DeletionForm,
        template="accounts/ask_deletion.html",
    )


@person_view("accounts.view_person")
def request_received(request: HttpRequest, person: Person, request_id) -> HttpResponse:
    made = get_object_or_404(DataRequest, pk=request_id, person=person)
    return render(request, "accounts/request_received.html", {"made": made, "person": person})
