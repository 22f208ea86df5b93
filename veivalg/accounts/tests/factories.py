import datetime

import factory
from django.contrib.auth import get_user_model

from veivalg.accounts.models import Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    """A signed-in-able person (with a user), born in 1995 unless told otherwise."""

    class Meta:
        model = Person

    display_name = factory.Sequence(lambda n: f"Person {n}")
    birth_date = datetime.date(1995, 5, 17)
    identity_hash = factory.Sequence(lambda n: f"{n:064x}")
    user = factory.SubFactory(UserFactory)
    is_demo = True
