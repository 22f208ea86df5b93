"""`person_view`: resolve whose information a page is about, check the rule, log the read."""

from __future__ import annotations

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from .services import current_subject
from .signals import person_read


def person_view(rule: str, *, what: str | None = None):
    """The view gets the person as its second argument, after `rule` allowed it (else 404).

    The person is the one the signed-in relative acts for, or the signed-in person; never an id
    from the URL. With `what`, the read is announced (`person_read`); the audit app logs it.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:sign_in"))
            person = current_subject(request)
            if person is None or not rules.test_rule(rule, request.user, person):
                raise Http404
            if what and request.method == "GET":
                person_read.send(sender=person_view, user=request.user, person=person, what=what)
            return view(request, person, *args, **kwargs)

        return wrapper

    return decorator


def staff_view(rule: str | None = None):
    """A page of the staff back office (/ansatt/…): signed-in staff with a verified second factor
    (when STAFF_2FA_REQUIRED), and `rule` allowed for the user (else 404). Object-level checks
    are the view's own (`rules.test_rule(…, user, obj)`, 404 on refusal)."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.shortcuts import redirect

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                login = reverse("staff:sign_in")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if not (user.is_staff or user.is_superuser):
                raise Http404
            if settings.STAFF_2FA_REQUIRED and not user.is_verified():
                return redirect(f"{reverse('staff:verify')}?{urlencode({'next': request.get_full_path()})}")
            if rule is not None and not rules.test_rule(rule, user):
                raise Http404
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return wrapper

    return decorator
