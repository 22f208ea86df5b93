from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from veivalg.accounts.services import make_editor
from veivalg.places.models import Municipality
from veivalg.reminders.models import Subscription


def municipality(number: str) -> Municipality:
    return Municipality.objects.get(number=number)


def editor(username: str, *numbers: str, email: str | None = None):
    """A staff user who edits the given municipalities, with an e-mail address unless email=""."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@kommune.example" if email is None else email, password="x" * 20
    )
    make_editor(
        user=user, office=f"Kontoret for {username}", municipalities=[municipality(n) for n in numbers]
    )
    return user


def superuser(username: str = "admin", email: str = "admin@veivalg.example"):
    return get_user_model().objects.create_superuser(username, email=email, password="x" * 20)


def subscription(number: str = "3201", *, confirmed: bool = True, **fields) -> Subscription:
    fields.setdefault("email", "kari@eksempel.no")
    if confirmed:
        fields.setdefault("confirmed_at", timezone.now() - datetime.timedelta(days=1))
    return Subscription.objects.create(municipality=municipality(number), **fields)
