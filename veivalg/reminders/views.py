"""Public pages for deadline reminders: subscribe, check your e-mail, confirm, unsubscribe.

No account: the unguessable tokens in the e-mails are the only keys. A GET never changes
anything (mail scanners follow links); the buttons on the pages POST.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veivalg.places.models import Municipality
from veivalg.places.services import remembered_municipality

from .forms import SubscribeForm
from .models import Subscription
from .services import CONFIRM_WITHIN, ConfirmationExpired, TooManyPending, confirm_subscription
from .services import subscribe as subscribe_service
from .services import unsubscribe as unsubscribe_service

SESSION_KEY = "reminders_email"


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                subscribe_service(
                    email=data["email"],
                    municipality=data["kommune"],
                    main_deadline=data["main_deadline"],
                    all_deadlines=data["all_deadlines"],
                )
            except TooManyPending:
                form.add_error(
                    "email",
                    _(
                        "Du har allerede bedt om påminnelser tre ganger i dag med denne e-postadressen "
                        "uten å bekrefte. Se etter e-posten fra oss, også i søppelposten, og trykk på "
                        "lenken i den. Du kan prøve igjen i morgen."
                    ),
                )
            else:
                request.session[SESSION_KEY] = data["email"]
                return redirect("reminders:check_email")
    else:
        number = request.GET.get("kommune", "")
        municipality = None
        if len(number) == 4 and number.isdigit():
            municipality = Municipality.objects.filter(number=number).first()
        municipality = municipality or remembered_municipality(request)
        form = SubscribeForm(initial={"kommune": municipality.name if municipality else ""})
    return render(request, "reminders/subscribe.html", {"form": form})


def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "reminders/check_email.html", {"email": request.session.pop(SESSION_KEY, "")})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.select_related("municipality").filter(confirm_token=token).first()
    if subscription is None or (subscription.unsubscribed_at and not subscription.confirmed_at):
        raise Http404
    expired = subscription.confirmed_at is None and subscription.created_at < timezone.now() - CONFIRM_WITHIN
    context = {"subscription": subscription, "expired": expired}
    if request.method == "POST":
        try:
            subscription = confirm_subscription(token=token)
        except Subscription.DoesNotExist as error:
            raise Http404 from error
        except ConfirmationExpired:
            return render(request, "reminders/confirm.html", {**context, "expired": True})
        return render(request, "reminders/confirmed.html", {"subscription": subscription})
    return render(request, "reminders/confirm.html", context)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.select_related("municipality").filter(unsubscribe_token=token).first()
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription, already = unsubscribe_service(token=token)
        return render(request, "reminders/unsubscribed.html", {"already": already})
    return render(request, "reminders/unsubscribe.html", {"subscription": subscription})
