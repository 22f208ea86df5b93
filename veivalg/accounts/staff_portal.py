"""The staff back office's front door: sign-in with username and password (django-axes counts
failures and locks out), then the second factor (staff.verify), then /ansatt/ with the tools the
user's roles give. Editors may also use Wagtail's own sign-in at /redaktor/login/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .decorators import staff_view
from .models import StaffRoleKind
from .services import roles_of

# (label, URL name, roles that see it; empty = every staff user). Missing URLs are skipped.
TOOLS = (
    (_("Saker"), "intake:queue", {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR}),
    (
        _("Oversikt over opptaket"),
        "intake:overview",
        {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR},
    ),
    (_("Samordningsmøter"), "intake:coordination", {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR}),
    (_("Brevmaler"), "intake:letter_templates", {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR}),
    (
        _("Flytmøter"),
        "placements:meetings",
        {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR, StaffRoleKind.PROVIDER_STAFF},
    ),
    (_("Avklaringer hos oss"), "intake:provider_clarifications", {StaffRoleKind.PROVIDER_STAFF}),
    (_("Søknader elever deler med skolen"), "intake:school_drafts", {StaffRoleKind.SCHOOL_COUNSELLOR}),
    (
        _("Plasser og kapasitet"),
        "placements:capacity",
        {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR, StaffRoleKind.PROVIDER_STAFF},
    ),
    (_("Ventelister"), "placements:waiting_lists", {StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR}),
    (
        _("Statistikk"),
        "stats:staff",
        {StaffRoleKind.ANALYST, StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR},
    ),
    (_("Redaktørsidene"), "wagtailadmin_home", {StaffRoleKind.EDITOR, StaffRoleKind.ADMINISTRATOR}),
    (_("Utgående e-post"), "staff:outgoing_mail", {StaffRoleKind.ADMINISTRATOR}),
)


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Brukernavnet eller passordet stemmer ikke. Sjekk at du har skrevet riktig. "
            "Etter fem feil må du vente et kvarter."
        ),
        "inactive": _("Denne brukeren er stengt. Kontakt administratoren hos dere."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brukernavn")
        self.fields["password"].label = _("Passord")


class StaffSignInView(LoginView):
    template_name = "accounts/staff/sign_in.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("staff:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The second factor comes next; it sends the user on to where they were going.
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': response.url})}")

    def render_to_response(self, context, **kwargs):
        form = context.get("form")
        if form is not None and form.errors:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


def tools_for(user) -> list[tuple[str, str]]:
    held = set(roles_of(user).values_list("role", flat=True))
    if user.is_superuser:
        held |= {StaffRoleKind.ADMINISTRATOR}
    if getattr(user, "editor_assignment", None) is not None:
        held |= {StaffRoleKind.EDITOR}
    found = []
    for label, name, roles in TOOLS:
        if roles and not (roles & held):
            continue
        try:
            found.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return found


@staff_view()
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user).order_by("organisation__name", "role")
    return render(request, "accounts/staff/home.html", {"roles": roles, "tools": tools_for(request.user)})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("staff:sign_in")
