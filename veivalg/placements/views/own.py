"""The participant's own places (/min-side/plasser/): their placements, the lists they wait on
and since when, and their wishes for change with status and outcome; registering a wish and
withdrawing one. A relative acting for them sees the same, and their reads are logged
(person_view's `what`). Registering and withdrawing a wish is for those who may decide for the
participant (`placements.change_own`): a relative acting on the participant's consent gets 404
there, and the overview says who can decide instead of showing the buttons. Nobody else's
information is ever shown here.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.accounts.decorators import person_view
from veivalg.accounts.models import Person
from veivalg.accounts.services import own_person

from .. import queries, services
from ..forms import WishForm
from ..models import ChangeWish, Placement
from ..states import OPEN_WISH


@person_view("placements.view_own", what="plasser, venteliste og ønsker om endring")
def own(request: HttpRequest, person: Person) -> HttpResponse:
    today = timezone.localdate()
    overview = queries.own_overview(person, today)
    for entry in overview["waiting"]:
        entry.days = entry.days_waiting(today)
    return render(
        request,
        "placements/own/own.html",
        {
            "person": person,
            "acting": own_person(request.user) != person,
            "open_wish": OPEN_WISH,
            "may_decide": rules.test_rule("placements.change_own", request.user, person),
            **overview,
        },
    )


@person_view("placements.change_own", what="ønske om endring")
def wish(request: HttpRequest, person: Person) -> HttpResponse:
    today = timezone.localdate()
    current = Placement.objects.filter(person=person).active_on(today).select_related("offer")
    form = WishForm(request.POST or None, placements=list(current))
    if request.method == "POST" and form.is_valid():
        services.register_wish(
            person=person,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            goals=form.cleaned_data["goals"],
            placement=form.chosen_placement(),
            by_person=own_person(request.user) or person,
        )
        messages.success(
            request,
            _("Ønsket er sendt. Det tas opp på neste flytmøte. Her ser du hva som skjer med det."),
        )
        return redirect("placements:own")
    return render(
        request,
        "placements/own/wish.html",
        {"person": person, "form": form, "acting": own_person(request.user) != person},
        status=400 if form.errors else 200,
    )


@person_view("placements.change_own", what="ønske om endring")
def withdraw_wish(request: HttpRequest, person: Person, wish_id) -> HttpResponse:
    wish = get_object_or_404(ChangeWish, pk=wish_id, person=person)
    if wish.status not in OPEN_WISH:
        messages.info(request, _("Ønsket er allerede behandlet eller trukket."))
        return redirect("placements:own")
    if request.method == "POST":
        try:
            services.withdraw_wish(wish=wish, by=own_person(request.user) or person)
        except services.NotAllowed:
            messages.info(request, _("Ønsket er allerede behandlet eller trukket."))
        else:
            messages.success(request, _("Ønsket er trukket."))
        return redirect("placements:own")
    return render(request, "placements/own/withdraw.html", {"wish": wish, "person": person})
