"""Staff sign-in hardening for the editors' admin (/redaktor/): a TOTP second factor and an idle
time-out. The password step and its lockout are Wagtail's login form with django-axes
(settings.AXES_*); this module adds what comes after the password.

- `StaffSecurityMiddleware` signs a staff session out after `STAFF_IDLE_SECONDS` without a
  request, and is the one place that demands the second factor: a staff user whose session is
  not OTP-verified is sent to the code page from every /ansatt/ and /redaktor/ page (the sign-in
  steps excepted) and treated as an anonymous visitor on every other URL. Superusers too.
- `verify`: enter the six-digit code from the authenticator app.
- `enrol`: first time only; the secret (and its QR code) is shown while the device is
  unconfirmed and never again once a code has confirmed it.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from veivalg.core.redirects import safe_next

ADMIN_PREFIX = "/redaktor/"
STAFF_PREFIX = "/ansatt/"
_STATIC_PREFIXES = ("/static/", "/favicon")
LAST_SEEN_KEY = "staff_last_seen"
# Pages under /redaktor/ a signed-in but not yet verified staff user may still reach.
OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/")


def is_staff_user(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


class StaffSecurityMiddleware:
    """Idle time-out for staff sessions, and the one place that demands the second factor.

    A staff user whose session has the password but not yet the code (or who has not connected
    an authenticator app) is sent to the code page from every /ansatt/ and /redaktor/ page, and
    is treated as signed out everywhere else. So a route that forgets `staff_view` (a citizen
    page, a PDF, an attachment, an event's participant list) still never shows them anything an
    anonymous visitor could not see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and is_staff_user(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_SECONDS:
                logout(request)
                minutes = max(1, settings.STAFF_IDLE_SECONDS // 60)
                messages.info(
                    request,
                    _("Du ble logget ut etter %(minutes)s minutter uten aktivitet.") % {"minutes": minutes},
                )
                if request.path.startswith(ADMIN_PREFIX):
                    return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.path})}")
            elif last_seen is None or now - last_seen >= 10:
                request.session[LAST_SEEN_KEY] = now
            if needs_second_factor(request.user):
                refusal = _without_second_factor(request)
                if refusal is not None:
                    return refusal
        return self.get_response(request)


def needs_second_factor(user) -> bool:
    """A signed-in staff user whose session has not passed the code step."""
    return bool(
        settings.STAFF_2FA_REQUIRED
        and is_staff_user(user)
        and not getattr(user, "is_verified", lambda: False)()
    )


def _without_second_factor(request: HttpRequest) -> HttpResponse | None:
    path = request.path
    if path in _second_factor_paths() or path.startswith(_STATIC_PREFIXES):
        return None
    if path.startswith(ADMIN_PREFIX) and path.removeprefix(ADMIN_PREFIX).startswith(OPEN_ADMIN_PATHS):
        return None
    if path.startswith((ADMIN_PREFIX, STAFF_PREFIX)):
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': request.get_full_path()})}")
    # Everywhere else the request goes on as an anonymous visitor's: public pages work, and
    # anything that needs a signed-in user refuses as it would for anyone not signed in.
    request.user = _anonymous()
    return None


def _anonymous() -> AnonymousUser:
    anonymous = AnonymousUser()
    anonymous.is_verified = lambda: False
    return anonymous


def _second_factor_paths() -> set[str]:
    return {reverse(name) for name in ("staff:sign_in", "staff:sign_out", "staff:verify", "staff:enrol")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode fra appen"),
        help_text=gettext_lazy("Seks sifre, for eksempel 123456."),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Skriv de seks sifrene som appen viser nå, for eksempel 123456."))
        return code


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_next(request, target, reverse("staff:home"))


def _staff_or_sign_in(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': reverse('staff:verify')})}")
    if not is_staff_user(request.user):
        raise Http404
    return None


def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the staff member's authenticator app."""
    refusal = _staff_or_sign_in(request)
    if refusal:
        return refusal
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('staff:enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code", _("Koden stemmer ikke. Skriv koden appen viser nå; den skifter hvert 30. sekund.")
        )
    return render(
        request,
        "accounts/staff/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: connect an authenticator app (TOTP) by scanning the code or typing the key."""
    refusal = _staff_or_sign_in(request)
    if refusal:
        return refusal
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        # The secret is shown only before the first code confirms it.
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Autentiseringsapp"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Appen er koblet til. Neste gang skriver du koden etter passordet."))
            return redirect(_next_url(request))
        form.add_error(
            "code", _("Koden stemmer ikke. Sjekk at klokka på telefonen går riktig, og prøv en ny kode.")
        )
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, title=_("QR-kode for autentiseringsappen"), svgclass="totp-qr")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "accounts/staff/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": mark_safe(svg),  # noqa: S308 - generated by segno from our own data
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
        status=400 if form.errors else 200,
    )
